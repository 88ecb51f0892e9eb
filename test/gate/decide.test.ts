import { describe, expect, it } from 'vitest';
import { decide, type EntityCandidate } from '../../src/gate/decide.js';
import type { Explanation } from '../../src/identity/decision.js';

function pair(decision: Explanation['decision'], guards: string[] = [], rule = 'key:email'): Explanation {
  return { rule, decision, probability: decision === 'match' ? 0.999 : 0.7, weight: 10, fields: [], guards };
}

function candidate(entityId: string, over: Partial<EntityCandidate> = {}): EntityCandidate {
  return {
    entityId,
    targetId: `t-${entityId}`,
    known: true,
    via: ['claim'],
    keys: [`email:${entityId}@x.com`],
    ...over,
  };
}

describe('decide (pure)', () => {
  it('creates when nothing matches, and sends an update-only lane to review instead', () => {
    expect(decide([], 'upsert')).toMatchObject({ kind: 'new', operation: 'create', rule: 'new' });
    expect(decide([], 'update_only')).toMatchObject({
      kind: 'review',
      rule: 'review:no_record',
      reason: 'no record to update (update-only lane)',
    });
  });

  it('matches one entity holding an exact key, with the key as the rule', () => {
    const d = decide([candidate('a', { explanation: pair('match') })], 'upsert');
    expect(d).toMatchObject({
      kind: 'match',
      operation: 'update',
      rule: 'key:email',
      entity: { entityId: 'a' },
    });
    expect(decide([candidate('a')], 'upsert').rule).toBe('key:email');
  });

  it('writes nothing on a create-only lane when the record exists', () => {
    expect(decide([candidate('a')], 'create_only')).toMatchObject({ kind: 'match', operation: 'none' });
  });

  it('resumes an unfinished create (a claim without a target id) instead of starting another', () => {
    const d = decide([candidate('a', { targetId: undefined })], 'upsert');
    expect(d).toMatchObject({ kind: 'match', operation: 'create', entity: { entityId: 'a' } });
  });

  it('sends several distinct entities to review, never picking one', () => {
    const d = decide([candidate('a'), candidate('b', { keys: ['phone:+14155550100'] })], 'upsert');
    expect(d).toMatchObject({ kind: 'review', rule: 'review:several_entities' });
    expect(d.reason).toBe("2 different records hold the event's keys");
    expect(d.candidates.map((c) => c.entityId)).toEqual(['a', 'b']);
  });

  it('trusts the crosswalk, but not against another record holding a key', () => {
    const crosswalk = candidate('a', {
      via: ['crosswalk'],
      keys: [],
      explanation: pair('no_match', [], 'score'),
    });
    expect(decide([crosswalk], 'upsert')).toMatchObject({ kind: 'match', rule: 'crosswalk' });
    const d = decide([crosswalk, candidate('b')], 'upsert');
    expect(d.kind).toBe('review');
    expect(d.reason).toContain("crosswalk entry and the event's keys name 2 different records");
  });

  it('sends a shared address with a different given name to review (false-merge guard)', () => {
    const d = decide([candidate('a', { explanation: pair('review', ['name_conflict']) })], 'upsert');
    expect(d).toMatchObject({ kind: 'review', rule: 'review:guard', guards: ['name_conflict'] });
    expect(d.reason).toBe('a doubtful candidate (guards: name_conflict)');
  });

  it('does not follow an exact key to a record the scores call someone else', () => {
    const d = decide(
      [candidate('a', { explanation: pair('no_match', ['shared_key:email'], 'score') })],
      'upsert',
    );
    expect(d).toMatchObject({ kind: 'review', rule: 'review:guard' });
  });

  it('reviews a review-band fuzzy candidate and matches a confident one', () => {
    const fuzzy = (decision: Explanation['decision']): EntityCandidate =>
      candidate('a', { via: ['index'], keys: [], explanation: pair(decision, [], 'score') });
    expect(decide([fuzzy('review')], 'upsert')).toMatchObject({ kind: 'review', rule: 'review:doubtful' });
    expect(decide([fuzzy('match')], 'upsert')).toMatchObject({ kind: 'match', rule: 'score' });
    expect(decide([candidate('b'), fuzzy('review')], 'upsert').reason).toBe(
      'a match and a doubtful candidate',
    );
  });

  it('ignores index candidates the pair decision rejects', () => {
    const d = decide(
      [candidate('a', { via: ['index'], keys: [], explanation: pair('no_match', [], 'score') })],
      'upsert',
    );
    expect(d.kind).toBe('new');
  });
});
