import type { Explanation } from '../identity/decision.js';
import { IdentityIndex } from '../identity/identity-index.js';
import { compileModel, type MatchModel } from '../identity/match-model.js';
import { RecordPreparer } from '../identity/prepare-record.js';
import type { Preparer } from '../identity/remembering-preparer.js';
import type { IdentityRules } from '../identity/rules.js';
import type { StateStore } from '../store/state-store.js';
import { MailboxNamesakes } from './mailbox-namesakes.js';
import { ScopeStatistics } from './scope-statistics.js';

/** What the gate knows of one entity's target record: its id and identity fields. */
export interface KnownEntity {
  readonly entityId: string;
  readonly targetId: string;
  readonly identity: Readonly<Record<string, string>>;
  readonly seq: number;
}

export interface IndexCandidate {
  readonly entityId: string;
  readonly explanation: Explanation;
}

const VERSION = '|';

/**
 * The identity index of one scope (target object), kept in memory and refreshed incrementally from the
 * state store, so that several gateway processes writing one store resolve against the same records: those
 * Lanekeeper wrote and those the target index loaded from the CRM (`TargetIndexLoader`). A record
 * re-indexed after an update is added again under a new version; older versions are ignored, and so is a
 * record that left the target (archived, merged away).
 */
export class ScopeIndex {
  private readonly index: IdentityIndex;
  private readonly namesakes: MailboxNamesakes;
  private readonly latest = new Map<string, KnownEntity>();
  private readonly byTarget = new Map<string, string>();
  private lastSeq = 0;
  private queued: Promise<void> | undefined;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: StateStore,
    readonly scope: string,
    rules: IdentityRules,
    model: MatchModel = compileModel(rules),
    private readonly statistics: ScopeStatistics = new ScopeStatistics(rules),
    preparer: Preparer = new RecordPreparer(rules),
  ) {
    this.index = new IdentityIndex(
      rules,
      model,
      { frequencies: statistics, sharedKeys: statistics },
      preparer,
    );
    this.namesakes = new MailboxNamesakes(rules, preparer);
  }

  /**
   * Pulls entries written since the last pull. Callers that arrive while a pull waits to start share it;
   * a pull already running may have missed their writes, so they queue the next one.
   */
  refresh(): Promise<void> {
    if (this.queued !== undefined) return this.queued;
    const pull = this.running.then(() => {
      this.queued = undefined;
      return this.pull();
    });
    this.queued = pull;
    this.running = pull.catch(() => undefined);
    return pull;
  }

  private async pull(): Promise<void> {
    const entries = await this.store.indexSince(this.scope, this.lastSeq);
    for (const e of entries) {
      if (e.seq <= this.lastSeq) continue;
      this.lastSeq = e.seq;
      if (e.removed === true) {
        this.drop(e.targetId, e.entityId);
        continue;
      }
      const previous = this.latest.get(e.entityId);
      if (previous !== undefined) this.statistics.remove(previous.identity);
      this.statistics.add(e.identity);
      const entity: KnownEntity = {
        entityId: e.entityId,
        targetId: e.targetId,
        identity: e.identity,
        seq: e.seq,
      };
      this.latest.set(e.entityId, entity);
      this.byTarget.set(e.targetId, e.entityId);
      this.index.add(`${e.entityId}${VERSION}${e.seq}`, e.identity);
      this.namesakes.set(e.entityId, e.identity);
    }
  }

  /** A record that left the target (archived, merged away): its entity leaves with it. */
  private drop(targetId: string, entityId: string): void {
    if (this.byTarget.get(targetId) === entityId) this.byTarget.delete(targetId);
    const previous = this.latest.get(entityId);
    if (previous === undefined || previous.targetId !== targetId) return;
    this.statistics.remove(previous.identity);
    this.latest.delete(entityId);
    this.namesakes.set(entityId, {});
  }

  entity(entityId: string): KnownEntity | undefined {
    return this.latest.get(entityId);
  }

  entityOfTarget(targetId: string): KnownEntity | undefined {
    const entityId = this.byTarget.get(targetId);
    return entityId === undefined ? undefined : this.latest.get(entityId);
  }

  /** Candidates (match or review band) of the current version of each entity, best first. */
  candidates(identity: Readonly<Record<string, string>>): IndexCandidate[] {
    const out = new Map<string, IndexCandidate>();
    for (const c of this.index.resolve(identity).candidates) {
      const cut = c.id.lastIndexOf(VERSION);
      const entityId = c.id.slice(0, cut);
      if (this.latest.get(entityId)?.seq !== Number(c.id.slice(cut + 1))) continue;
      if (!out.has(entityId)) out.set(entityId, { entityId, explanation: c.explanation });
    }
    return [...out.values()];
  }

  /**
   * Entities whose latest identity holds one of the identity's role mailboxes under the same full name
   * (`MailboxNamesakes`), each with the identity's field holding the mailbox.
   */
  namesakesOnMailbox(identity: Readonly<Record<string, string>>): Map<string, string> {
    return this.namesakes.find(identity);
  }

  get size(): number {
    return this.latest.size;
  }
}
