import type { Properties } from '../connectors/target-connector.js';
import type { EventIdentity } from './event-identity.js';
import type { LanePlan } from './lane-plan.js';
import { PROVENANCE_PROPERTY, type KeyComparison } from './values-policy.js';

/**
 * What an update reads of the record before it writes: every property the lane writes, the anchor, the
 * provenance property, and the list of further addresses where the target keeps one.
 */
export function propertiesToRead(plan: LanePlan, secondaryProperty: string | undefined): string[] {
  return [
    ...new Set([
      ...plan.flow.fields.flatMap((f) => (f.property === undefined ? [] : [f.property])),
      plan.anchorProperty,
      PROVENANCE_PROPERTY,
      ...(secondaryProperty === undefined ? [] : [secondaryProperty]),
    ]),
  ];
}

/**
 * Key properties compared normalized by the identity core: whether a value the record holds is the
 * event's own (the same phone in another format, the same address in other case); undefined for a
 * property that is no key.
 */
export function ownKeyComparison(plan: LanePlan, identity: EventIdentity): KeyComparison {
  const keyField = new Map<string, string>();
  for (const f of plan.flow.fields)
    if (f.identity !== undefined && f.property !== undefined && plan.keyFields.includes(f.identity))
      keyField.set(f.property, f.identity);
  return (property, present) => {
    const field = keyField.get(property);
    if (field === undefined) return undefined;
    const mine = identity.features[field] ?? '';
    const theirs = plan.preparer.prepare({ [field]: present })[field] ?? '';
    if (mine === '' || theirs === '') return present === (identity.raw[field] ?? '');
    const values = new Set(theirs.split(';'));
    return mine.split(';').some((v) => values.has(v));
  };
}

/**
 * Properties of role mailboxes (`support@…`) the event writes from while the record holds another
 * address: a shared mailbox never replaces a person's own.
 */
export function mailboxesTheRecordHolds(
  plan: LanePlan,
  identity: EventIdentity,
  current: Properties,
): string[] {
  const out: string[] = [];
  for (const f of plan.flow.fields) {
    if (f.identity === undefined || f.property === undefined || !identity.roleFields.includes(f.identity))
      continue;
    const present = (current[f.property] ?? '').trim().toLowerCase();
    if (present !== '' && present !== (identity.raw[f.identity] ?? '').toLowerCase()) out.push(f.property);
  }
  return out;
}
