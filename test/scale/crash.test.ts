/**
 * kill -9 of a gateway process while it takes events in and while it writes them, on SQLite and on
 * PostgreSQL: the short form of `npm run soak:crash`. The gateway runs with a fast connector throttle and a
 * 5 s lease (scripts/lib/tuned-serve.ts) so that a round takes seconds. Needs `npm run build` first.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runCrashRound } from '../../scripts/lib/crash-round.js';
import { testPostgres } from '../store/postgres-test-db.js';

const pg = await testPostgres('scale crash');
const stores = pg === undefined ? (['sqlite'] as const) : (['sqlite', 'postgres'] as const);
const KILLS = 3;

describe('a gateway killed with SIGKILL and restarted', () => {
  afterAll(() => pg?.cleanup());

  it.each(stores)(
    'on %s loses no acknowledged event, leaves none open and writes nothing twice',
    async (store) => {
      const result = await runCrashRound({
        store,
        ...(pg === undefined ? {} : { pgUrl: pg.url }),
        events: 300,
        seed: store === 'sqlite' ? 11 : 12,
        kills: KILLS,
        mode: { kind: 'tuned', targetRate: 5_000, leaseMs: 5_000 },
        faultRate: 0.01,
        indexingDelayMs: 1_000,
        settleTimeoutMs: 120_000,
      });
      console.log(
        `crash ${store}: ${result.postings} posted, ${result.stored} stored, ${JSON.stringify(result.byStatus)}, ` +
          `${result.kills.length} kills (${result.kills.map((k) => k.phase).join(', ')}), ${result.resent} resent, ` +
          `${result.records} records, ${result.duplicates} duplicates, ${result.seconds} s`,
      );
      expect(result.kills).toHaveLength(KILLS);
      expect(result.problems).toEqual([]);
      expect(result.stored).toBe(result.distinctKeys);
      expect(result.byStatus.accepted + result.byStatus.processing).toBe(0);
      expect(result.records).toBe(result.entities);
      expect(result.records).toBeGreaterThan(0);
      expect(result.unexplainedDuplicates).toBe(0);
      expect(result.falseMerges).toBe(0);
    },
    240_000,
  );
});
