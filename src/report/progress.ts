import cliProgress from 'cli-progress';

/** A progress handle: `update` with the number of items done, `stop` when finished. */
export interface Progress {
  update(done: number): void;
  stop(): void;
}

export interface ProgressOptions {
  readonly label: string;
  readonly total: number;
  /** Where to draw; defaults to stderr. Nothing is drawn unless it is a TTY. */
  readonly stream?: NodeJS.WriteStream;
}

const NO_PROGRESS: Progress = { update() {}, stop() {} };

/**
 * A throttled progress bar with ETA, drawn only on an interactive terminal so that
 * redirected or piped output never carries progress noise.
 */
export function createProgress(opts: ProgressOptions): Progress {
  const stream = opts.stream ?? process.stderr;
  if (stream.isTTY !== true || opts.total <= 0) return NO_PROGRESS;

  const bar = new cliProgress.SingleBar({
    stream,
    format: `${opts.label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted}`,
    barCompleteChar: '█',
    barIncompleteChar: '░',
    barsize: 30,
    fps: 8,
    etaBuffer: 50,
    hideCursor: true,
    clearOnComplete: true,
    noTTYOutput: false,
  });
  bar.start(opts.total, 0);
  let stopped = false;
  return {
    update(done: number): void {
      if (!stopped) bar.update(Math.min(Math.max(0, done), opts.total));
    },
    stop(): void {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
