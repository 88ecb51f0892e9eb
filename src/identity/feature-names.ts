import { BLOCKING_DERIVATIONS, type BlockingDerivation } from './blocking-keys.js';

/** A feature is a field's normalized value (`email`) or a derivation of it (`last_name:dm`). */
export interface FeatureRef {
  readonly field: string;
  readonly derivation: BlockingDerivation;
}

export function parseFeatureName(name: string): FeatureRef {
  const colon = name.lastIndexOf(':');
  if (colon < 0) return { field: name, derivation: 'value' };
  const derivation = name.slice(colon + 1);
  if (!(BLOCKING_DERIVATIONS as readonly string[]).includes(derivation)) {
    throw new Error(
      `unknown derivation '${derivation}' in '${name}' (known: ${BLOCKING_DERIVATIONS.join(', ')})`,
    );
  }
  return { field: name.slice(0, colon), derivation: derivation as BlockingDerivation };
}

export function featureName(ref: FeatureRef): string {
  return ref.derivation === 'value' ? ref.field : `${ref.field}:${ref.derivation}`;
}

/** Flag feature set to '1' when a field's email value is a role/shared mailbox. */
export const roleFlag = (field: string): string => `${field}:role`;
