import type { Comparison } from '../rules.js';
import { comparison } from './level-builders.js';

/** City, state and country comparisons shared by the presets; all in the `address` group. */
export const REGION_COMPARISONS: readonly Comparison[] = [
  comparison(
    'city',
    [
      ['exact', 'exact', 1, 0.8, 0.02],
      ['close', 'jaro_winkler', 0.9, 0.1, 0.005],
    ],
    [0.1, 0.975],
    { group: 'address' },
  ),
  comparison('state', [['exact', 'exact', 1, 0.9, 0.25]], [0.1, 0.75], { group: 'address' }),
  comparison('country', [['exact', 'exact', 1, 0.95, 0.5]], [0.05, 0.5], { group: 'address' }),
];

export const [CITY_COMPARISON, STATE_COMPARISON, COUNTRY_COMPARISON] = REGION_COMPARISONS as [
  Comparison,
  Comparison,
  Comparison,
];
