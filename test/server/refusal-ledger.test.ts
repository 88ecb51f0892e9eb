import { afterEach, describe, expect, it, vi } from 'vitest';
import { RefusalLedger, type Refusal } from '../../src/server/refusal-ledger.js';
import type { TransactionRow } from '../../src/store/state-store.js';

const refusal = (status: number, principal = 'anonymous'): Refusal => ({
  eventId: '',
  lane: 'web-forms',
  principal,
  status,
  code: status === 401 ? 'unauthorized' : 'forbidden',
  method: 'POST',
  route: '/v1/lanes/{lane}/events',
  reason: 'no',
});

afterEach(() => vi.useRealTimers());

describe('the refusal ledger', () => {
  it('keeps the first refusals of a kind, counts the rest, and writes their summary when the window ends', async () => {
    vi.useFakeTimers({ now: Date.parse('2026-01-05T10:00:30Z') });
    const rows: Omit<TransactionRow, 'at'>[] = [];
    const ledger = new RefusalLedger(async (row) => void rows.push(row), { keepPerWindow: 2 });
    for (let i = 0; i < 7; i++) await ledger.record(refusal(401));
    await ledger.record(refusal(403, 'billing'));
    expect(rows).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(30_001);
    expect(rows).toHaveLength(4);
    expect(rows[3]).toMatchObject({
      principal: 'anonymous',
      detail: { status: 401, repeated: 5, from: '2026-01-05T10:00:00.000Z', to: '2026-01-05T10:01:00.000Z' },
    });
    // A new window keeps rows one by one again; flush writes what is counted so far.
    for (let i = 0; i < 3; i++) await ledger.record(refusal(401));
    await ledger.flush();
    expect(rows.slice(4).map((r) => (r.detail as { repeated?: number }).repeated ?? 1)).toEqual([1, 1, 1]);
  });
});
