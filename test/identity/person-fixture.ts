import type { IdentityRules } from '../../src/identity/rules.js';
import { PRESETS } from '../../src/identity/presets/index.js';
import { restrictRules } from '../../src/detect/restrict-rules.js';

/** The person preset cut to the fields of a typical CRM contact export, without estimation. */
export const contactRules: IdentityRules = {
  ...restrictRules(
    PRESETS.person,
    new Set(['external_id', 'email', 'phone', 'first_name', 'last_name', 'company', 'city']),
    [],
  ),
  em: { ...PRESETS.person.em, enabled: false },
};

export type Contact = Partial<
  Record<'external_id' | 'email' | 'phone' | 'first_name' | 'last_name' | 'company' | 'city', string>
>;
