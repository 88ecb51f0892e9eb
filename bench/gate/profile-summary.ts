/**
 * Where a CPU profile's time goes: the functions with the most self time, and the project's functions with
 * the most inclusive time (everything they called), from a `node --cpu-prof` file.
 *
 *   npx tsx bench/gate/profile-summary.ts bench/out/gate-profile/CPU.*.cpuprofile [--top 25]
 */
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { functionName: string; url: string; lineNumber: number };
  readonly hitCount?: number;
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly startTime: number;
  readonly endTime: number;
  readonly samples?: readonly number[];
}

export interface FunctionTime {
  readonly name: string;
  readonly ms: number;
  readonly share: number;
}

/** Self and inclusive milliseconds per function (name, file and line), largest first. */
export function summarizeProfile(profile: CpuProfile): {
  self: FunctionTime[];
  inclusive: FunctionTime[];
  totalMs: number;
} {
  const totalHits = profile.nodes.reduce((s, n) => s + (n.hitCount ?? 0), 0);
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  const msPerHit = totalHits === 0 ? 0 : totalMs / totalHits;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (hits === 0) continue;
    const name = label(node);
    self.set(name, (self.get(name) ?? 0) + hits);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const frame = label(byId.get(id)!);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + hits);
    }
  }
  const list = (m: Map<string, number>): FunctionTime[] =>
    [...m]
      .map(([name, hits]) => ({ name, ms: hits * msPerHit, share: totalHits === 0 ? 0 : hits / totalHits }))
      .sort((a, b) => b.ms - a.ms);
  return { self: list(self), inclusive: list(inclusive), totalMs };
}

function label(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const file = url.replace(/^file:\/\//, '').replace(/^.*\/(src|node_modules)\//, '$1/');
  return `${functionName || '(anonymous)'} ${file === '' ? '' : `${file}:${lineNumber + 1}`}`.trim();
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
  const { values, positionals } = parseArgs({
    options: { top: { type: 'string', default: '25' } },
    allowPositionals: true,
  });
  const top = Number(values.top);
  for (const file of positionals) {
    const { self, inclusive, totalMs } = summarizeProfile(
      JSON.parse(await readFile(file, 'utf8')) as CpuProfile,
    );
    const row = (f: FunctionTime): string =>
      `| ${f.name} | ${f.ms.toFixed(0)} | ${(f.share * 100).toFixed(1)}% |`;
    process.stdout.write(`${file}: ${(totalMs / 1000).toFixed(1)} s profiled\n\n`);
    process.stdout.write(
      `Self time\n\n| function | ms | share |\n|---|---|---|\n${self.slice(0, top).map(row).join('\n')}\n\n`,
    );
    const ours = inclusive.filter((f) => f.name.includes(' src/'));
    process.stdout.write(
      `Inclusive time, project functions\n\n| function | ms | share |\n|---|---|---|\n${ours.slice(0, top).map(row).join('\n')}\n`,
    );
  }
}
