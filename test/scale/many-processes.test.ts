/**
 * Four `lanekeeper serve` processes (the built CLI) on one PostgreSQL schema and one HubSpot emulator
 * process; the same people posted to all four at once. CI posts 80 people; LANEKEEPER_SCALE=full posts
 * 1,000. Needs `npm run build` first.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkRun } from '../../scripts/lib/check-run.js';
import { laneFlows } from '../../scripts/lib/crash-round.js';
import { startEmulatorProcess, type EmulatorProcess } from '../../scripts/lib/emulator-process.js';
import { postAll, type Ack } from '../../scripts/lib/event-poster.js';
import { writeGatewayConfig } from '../../scripts/lib/gateway-config.js';
import { startGatewayProcess, type GatewayProcess } from '../../scripts/lib/gateway-process.js';
import { openScaleStore, waitSettled } from '../../scripts/lib/state-stores.js';
import type { StateStore } from '../../src/store/state-store.js';
import { testPostgres } from '../store/postgres-test-db.js';
import { mailboxOf, phoneDigits } from '../../scripts/lib/person-deliveries.js';
import { scalePeople } from './scale-people.js';

const FULL = process.env.LANEKEEPER_SCALE === 'full';
const PEOPLE = FULL ? 1_000 : 80;
const PROCESSES = 4;
const pg = await testPostgres('scale many processes');

describe.skipIf(pg === undefined)(`${PROCESSES} gateway processes on one PostgreSQL schema`, () => {
  afterAll(() => pg?.cleanup());

  it(
    `writes exactly one record for each of ${PEOPLE} people posted to every process at once`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-many-'));
      const { people, postings } = scalePeople({ count: PEOPLE, processes: PROCESSES, seed: 20_250_601 });
      const flows = await laneFlows();
      let emulator: EmulatorProcess | undefined;
      const gateways: GatewayProcess[] = [];
      let watcher: StateStore | undefined;
      const logs: string[] = [];
      try {
        emulator = await startEmulatorProcess({
          indexingDelayMs: 2_000,
          rateLimit: 10_000_000,
          searchPerSecond: 1_000_000,
        });
        const store = { kind: 'postgres', url: pg!.url, schema: await pg!.createSchema() } as const;
        const config = await writeGatewayConfig({
          dir,
          store,
          hubspotUrl: emulator.url,
          hubspotToken: emulator.token,
        });
        gateways.push(
          ...(await Promise.all(
            Array.from({ length: PROCESSES }, () =>
              startGatewayProcess({
                configFile: config.file,
                env: config.env,
                mode: { kind: 'cli' },
                onLogLine: (line) => logs.push(line),
              }),
            ),
          )),
        );
        watcher = await openScaleStore(store);

        const started = performance.now();
        const acks: Ack[] = new Array<Ack>(postings.length);
        await Promise.all(
          gateways.map(async (gateway, n) => {
            const mine = postings.flatMap((p, i) => (p.process === n ? [{ p, i }] : []));
            const posted = await postAll(
              mine.map(({ p }) => p),
              { target: () => gateway.url, laneTokens: config.laneTokens, batchSize: 5, concurrency: 2 },
            );
            posted.acks.forEach((ack, k) => (acks[mine[k]!.i] = ack));
          }),
        );
        await waitSettled(watcher, FULL ? 900_000 : 240_000);
        const seconds = (performance.now() - started) / 1000;
        await Promise.all(gateways.splice(0).map((g) => g.process.stop()));

        const records = await emulator.records('contacts');
        const figures = await checkRun({ store: watcher, postings, acks, records, flows });
        const replays = postings.filter((p) => p.replay).length;
        console.log(
          `many processes: ${people.length} people, ${postings.length} postings (${replays} replays) to ` +
            `${PROCESSES} processes in ${seconds.toFixed(1)} s; ${figures.stored} events stored, ` +
            `${JSON.stringify(figures.byStatus)}; ${figures.records} records, ${figures.createdEntities} ` +
            `created entities, ${figures.duplicates} duplicates, ${figures.falseMerges} false merges`,
        );

        expect(figures.problems).toEqual([]);
        expect(figures.acknowledged).toBe(figures.distinctKeys);
        expect(figures.stored).toBe(postings.length - replays);
        expect(acks.filter((a) => a.duplicate)).toHaveLength(replays);
        expect(figures.byStatus).toMatchObject({
          written: figures.stored,
          review: 0,
          dead_letter: 0,
          accepted: 0,
          processing: 0,
        });
        expect(figures.records).toBe(PEOPLE);
        expect(figures.createdEntities).toBe(PEOPLE);

        const personOfKey = new Map<string, number>();
        for (const person of people) {
          if (person.email !== '') personOfKey.set(`email:${mailboxOf(person.email)}`, person.id);
          if (person.phone !== '') personOfKey.set(`phone:${person.phone}`, person.id);
        }
        const recordsOfPerson = new Map<number, string[]>();
        const unattributed: string[] = [];
        for (const record of records) {
          const owners = new Set<number>();
          const { email, phone } = record.properties;
          const byEmail = email ? personOfKey.get(`email:${mailboxOf(email)}`) : undefined;
          const byPhone = phone ? personOfKey.get(`phone:${phoneDigits(phone)}`) : undefined;
          if (byEmail !== undefined) owners.add(byEmail);
          if (byPhone !== undefined) owners.add(byPhone);
          if (owners.size !== 1) unattributed.push(record.id);
          for (const owner of owners)
            recordsOfPerson.set(owner, [...(recordsOfPerson.get(owner) ?? []), record.id]);
        }
        expect(unattributed).toEqual([]);
        expect([...recordsOfPerson.values()].filter((ids) => ids.length > 1)).toEqual([]);
        expect(recordsOfPerson.size).toBe(PEOPLE);

        const output = logs.join('\n').toLowerCase();
        expect(logs.length).toBeGreaterThan(0);
        const leaked = people.filter((p) => p.email !== '' && output.includes(p.email));
        expect(leaked).toEqual([]);
      } finally {
        await Promise.all(gateways.map((g) => g.process.kill9()));
        await watcher?.close();
        await emulator?.stop();
        await rm(dir, { recursive: true, force: true });
      }
    },
    FULL ? 1_200_000 : 300_000,
  );
});
