import { spawn, type ChildProcess } from 'node:child_process';

/** A Node child process that announced itself (a URL on one of its streams) and can be stopped or killed. */
export interface NodeProcess {
  readonly pid: number;
  /** The first capture group of `ready` on the announcing line. */
  readonly announced: string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  readonly exited: Promise<number | string>;
  /** The last lines the process wrote to stderr, for failure messages. */
  stderrTail(): string;
  /** SIGKILL: no shutdown, no flush, no exit handlers. */
  kill9(): Promise<void>;
  /** SIGTERM, then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface NodeProcessOptions {
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string>>;
  /** Matched against each line of `stream`; its first capture group is what the process announces. */
  readonly ready: RegExp;
  readonly stream: 'stdout' | 'stderr';
  readonly timeoutMs?: number;
  /** Called with every line the process writes to stdout (JSON logs of a gateway, say). */
  readonly onStdoutLine?: (line: string) => void;
}

const TAIL_LINES = 40;

/** Starts `node ARGS…` and resolves once a line of `stream` matches `ready`. */
export async function startNodeProcess(options: NodeProcessOptions): Promise<NodeProcess> {
  const child = spawn(process.execPath, [...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const tail: string[] = [];
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  const announced = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`node ${options.args.join(' ')} did not start: ${tail.join('\n')}`)),
      options.timeoutMs ?? 30_000,
    );
    const look = (stream: 'stdout' | 'stderr', line: string): void => {
      if (stream === 'stderr') {
        tail.push(line);
        if (tail.length > TAIL_LINES) tail.shift();
      } else {
        options.onStdoutLine?.(line);
      }
      const found = stream === options.stream ? options.ready.exec(line) : null;
      if (found !== null) {
        clearTimeout(timer);
        resolve(found[1] ?? found[0]);
      }
    };
    readLines(child, 'stdout', (line) => look('stdout', line));
    readLines(child, 'stderr', (line) => look('stderr', line));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`node ${options.args.join(' ')} exited (${code}) before it started: ${tail.join('\n')}`),
      );
    });
  });
  let url: string;
  try {
    url = await announced;
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const pid = child.pid!;
  return {
    pid,
    announced: url,
    exited,
    stderrTail: () => tail.join('\n'),
    kill9: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    stop: async (graceMs = 10_000) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

function readLines(child: ChildProcess, stream: 'stdout' | 'stderr', onLine: (line: string) => void): void {
  let buffered = '';
  child[stream]?.setEncoding('utf8');
  child[stream]?.on('data', (chunk: string) => {
    buffered += chunk;
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      onLine(buffered.slice(0, newline));
      buffered = buffered.slice(newline + 1);
      newline = buffered.indexOf('\n');
    }
  });
}
