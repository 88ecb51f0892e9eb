import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkRun, type TruthPosting } from '../../scripts/lib/check-run.js';
import { laneFlows } from '../../scripts/lib/crash-round.js';
import type { Ack } from '../../scripts/lib/event-poster.js';
import { DEMO_LANES, DEMO_PRINCIPALS } from '../../src/demo/event-stream.js';
import type { RecordView } from '../../src/emulators/hubspot/index.js';
import { openStateStore } from '../../src/store/open-state-store.js';
import type { EventOutcome, StateStore } from '../../src/store/state-store.js';

const flows = await laneFlows();
const LANE = DEMO_LANES.webForm;

function posting(person: number, key: string, email: string): TruthPosting {
  return {
    lane: LANE,
    person,
    submission: {
      eventKey: key,
      payload: {
        email,
        first_name: `First${person}`,
        last_name: 'Tester',
        form_id: 'contact-us',
        submitted_at: '2025-06-01T10:00:00Z',
      },
    },
  };
}

function record(id: string, anchor: string | null, email: string): RecordView {
  return {
    id,
    properties: { lanekeeper_id: anchor, email },
    createdAt: '2025-06-01T10:00:00Z',
    updatedAt: '2025-06-01T10:00:00Z',
    archived: false,
  };
}

function created(entityId: string, targetId: string): EventOutcome {
  return {
    status: 'written',
    decision: 'new',
    explanation: { entityId },
    operation: 'create',
    targetId,
    keys: [],
    apiCalls: 2,
    gateMs: 1,
    targetMs: 1,
  };
}

/** The checks must pass on a consistent run and name each way a run can break the invariants. */
describe('checkRun', () => {
  let dir: string;
  let store: StateStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'lanekeeper-check-'));
    store = await openStateStore({ kind: 'sqlite', path: join(dir, 'state.db') });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  async function accept(postings: readonly TruthPosting[]): Promise<Ack[]> {
    const results = await store.accept(
      postings.map((p) => ({
        lane: p.lane,
        eventKey: p.submission.eventKey!,
        principal: DEMO_PRINCIPALS[LANE]!,
        payload: p.submission.payload,
      })),
    );
    return results.map((r) => ({ id: r.id, duplicate: r.duplicate }));
  }

  it('finds nothing wrong with one record per person, every event terminal once', async () => {
    const postings = [
      posting(1, 'a', 'ann@acme.com'),
      posting(1, 'a', 'ann@acme.com'),
      posting(2, 'b', 'bo@acme.com'),
    ];
    const acks = await accept(postings);
    await store.finish(acks[0]!.id, created('E1', '101'));
    await store.finish(acks[2]!.id, created('E2', '102'));
    const records = [record('101', 'E1', 'ann@acme.com'), record('102', 'E2', 'bo@acme.com')];
    const figures = await checkRun({ store, postings, acks, records, flows });
    expect(figures.problems).toEqual([]);
    expect(figures).toMatchObject({ postings: 3, distinctKeys: 2, acknowledged: 2, stored: 2, records: 2 });
    expect(figures).toMatchObject({ createdEntities: 2, duplicates: 0, falseMerges: 0 });
  });

  it('reports events left open, records without anchor, unaccounted records and duplicates of a person', async () => {
    const postings = [
      posting(1, 'a', 'ann@acme.com'),
      posting(1, 'a2', 'ann@acme.com'),
      posting(2, 'b', 'bo@acme.com'),
    ];
    const acks = await accept(postings);
    await store.finish(acks[0]!.id, created('E1', '101'));
    await store.finish(acks[1]!.id, created('E3', '103'));
    const records = [
      record('101', 'E1', 'ann@acme.com'),
      record('103', 'E3', 'ann@acme.com'),
      record('104', null, 'bo@acme.com'),
      record('105', 'E9', 'nobody@acme.com'),
    ];
    const figures = await checkRun({ store, postings, acks, records, flows });
    const text = figures.problems.join('\n');
    expect(text).toContain('1 acknowledged events are not terminal');
    expect(text).toContain('1 target records carry no anchor');
    expect(text).toContain('1 records belong to no entity any outcome names: E9');
    expect(text).toContain('1 people got two or more records without a review: person 1 in records 101+103');
    expect(figures.duplicates).toBeGreaterThanOrEqual(1);
    // Problems of events and records come first; who-is-who problems (the duplicate) after them.
    const bookkeeping = figures.problems.slice(0, figures.bookkeepingProblems).join('\n');
    expect(bookkeeping).toContain('not terminal');
    expect(bookkeeping).toContain('carry no anchor');
    expect(bookkeeping).not.toContain('without a review');
    expect(figures.problems.slice(figures.bookkeepingProblems).join('\n')).toContain('without a review');
  });

  it('accepts a record whose create the outcome reports as an update, and lists it', async () => {
    const postings = [posting(1, 'a', 'ann@acme.com')];
    const acks = await accept(postings);
    const id = acks[0]!.id;
    expect(await store.claim('hubspot:contacts', ['email:ann@acme.com'], 'E7', id)).toEqual({ ok: true });
    await store.finish(id, {
      ...created('E7', '107'),
      decision: 'match',
      operation: 'update',
      explanation: { entityId: 'E7', rule: 'key:email' },
      keys: ['email:ann@acme.com'],
    });
    const figures = await checkRun({
      store,
      postings,
      acks,
      records: [record('107', 'E7', 'ann@acme.com')],
      flows,
    });
    expect(figures.problems).toEqual([]);
    expect(figures).toMatchObject({ records: 1, entities: 1, createdEntities: 0, bookkeepingProblems: 0 });
    expect(figures.createsNotRecorded).toEqual([
      { entity: 'E7', claimedBy: id, reported: 'match/update (key:email)' },
    ]);
  });

  it('reports acknowledged events the store lost and event keys stored twice', async () => {
    const postings = [posting(1, 'a', 'ann@acme.com'), posting(1, 'a', 'ann@acme.com')];
    const acks = await accept(postings.slice(0, 1));
    acks.push({ id: 'id-from-a-lost-store', duplicate: false });
    const figures = await checkRun({ store, postings, acks, records: [], flows });
    const text = figures.problems.join('\n');
    expect(text).toContain('1 event keys were stored as two events');
    expect(text).toContain('the store holds 1 events, 2 were acknowledged');
    expect(text).toContain('1 acknowledged events are not in the store: id-from-a-lost-store');
  });
});
