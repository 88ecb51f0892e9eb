import type { Explanation } from '../identity/decision.js';
import type { EntityCandidate, Evidence } from './decide.js';

interface Entry {
  entityId: string;
  targetId: string | undefined;
  known: boolean;
  via: Evidence[];
  keys: string[];
  explanation: Explanation | undefined;
  /** The index's explanation is the audit's own decision and wins over one computed from a profile. */
  fromIndex: boolean;
}

/** Evidence about candidate entities gathered from the crosswalk, claims, the index and the target. */
export class CandidateSet {
  private readonly entries = new Map<string, Entry>();

  add(
    entityId: string,
    evidence: {
      readonly via: Evidence;
      readonly targetId?: string;
      readonly known?: boolean;
      readonly keys?: readonly string[];
      readonly explanation?: Explanation;
    },
  ): void {
    let entry = this.entries.get(entityId);
    if (entry === undefined) {
      entry = {
        entityId,
        targetId: undefined,
        known: evidence.known ?? true,
        via: [],
        keys: [],
        explanation: undefined,
        fromIndex: false,
      };
      this.entries.set(entityId, entry);
    }
    if (!entry.via.includes(evidence.via)) entry.via.push(evidence.via);
    if (evidence.targetId !== undefined) entry.targetId = evidence.targetId;
    if (evidence.known === true) entry.known = true;
    for (const k of evidence.keys ?? []) if (!entry.keys.includes(k)) entry.keys.push(k);
    if (evidence.explanation !== undefined && !entry.fromIndex) {
      entry.explanation = evidence.explanation;
      entry.fromIndex = evidence.via === 'index';
    }
  }

  /** Unbinds the entities bound to these target records (found gone from the target). */
  forgetTargets(targetIds: ReadonlySet<string>): void {
    for (const entry of this.entries.values())
      if (entry.targetId !== undefined && targetIds.has(entry.targetId)) entry.targetId = undefined;
  }

  has(entityId: string): boolean {
    return this.entries.has(entityId);
  }

  /** Sets the pair explanation of an entity; `replace` overrides one already there. */
  explain(entityId: string, explanation: Explanation, replace = false): void {
    const entry = this.entries.get(entityId);
    if (entry !== undefined && (replace || entry.explanation === undefined)) entry.explanation = explanation;
  }

  list(): EntityCandidate[] {
    return [...this.entries.values()].map((e) => ({
      entityId: e.entityId,
      ...(e.targetId === undefined ? {} : { targetId: e.targetId }),
      known: e.known,
      via: [...e.via],
      keys: [...e.keys],
      ...(e.explanation === undefined ? {} : { explanation: e.explanation }),
    }));
  }
}
