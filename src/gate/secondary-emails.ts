import type { Properties } from '../connectors/target-connector.js';
import type { EventIdentity } from './event-identity.js';
import type { LanePlan } from './lane-plan.js';

/** An address the record's email property could not take, written where the target keeps further ones. */
export interface SecondaryEmails {
  /** The target property holding the list (HubSpot: `hs_additional_emails`). */
  readonly property: string;
  /** The list with the event's addresses added (`;`-separated). */
  readonly value: string;
  /** Lane properties whose address went into the list. */
  readonly from: readonly string[];
}

/**
 * The event's personal addresses of email key fields whose property holds another address, added to the
 * record's list of further addresses; undefined when the list holds them already. Role mailboxes are never
 * added: they are not the person's. Pure.
 */
export function secondaryEmails(
  plan: LanePlan,
  identity: EventIdentity,
  heldKeys: readonly string[],
  current: Properties,
  property: string,
): SecondaryEmails | undefined {
  const list = (current[property] ?? '')
    .split(';')
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const seen = new Set(list.map((e) => e.toLowerCase()));
  const from: string[] = [];
  for (const field of plan.flow.fields) {
    if (field.identity === undefined || field.property === undefined) continue;
    if (!heldKeys.includes(field.property) || plan.fieldTypes.get(field.identity) !== 'email') continue;
    if (identity.roleFields.includes(field.identity)) continue;
    const address = (identity.raw[field.identity] ?? '').trim().toLowerCase();
    if (address === '' || seen.has(address)) continue;
    seen.add(address);
    list.push(address);
    from.push(field.property);
  }
  return from.length === 0 ? undefined : { property, value: list.join(';'), from };
}
