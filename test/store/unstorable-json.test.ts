import { afterAll, describe, expect, it } from 'vitest';
import { gateBackends } from '../gate/backends.js';

const backends = await gateBackends('unstorable-json');
afterAll(async () => {
  for (const backend of backends) await backend.cleanup();
});

/**
 * Intake refuses a NUL or a lone surrogate, but JSON also reaches the store from elsewhere (a target's
 * records and errors). Every backend must then store the same thing — U+FFFD in their place — where
 * PostgreSQL used to fail (`unsupported Unicode escape sequence`) and SQLite to keep them.
 */
describe.each(backends.map((b) => [b.name, b] as const))('JSON columns on %s', (_name, backend) => {
  it('store a NUL or a lone surrogate as U+FFFD, keys included, and keep surrogate pairs', async () => {
    const store = await backend.open();
    await store.addTransaction({
      eventId: 'e1',
      lane: 'web-forms',
      principal: 'crm-sync',
      action: 'note',
      detail: { message: 'bad\u0000byte', ['na\u0000me']: 'lone \udc00 and \ud83d', ok: 'emoji 😀 \\u0000' },
    });
    const [row] = await store.transactions('e1');
    expect(row?.detail).toEqual({
      message: 'bad\ufffdbyte',
      ['na\ufffdme']: 'lone \ufffd and \ufffd',
      ok: 'emoji 😀 \\u0000',
    });

    await store.indexPut('contacts', '101', 'entity-1', { name: 'Ka\u0000te', company: 'Init\udc00ech' });
    const entries = await store.indexSince('contacts', 0);
    expect(entries.map((e) => e.identity)).toEqual([{ name: 'Ka\ufffdte', company: 'Init\ufffdech' }]);
  });
});
