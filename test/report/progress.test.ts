import { describe, expect, it, vi } from 'vitest';
import { createProgress } from '../../src/report/progress.js';

function fakeStream(isTTY: boolean) {
  const write = vi.fn((_chunk: unknown, cb?: unknown) => {
    if (typeof cb === 'function') (cb as () => void)();
    return true;
  });
  const stream = { isTTY, columns: 100, write, on: vi.fn(), once: vi.fn(), removeListener: vi.fn() };
  return { stream: stream as unknown as NodeJS.WriteStream, write };
}

describe('createProgress', () => {
  it('writes nothing when the stream is not a TTY', () => {
    const { stream, write } = fakeStream(false);
    const p = createProgress({ label: 'Scoring', total: 100, stream });
    for (let i = 0; i <= 100; i++) p.update(i);
    p.stop();
    expect(write).not.toHaveBeenCalled();
  });

  it('draws a throttled bar on a TTY', () => {
    const { stream, write } = fakeStream(true);
    const p = createProgress({ label: 'Scoring', total: 10_000, stream });
    for (let i = 0; i <= 10_000; i++) p.update(i);
    p.stop();
    p.stop();
    expect(write).toHaveBeenCalled();
    expect(write.mock.calls.length).toBeLessThan(200);
    expect(write.mock.calls.map((c) => String(c[0])).join('')).toContain('Scoring');
  });
});
