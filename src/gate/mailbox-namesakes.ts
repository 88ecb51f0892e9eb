import type { Explanation } from '../identity/decision.js';
import { roleFlag } from '../identity/feature-names.js';
import type { Preparer } from '../identity/remembering-preparer.js';
import type { IdentityRules } from '../identity/rules.js';
import { normalizeEmail } from '../normalize/email.js';
import { givenNameVariants } from '../normalize/nicknames.js';

const SEPARATOR = '\u0001';

/**
 * Entities by (role mailbox, given name, family name): namesakes who write from one shared address.
 *
 * A role mailbox (`sales@acme.com`) is never evidence that two records are one person, so two events that
 * share nothing else — say a help-desk requester with no organization and a web-form sender with the same
 * common name — can score just under the review band and the second would be created as new. The same
 * full name on the same shared mailbox is not proof either way, so such a pair goes to review instead of
 * being guessed (`reviewAsNamesake`). Given names are compared by nickname group (`mike` ~ `michael`);
 * an initial alone never makes a key.
 */
export class MailboxNamesakes {
  private readonly byKey = new Map<string, Set<string>>();
  private readonly keysOfEntity = new Map<string, readonly string[]>();
  private readonly emailFields: readonly string[];
  private readonly givenField: string | undefined;
  private readonly familyField: string | undefined;

  constructor(
    private readonly rules: IdentityRules,
    private readonly preparer: Preparer,
  ) {
    this.emailFields = rules.fields.filter((f) => f.type === 'email').map((f) => f.name);
    this.givenField = rules.fields.find((f) => f.type === 'first_name')?.name;
    this.familyField = rules.fields.find((f) => f.type === 'last_name')?.name;
  }

  /** Records (or replaces) what an entity's latest identity holds. */
  set(entityId: string, identity: Readonly<Record<string, string>>): void {
    for (const key of this.keysOfEntity.get(entityId) ?? []) {
      const set = this.byKey.get(key);
      set?.delete(entityId);
      if (set?.size === 0) this.byKey.delete(key);
    }
    const keys = this.keysOf(identity).map((k) => k.key);
    if (keys.length === 0) {
      this.keysOfEntity.delete(entityId);
      return;
    }
    this.keysOfEntity.set(entityId, keys);
    for (const key of keys) {
      const set = this.byKey.get(key);
      if (set === undefined) this.byKey.set(key, new Set([entityId]));
      else set.add(entityId);
    }
  }

  /**
   * Entities holding one of the identity's role mailboxes under the same full name, each with the
   * identity's field that holds the mailbox.
   */
  find(identity: Readonly<Record<string, string>>): Map<string, string> {
    const out = new Map<string, string>();
    for (const { key, field } of this.keysOf(identity))
      for (const id of this.byKey.get(key) ?? []) if (!out.has(id)) out.set(id, field);
    return out;
  }

  private keysOf(identity: Readonly<Record<string, string>>): { key: string; field: string }[] {
    if (this.givenField === undefined || this.familyField === undefined) return [];
    const features = this.preparer.prepare(identity);
    let mailboxes: { address: string; field: string }[] | undefined;
    for (const field of this.emailFields) {
      if (features[roleFlag(field)] !== '1') continue;
      const r = normalizeEmail(identity[field] ?? '', { providerRules: this.rules.emailProviderRules });
      if (r.ok && r.role) (mailboxes ??= []).push({ address: r.address, field });
    }
    if (mailboxes === undefined) return [];
    const given = features[this.givenField] ?? '';
    const family = features[this.familyField] ?? '';
    if (given.length < 2 || family === '') return [];
    const name = `${givenNameVariants(given)[0] ?? given}${SEPARATOR}${family}`;
    return mailboxes.map(({ address, field }) => ({ key: `${address}${SEPARATOR}${name}`, field }));
  }
}

/**
 * The pair explanation of a namesake on the event's shared mailbox, as a doubtful candidate: `review` with
 * the `role_address` guard. A pair an exact key decided (two different unique ids) stays as it is, and so
 * does one the score already puts in the match or review band.
 */
export function reviewAsNamesake(explanation: Explanation, field: string): Explanation {
  if (explanation.decision !== 'no_match' || explanation.rule !== 'score') return explanation;
  const guard = `role_address:${field}`;
  return {
    ...explanation,
    decision: 'review',
    guards: explanation.guards.includes(guard) ? explanation.guards : [...explanation.guards, guard],
  };
}
