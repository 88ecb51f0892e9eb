import type { IdentityRules } from '../rules.js';
import { comparison } from './level-builders.js';
import { CITY_COMPARISON, COUNTRY_COMPARISON, STATE_COMPARISON } from './region-comparisons.js';
import { DEFAULT_EM, DEFAULT_GUARDS } from './default-guards.js';

/** Accounts, organisations. Same estimation story as the person preset. */
export const companyPreset: IdentityRules = {
  entity: 'company',
  fields: [
    { name: 'external_id', type: 'external_id' },
    { name: 'company', type: 'company' },
    { name: 'domain', type: 'domain' },
    { name: 'website', type: 'website' },
    { name: 'phone', type: 'phone' },
    { name: 'street', type: 'street' },
    { name: 'city', type: 'city' },
    { name: 'postcode', type: 'postcode' },
    { name: 'state', type: 'state' },
    { name: 'country', type: 'country' },
  ],
  keys: [{ field: 'external_id', unique: true }, { field: 'domain' }, { field: 'website' }],
  comparisons: [
    comparison(
      'company',
      [
        ['exact', 'exact', 1, 0.7, 1e-4],
        ['tokens', 'token_set', 0.9, 0.15, 5e-4],
        ['close', 'jaro_winkler', 0.9, 0.08, 0.002],
      ],
      [0.07, 0.9975],
    ),
    comparison('domain', [['exact', 'exact', 1, 0.7, 1e-4]], [0.3, 0.9999]),
    comparison('website', [['exact', 'exact', 1, 0.7, 1e-4]], [0.3, 0.9999]),
    comparison(
      'phone',
      [
        ['exact', 'exact', 1, 0.5, 1e-5],
        ['one_digit', 'damerau', 0.9, 0.05, 1e-4],
      ],
      [0.45, 0.9999],
    ),
    comparison(
      'street',
      [
        ['exact', 'exact', 1, 0.6, 1e-4],
        ['tokens', 'token_sort', 0.85, 0.15, 5e-4],
      ],
      [0.25, 0.9995],
      { group: 'address' },
    ),
    CITY_COMPARISON,
    comparison('postcode', [['exact', 'exact', 1, 0.8, 0.005]], [0.2, 0.995], { group: 'address' }),
    STATE_COMPARISON,
    COUNTRY_COMPARISON,
  ],
  blocking: [
    { name: 'external_id', keys: ['external_id'] },
    { name: 'domain', keys: ['domain'] },
    { name: 'website', keys: ['website'] },
    { name: 'phone', keys: ['phone'] },
    { name: 'name', keys: ['company:first3', 'city'] },
    { name: 'name_phonetic', keys: ['company:dm', 'country'] },
    { name: 'name_postcode', keys: ['company:initial', 'postcode'] },
  ],
  prior: 1e-4,
  thresholds: { match: 0.99, review: 0.5 },
  guards: { ...DEFAULT_GUARDS, nameConflict: false, birthDateConflict: false },
  em: DEFAULT_EM,
  emailProviderRules: [],
  defaultRegion: 'US',
};
