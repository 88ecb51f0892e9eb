import { createProgress, type Progress } from '../report/progress.js';
import type { ImportProgress } from './run-import.js';

/** Between two progress lines on a stream that is not a terminal. */
const LINE_EVERY_MS = 2_000;

/**
 * Progress of an import on stderr: a bar on a terminal (over the file's bytes, as far as its rows are done),
 * a line every few seconds otherwise.
 */
export function importProgress(
  lane: string,
  stream: NodeJS.WriteStream = process.stderr,
): { update: (p: ImportProgress) => void; stop: () => void } {
  let bar: Progress | undefined;
  let last = 0;
  return {
    update: (p) => {
      if (stream.isTTY === true) {
        bar ??= createProgress({ label: `import ${lane}`, total: p.bytesTotal, stream });
        bar.update(p.rowsRead === 0 ? 0 : Math.round((p.bytesRead * p.done) / p.rowsRead));
        return;
      }
      const now = performance.now();
      if (now - last < LINE_EVERY_MS) return;
      last = now;
      stream.write(`lanekeeper: import ${lane}: ${p.rowsRead} rows read, ${p.done} done\n`);
    },
    stop: () => bar?.stop(),
  };
}
