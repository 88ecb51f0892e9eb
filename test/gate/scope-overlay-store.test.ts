import { afterAll, describe, expect, it } from 'vitest';
import { dryRunScopeOf } from '../../src/gate/dry-run.js';
import { scopeOverlayStore } from '../../src/gate/scope-overlay-store.js';
import { gateBackends } from './backends.js';

const backends = await gateBackends('scope overlay store');
const REAL = 'hubspot:contacts';
const DRY = dryRunScopeOf(REAL);

describe.each(backends)('the dry run scope over the real one on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('reads the real state beneath its own and writes only its own', async () => {
    const inner = await backend.open();
    const store = scopeOverlayStore(inner);
    const [event] = await inner.accept([{ lane: 'l', eventKey: 'k1', principal: 'p', payload: {} }]);
    const eventId = event!.id;
    expect(await inner.claim(REAL, ['email:ann@acme.com'], 'ann', eventId, '101')).toEqual({ ok: true });
    await inner.crosswalkPut({
      scope: REAL,
      sourceSystem: 'help_desk',
      sourceId: 's1',
      targetId: '101',
      entityId: 'ann',
    });
    await inner.indexPut(REAL, '101', 'ann', { email: 'ann@acme.com' });

    // Seen through the dry run's scope.
    expect((await store.claimsOf(DRY, ['email:ann@acme.com'])).map((c) => c.entityId)).toEqual(['ann']);
    expect(await store.crosswalkGet(DRY, 'help_desk', 's1')).toMatchObject({ scope: DRY, targetId: '101' });
    const found = await store.lookup({
      eventId,
      scope: DRY,
      keys: ['email:ann@acme.com'],
      source: { system: 'help_desk', id: 's1' },
    });
    expect(found).toMatchObject({ crosswalk: { targetId: '101' }, claims: [{ entityId: 'ann' }] });

    // The dry run's writes stay in its scope.
    expect(await store.claim(DRY, ['email:bo@acme.com'], 'bo', eventId)).toEqual({ ok: true });
    await store.indexPut(DRY, 'dry-run-1', 'bo', { email: 'bo@acme.com' });
    expect(await inner.claimsOf(REAL, ['email:bo@acme.com'])).toEqual([]);
    expect((await inner.indexSince(REAL, 0)).map((e) => e.entityId)).toEqual(['ann']);

    // The reader's seq only grows, whichever scope an entry comes from.
    const first = await store.indexSince(DRY, 0);
    expect(first.map((e) => [e.entityId, e.seq])).toEqual([
      ['ann', 1],
      ['bo', 2],
    ]);
    await inner.indexPut(REAL, '102', 'cy', { email: 'cy@acme.com' });
    const next = await store.indexSince(DRY, 2);
    expect(next.map((e) => [e.entityId, e.seq, e.scope])).toEqual([['cy', 3, DRY]]);
  });
});
