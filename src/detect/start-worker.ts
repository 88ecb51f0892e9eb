import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';

/** Where the worker entry module `name` is, and how to start it; null when there is none to start. */
function workerEntry(name: string): { url: URL; viaTsx: boolean } | null {
  const compiled = new URL(`./${name}.js`, import.meta.url);
  if (existsSync(fileURLToPath(compiled))) return { url: compiled, viaTsx: false };
  // Running from the TypeScript sources (the tests, `tsx`): start the .ts entry through tsx's loader.
  const source = new URL(`./${name}.ts`, import.meta.url);
  if (import.meta.url.endsWith('.ts') && existsSync(fileURLToPath(source)))
    return { url: source, viaTsx: true };
  return null;
}

/**
 * Starts the worker thread whose entry module `name` (e.g. `audit-worker`) sits next to this file: the
 * compiled module in a build, the TypeScript one through tsx when running from sources. Returns null when
 * it cannot be started (sources without tsx installed); callers then do the work on their own thread.
 */
export function startWorker(name: string, workerData: unknown): Worker | null {
  const entry = workerEntry(name);
  if (entry === null) return null;
  if (!entry.viaTsx) return new Worker(entry.url, { workerData });
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch {
    return null;
  }
  // A worker does not inherit the loader a test runner uses, so it registers tsx before importing its entry.
  const bootstrap =
    `import(${JSON.stringify(tsxApi)})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry.url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
