/**
 * Reading and normalizing alone (`loadRecords`, built code), with the CPU time of every thread of the process
 * sampled from /proc (Linux): on a shared machine, CPU time per thread is steadier than wall time.
 *
 *   npm run build && npx tsx bench/load-threads.ts bench/out/audit/contacts-1000000.csv 2
 *   npx tsx bench/load-threads.ts FILE 1 [DIST]      (1: one thread; DIST: another build, e.g. of an older commit)
 */
import { readFileSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [file, threadsArg = '2', dist = 'dist'] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: load-threads.ts FILE [THREADS] [DIST]');
const root = pathToFileURL(resolve(dist)).href;
const { loadRecords } = (await import(
  `${root}/detect/load-records.js`
)) as typeof import('../src/detect/load-records.js');
const { PRESETS } = (await import(
  `${root}/identity/presets/index.js`
)) as typeof import('../src/identity/presets/index.js');

/** CPU seconds per thread id (the last sample: a thread's time only grows). */
const cpu = new Map<string, { name: string; seconds: number }>();
function sample(): void {
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const name =
        tid === String(process.pid) ? 'main' : stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      cpu.set(tid, { name, seconds: (Number(fields[11]) + Number(fields[12])) / 100 });
    } catch {
      // the thread ended between listing and reading
    }
  }
}

const timer = setInterval(sample, 200);
const started = performance.now();
const { store } = await loadRecords(
  { files: [file], explicit: {}, extraStrings: [] },
  PRESETS.person,
  () => ({ update: sample, stop: () => undefined }),
  { threads: Number(threadsArg) },
);
clearInterval(timer);
const wall = (performance.now() - started) / 1000;
const main = cpu.get(String(process.pid))?.seconds ?? 0;
const others = [...cpu.values()].filter((t) => t.name !== 'main').map((t) => t.seconds);
const busiest = Math.max(0, ...others);
const rest = others.reduce((sum, s) => sum + s, 0);
console.log(
  `${store.size} records, threads ${threadsArg}: wall ${wall.toFixed(1)} s, main thread ${main.toFixed(1)} s CPU, ` +
    `other threads ${rest.toFixed(1)} s CPU (busiest ${busiest.toFixed(1)} s)`,
);
