import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EmulatorStats, RecordView } from '../../src/emulators/hubspot/index.js';
import { startNodeProcess, type NodeProcess } from './node-process.js';

/** The project root (scripts/lib → ../..). */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The built CLI, as users run it. */
export const CLI = join(ROOT, 'bin', 'lanekeeper.js');

export interface EmulatorProcessOptions {
  readonly indexingDelayMs?: number;
  readonly faultRate?: number;
  readonly faultSeed?: number;
  /** Requests per token per 10 s (HubSpot's 190 by default). */
  readonly rateLimit?: number;
  readonly searchPerSecond?: number;
}

/** `lanekeeper emulator hubspot` in its own process, with its admin API. */
export interface EmulatorProcess {
  readonly url: string;
  readonly token: string;
  readonly process: NodeProcess;
  records(object: string): Promise<RecordView[]>;
  stats(): Promise<EmulatorStats>;
  stop(): Promise<void>;
}

const TOKEN_ENV = 'LK_SCALE_EMULATOR_TOKEN';

/** Fails early, with the fix, when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'main.js')))
    throw new Error('the built CLI (dist/) is missing: run `npm run build` first');
}

export async function startEmulatorProcess(
  options: EmulatorProcessOptions = {},
  token = `pat-scale-${process.pid}-${Date.now()}`,
): Promise<EmulatorProcess> {
  requireBuiltCli();
  const args = [CLI, 'emulator', 'hubspot', '--port', '0', '--token-env', TOKEN_ENV];
  const flags: [string, number | undefined][] = [
    ['--indexing-delay-ms', options.indexingDelayMs],
    ['--fault-rate', options.faultRate],
    ['--fault-seed', options.faultSeed],
    ['--rate-limit', options.rateLimit],
    ['--search-per-second', options.searchPerSecond],
  ];
  for (const [flag, value] of flags) if (value !== undefined) args.push(flag, String(value));
  const child = await startNodeProcess({
    args,
    cwd: ROOT,
    env: { [TOKEN_ENV]: token },
    ready: /^(http:\/\/\S+)$/,
    stream: 'stdout',
  });
  const url = child.announced;
  const admin = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${url}/__emulator/${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!response.ok) throw new Error(`emulator admin ${path}: HTTP ${response.status}`);
    return (await response.json()) as T;
  };
  return {
    url,
    token,
    process: child,
    records: async (object) => (await admin<{ results: RecordView[] }>(`records/${object}`)).results,
    stats: () => admin<EmulatorStats>('stats'),
    stop: () => child.stop(),
  };
}
