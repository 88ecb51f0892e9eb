/** Derivations a blocking key (or a feature) can take of a field: `field` or `field:derivation`. */
export const BLOCKING_DERIVATIONS = [
  'value',
  'dm',
  'canon',
  'initial',
  'first3',
  'year',
  'local',
  'domain',
  'digits7',
] as const;
export type BlockingDerivation = (typeof BLOCKING_DERIVATIONS)[number];
