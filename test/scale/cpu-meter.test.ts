/** bench:gate's CPU meter: this process, another process by pid, and the machine's busy share. */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCpuMeter } from '../../bench/gate/cpu-meter.js';

/** Spins until this process has used `ms` of CPU. */
function burn(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const used = process.cpuUsage(start);
    if ((used.user + used.system) / 1000 >= ms) return;
  }
}

const hasProc = existsSync('/proc/self/stat');

describe('startCpuMeter', () => {
  it('counts the CPU this process used, and the machine as busy while it did', () => {
    const stop = startCpuMeter();
    burn(200);
    const use = stop();
    expect(use.ownMs).toBeGreaterThanOrEqual(200);
    expect(use.emulatorMs).toBeUndefined();
    expect(use.machineBusy).toBeGreaterThan(0);
    expect(use.machineBusy).toBeLessThanOrEqual(1);
  });

  it.skipIf(!hasProc)(
    "counts another process's CPU by its pid, and none for a process that is gone",
    async () => {
      // The child spins until it has used 300 ms of CPU, says so, then idles until killed.
      const child = spawn(
        process.execPath,
        [
          '-e',
          `process.stdin.once('data', () => {
           const s = process.cpuUsage();
           for (;;) { const u = process.cpuUsage(s); if ((u.user + u.system) / 1000 >= 300) break; }
           process.stdout.write('done\\n');
         });
         setInterval(() => {}, 1000);`,
        ],
        { stdio: ['pipe', 'pipe', 'inherit'] },
      );
      try {
        await once(child, 'spawn');
        const stop = startCpuMeter(child.pid);
        child.stdin.write('go\n');
        await once(child.stdout, 'data');
        const use = stop();
        // /proc counts in 10 ms ticks.
        expect(use.emulatorMs).toBeGreaterThanOrEqual(290);
        expect(use.emulatorMs).toBeLessThan(2_000);
      } finally {
        child.kill('SIGKILL');
        await once(child, 'exit');
      }
      expect(startCpuMeter(child.pid)().emulatorMs).toBeUndefined();
    },
  );
});
