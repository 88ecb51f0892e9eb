import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LaneFlow } from '../../src/contract/index.js';
import { generateEventStream } from '../../src/demo/event-stream.js';
import { demoLanes } from '../../src/demo/run-demo.js';
import { eventKeyOf } from '../../src/gate/event-key.js';
import { createRandom, type Random } from '../../src/generate/random.js';
import type { StateStore } from '../../src/store/state-store.js';
import { checkRun, type RunFigures, type TruthPosting } from './check-run.js';
import { startEmulatorProcess } from './emulator-process.js';
import { postAll } from './event-poster.js';
import { writeGatewayConfig, type ScaleStore } from './gateway-config.js';
import { startGatewayProcess, type GatewayMode, type GatewayProcess } from './gateway-process.js';
import { dropSchema, freshSchema, openScaleStore, waitSettled } from './state-stores.js';

export interface CrashRoundOptions {
  readonly store: 'sqlite' | 'postgres';
  /** PostgreSQL server (with `store: 'postgres'`); each round gets its own schema, dropped afterwards. */
  readonly pgUrl?: string;
  readonly events: number;
  readonly seed: number;
  /** kill -9s of the gateway in this round. */
  readonly kills: number;
  readonly mode: GatewayMode;
  /** Emulator: share of requests answered 503 and share applied then cut off (each). */
  readonly faultRate?: number;
  readonly indexingDelayMs?: number;
  /** Upper bound of the final drain. */
  readonly settleTimeoutMs?: number;
  readonly log?: (message: string) => void;
}

/**
 * Where a kill landed: during `intake` (events still being posted, and written at the same time) or in the
 * `backlog` (every event acknowledged, the rest being written); with the counts at that moment.
 */
export interface KillPoint {
  readonly phase: 'intake' | 'backlog';
  readonly acknowledged: number;
  readonly terminal: number;
}

export interface CrashRoundResult extends RunFigures {
  readonly store: 'sqlite' | 'postgres';
  readonly seed: number;
  readonly kills: readonly KillPoint[];
  /** Requests sent again because the gateway died or was down. */
  readonly resent: number;
  /** Requests the gateway answered with a 5xx (each sent again), by status. */
  readonly serverErrors: Readonly<Record<string, number>>;
  /** Error lines the gateway processes logged (error types, codes and stack frames; never payloads). */
  readonly gatewayErrors: readonly string[];
  readonly seconds: number;
}

/** Error log lines kept per round. */
const MAX_ERROR_LINES = 50;

interface PlannedKill {
  /** Kill once this many events are acknowledged, or terminal. */
  readonly by: 'acknowledged' | 'terminal';
  readonly at: number;
}

/**
 * One crash round: the HubSpot emulator and a gateway as separate processes on one store; a generated
 * stream (replays, overlapping identities, people who write from several sources) is posted while the
 * gateway is killed with SIGKILL at random points and restarted; then everything drains and is checked.
 */
export async function runCrashRound(options: CrashRoundOptions): Promise<CrashRoundResult> {
  const log = options.log ?? (() => undefined);
  const started = performance.now();
  const random = createRandom(options.seed * 7919 + 13);
  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-crash-'));
  const pgUrl = options.pgUrl;
  if (options.store === 'postgres' && pgUrl === undefined) throw new Error('a PostgreSQL round needs pgUrl');
  const store: ScaleStore =
    options.store === 'sqlite'
      ? { kind: 'sqlite', path: join(dir, 'state.db') }
      : { kind: 'postgres', url: pgUrl!, schema: freshSchema('crash') };

  const flows = await laneFlows();
  const stream = generateEventStream({ events: options.events, seed: options.seed });
  const postings: TruthPosting[] = stream.deliveries.map((d) => ({
    lane: d.lane,
    submission: d.submission,
    person: d.person,
  }));
  const keys = new Set(
    postings.map(
      (p) => `${p.lane}|${eventKeyOf(flows.get(p.lane)!, p.submission.payload, p.submission.eventKey)}`,
    ),
  );
  const plan = planKills(random, options.kills, postings.length, keys.size);

  const emulator = await startEmulatorProcess({
    indexingDelayMs: options.indexingDelayMs ?? 1_000,
    faultRate: options.faultRate ?? 0.01,
    faultSeed: options.seed,
    rateLimit: 10_000_000,
    searchPerSecond: 1_000_000,
  });
  let gateway: GatewayProcess | undefined;
  let watcher: StateStore | undefined;
  try {
    const config = await writeGatewayConfig({
      dir,
      store,
      hubspotUrl: emulator.url,
      hubspotToken: emulator.token,
    });
    const gatewayErrors: string[] = [];
    const start = (): Promise<GatewayProcess> =>
      startGatewayProcess({
        configFile: config.file,
        env: config.env,
        mode: options.mode,
        onLogLine: (line) => {
          if (gatewayErrors.length < MAX_ERROR_LINES && /"level":(50|60)/.test(line))
            gatewayErrors.push(line);
        },
      });
    gateway = await start();
    watcher = await openScaleStore(store);
    let acknowledged = 0;
    let posting = true;
    const kills: KillPoint[] = [];
    let killerFailed: unknown;
    const killer = (async () => {
      for (const kill of plan) {
        for (;;) {
          const byAcks = kill.by === 'acknowledged';
          if (byAcks && acknowledged < kill.at) {
            await sleep(10);
            continue;
          }
          const counts = await watcher!.countByStatus();
          const terminal = counts.written + counts.review + counts.dead_letter;
          const reached = byAcks || terminal >= kill.at;
          if (!reached && !posting && counts.accepted + counts.processing === 0) break;
          if (reached) {
            kills.push({ phase: posting ? 'intake' : 'backlog', acknowledged, terminal });
            const victim = gateway!;
            gateway = undefined;
            await victim.process.kill9();
            log(`kill -9 #${kills.length} (${kills.at(-1)!.phase}, ${acknowledged} acknowledged)`);
            await sleep(random.int(300));
            gateway = await start();
            log(`restarted, ${((performance.now() - started) / 1000).toFixed(1)} s`);
            await sleep(100 + random.int(400));
            break;
          }
          await sleep(50);
        }
      }
    })().catch((error: unknown) => {
      killerFailed = error;
    });
    const posted = await postAll(postings, {
      target: () => {
        if (killerFailed !== undefined) throw killerFailed;
        return gateway?.url;
      },
      laneTokens: config.laneTokens,
      batchSize: 10,
      concurrency: 4,
      onProgress: (n) => (acknowledged = n),
    });
    posting = false;
    const since = (): string => `${((performance.now() - started) / 1000).toFixed(1)} s`;
    log(
      `posted ${postings.length} events in ${posted.requests} requests (${posted.resent} sent again), ${since()}`,
    );
    await killer;
    if (killerFailed !== undefined) throw killerFailed;
    await waitSettled(watcher, options.settleTimeoutMs ?? 300_000);
    log(`settled, ${since()}`);
    await gateway?.process.stop();
    gateway = undefined;
    const figures = await checkRun({
      store: watcher,
      postings,
      acks: posted.acks,
      records: await emulator.records('contacts'),
      flows,
    });
    const serverErrors = Object.entries(posted.serverErrors).map(([status, n]) => `${n} × HTTP ${status}`);
    const problems = [
      ...figures.problems,
      ...(serverErrors.length === 0 ? [] : [`the gateway answered ${serverErrors.join(', ')} to posts`]),
      ...(gatewayErrors.length === 0 ? [] : [`the gateway logged ${gatewayErrors.length} errors`]),
    ];
    return {
      ...figures,
      problems,
      serverErrors: posted.serverErrors,
      gatewayErrors,
      store: options.store,
      seed: options.seed,
      kills,
      resent: posted.resent,
      seconds: Math.round((performance.now() - started) / 100) / 10,
    };
  } finally {
    await gateway?.process.kill9();
    await watcher?.close();
    await emulator.stop();
    if (store.kind === 'postgres') await dropSchema(store.url, store.schema).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Kill points: alternately by events acknowledged and by events terminal (the gateway writes while it
 * takes events in, so both land mid-write), each at a random share of the round, in the order they come.
 */
function planKills(random: Random, kills: number, postings: number, events: number): PlannedKill[] {
  const out: PlannedKill[] = [];
  for (let i = 0; i < kills; i++) {
    const share = 0.03 + random.next() * 0.9;
    out.push(
      i % 2 === 0
        ? { by: 'acknowledged', at: Math.floor(share * postings) }
        : { by: 'terminal', at: Math.floor(share * events) },
    );
  }
  const posting = out.filter((k) => k.by === 'acknowledged').sort((a, b) => a.at - b.at);
  const processing = out.filter((k) => k.by === 'terminal').sort((a, b) => a.at - b.at);
  return [...posting, ...processing];
}

/** The write side of each example lane, by lane name. */
export async function laneFlows(): Promise<Map<string, LaneFlow>> {
  const contracts = await demoLanes();
  return new Map(contracts.map((c) => [c.lane!, c.flow!]));
}
