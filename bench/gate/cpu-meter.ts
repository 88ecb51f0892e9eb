import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * Where a pass's CPU went: this process, the emulator's process, and how busy the machine was. Totals, or
 * per event when the meter is read with the pass's event count.
 */
export interface CpuUse {
  /** CPU time of this process (all its threads: intake, gate, store, HTTP client), milliseconds. */
  readonly ownMs: number;
  /** CPU time of the emulator's process, milliseconds; absent where `/proc` cannot be read. */
  readonly emulatorMs?: number;
  /** Share of all cores' time the machine was busy (any process), 0–1. */
  readonly machineBusy: number;
}

/** Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`; 100 on Linux). */
const TICKS_PER_SECOND = 100;

/** A process's user + system CPU time in milliseconds from `/proc/<pid>/stat`, or undefined. */
function processCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; the fields after it start past its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

function machineTimes(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    total += all;
    busy += all - times.idle;
  }
  return { busy, total };
}

/** Starts measuring; the returned function gives the CPU used since, divided by `per` (1: totals). */
export function startCpuMeter(emulatorPid?: number): (per?: number) => CpuUse {
  const own = process.cpuUsage();
  const emulator = emulatorPid === undefined ? undefined : processCpuMs(emulatorPid);
  const machine = machineTimes();
  return (per = 1) => {
    const n = Math.max(1, per);
    const used = process.cpuUsage(own);
    const emulatorNow = emulatorPid === undefined ? undefined : processCpuMs(emulatorPid);
    const machineNow = machineTimes();
    const total = machineNow.total - machine.total;
    return {
      ownMs: (used.user + used.system) / 1000 / n,
      ...(emulator === undefined || emulatorNow === undefined
        ? {}
        : { emulatorMs: (emulatorNow - emulator) / n }),
      machineBusy: total > 0 ? (machineNow.busy - machine.busy) / total : 0,
    };
  };
}
