import type { IdentityRules } from '../rules.js';
import { comparison } from './level-builders.js';
import { CITY_COMPARISON, COUNTRY_COMPARISON, STATE_COMPARISON } from './region-comparisons.js';
import { DEFAULT_EM, DEFAULT_GUARDS } from './default-guards.js';

/**
 * Contacts, leads, users. Starting m/u values are generic (not fitted to any data set); with `em`
 * enabled the audit re-estimates them from the data it is given (u from random pairs, m by
 * expectation-maximisation per blocking rule).
 */
export const personPreset: IdentityRules = {
  entity: 'person',
  fields: [
    { name: 'external_id', type: 'external_id' },
    { name: 'email', type: 'email' },
    { name: 'phone', type: 'phone' },
    { name: 'first_name', type: 'first_name' },
    { name: 'last_name', type: 'last_name' },
    { name: 'full_name', type: 'full_name' },
    { name: 'company', type: 'company' },
    { name: 'title', type: 'title' },
    { name: 'street', type: 'street' },
    { name: 'city', type: 'city' },
    { name: 'postcode', type: 'postcode' },
    { name: 'state', type: 'state' },
    { name: 'country', type: 'country' },
    { name: 'birth_date', type: 'birth_date' },
  ],
  keys: [{ field: 'external_id', unique: true }, { field: 'email' }, { field: 'phone' }],
  comparisons: [
    comparison('email', [['exact', 'exact', 1, 0.6, 1e-5]], [0.4, 0.9999]),
    comparison(
      'phone',
      [
        ['exact', 'exact', 1, 0.5, 1e-5],
        ['one_digit', 'damerau', 0.9, 0.05, 1e-4],
      ],
      [0.45, 0.9999],
    ),
    comparison(
      'first_name',
      [
        ['exact', 'exact', 1, 0.75, 0.01],
        ['close', 'jaro_winkler', 0.92, 0.08, 0.005],
        ['nickname', 'name_variant', 0.95, 0.08, 0.002],
        ['similar', 'jaro_winkler', 0.8, 0.04, 0.03],
      ],
      [0.05, 0.953],
      { tf: true },
    ),
    comparison(
      'last_name',
      [
        ['exact', 'exact', 1, 0.8, 0.003],
        ['close', 'jaro_winkler', 0.92, 0.1, 0.002],
        ['similar', 'jaro_winkler', 0.8, 0.04, 0.02],
      ],
      [0.06, 0.975],
      { tf: true },
    ),
    comparison(
      'company',
      [
        ['exact', 'exact', 1, 0.6, 0.01],
        ['tokens', 'token_set', 0.9, 0.15, 0.005],
        ['close', 'jaro_winkler', 0.88, 0.05, 0.01],
      ],
      [0.2, 0.975],
      { group: 'organization' },
    ),
    comparison('title', [['similar', 'token_set', 0.8, 0.5, 0.05]], [0.5, 0.95], { group: 'organization' }),
    comparison(
      'street',
      [
        ['exact', 'exact', 1, 0.7, 1e-4],
        ['tokens', 'token_sort', 0.85, 0.15, 5e-4],
        ['similar', 'jaro_winkler', 0.8, 0.05, 0.005],
      ],
      [0.1, 0.9945],
      { group: 'address' },
    ),
    CITY_COMPARISON,
    comparison(
      'postcode',
      [
        ['exact', 'exact', 1, 0.8, 0.005],
        ['one_edit', 'damerau', 0.75, 0.12, 0.05],
      ],
      [0.08, 0.945],
      { group: 'address' },
    ),
    STATE_COMPARISON,
    COUNTRY_COMPARISON,
    comparison(
      'birth_date',
      [
        ['exact', 'exact', 1, 0.8, 3e-5],
        ['typo', 'date', 0.85, 0.1, 1e-4],
        ['near', 'date', 0.6, 0.05, 0.002],
      ],
      [0.05, 0.99787],
    ),
  ],
  blocking: [
    { name: 'external_id', keys: ['external_id'] },
    { name: 'email', keys: ['email'] },
    { name: 'phone', keys: ['phone'] },
    { name: 'names', keys: ['first_name:canon', 'last_name:dm'] },
    { name: 'names_any_order', keys: ['first_name:dm', 'last_name:dm'], anyOrder: true },
    { name: 'last_name+company', keys: ['last_name:dm', 'company'] },
    { name: 'last_name+postcode', keys: ['last_name:dm', 'postcode'] },
    { name: 'email_local', keys: ['email:local', 'first_name:initial'] },
    { name: 'birth_date', keys: ['birth_date'] },
    { name: 'postcode+initials', keys: ['postcode', 'first_name:initial', 'last_name:initial'] },
  ],
  prior: 1e-4,
  thresholds: { match: 0.99, review: 0.5 },
  guards: DEFAULT_GUARDS,
  em: DEFAULT_EM,
  emailProviderRules: [],
  defaultRegion: 'US',
};
