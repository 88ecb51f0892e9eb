import { join } from 'node:path';
import { CLI, requireBuiltCli, ROOT } from './emulator-process.js';
import { startNodeProcess, type NodeProcess } from './node-process.js';

/**
 * How a gateway process is run:
 * - `cli`: `node bin/lanekeeper.js serve --config FILE`, exactly as users run it (its HubSpot connector keeps
 *   to 15 requests/s and 3 searches/s; a killed process's events wait out a 30 s lease);
 * - `tuned`: the same composition from source with the connector's throttle and the lease set
 *   (`scripts/lib/tuned-serve.ts`), so that soak rounds take seconds instead of tens of minutes.
 */
export type GatewayMode =
  | { readonly kind: 'cli' }
  | { readonly kind: 'tuned'; readonly targetRate: number; readonly leaseMs: number };

export interface GatewayProcess {
  readonly url: string;
  readonly process: NodeProcess;
}

export async function startGatewayProcess(options: {
  readonly configFile: string;
  readonly env: Readonly<Record<string, string>>;
  readonly mode: GatewayMode;
  /** Every JSON log line the process writes on stdout. */
  readonly onLogLine?: (line: string) => void;
}): Promise<GatewayProcess> {
  const { mode } = options;
  let args: string[];
  if (mode.kind === 'cli') {
    requireBuiltCli();
    args = [CLI, 'serve', '--config', options.configFile];
  } else {
    args = [
      '--import',
      'tsx',
      join(ROOT, 'scripts', 'lib', 'tuned-serve.ts'),
      '--config',
      options.configFile,
      '--target-rate',
      String(mode.targetRate),
      '--lease-ms',
      String(mode.leaseMs),
    ];
  }
  const child = await startNodeProcess({
    args,
    cwd: ROOT,
    env: options.env,
    ready: / on (http:\/\/[^\s,]+)/,
    stream: 'stderr',
    timeoutMs: 60_000,
    ...(options.onLogLine === undefined ? {} : { onStdoutLine: options.onLogLine }),
  });
  return { url: child.announced, process: child };
}
