import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { bearer, openAppFixture, WEB_TOKEN, webForm, type AppFixture } from './server-fixture.js';

let fx: AppFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

interface Health {
  target_index?: { ready: boolean; scopes: { state: string; loaded: number; error?: string }[] };
}

async function health(f: AppFixture): Promise<Health> {
  return (await (await f.app.request('/healthz')).json()) as Health;
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await sleep(20);
  }
}

describe('serve with a target index', () => {
  it('accepts events at once, takes them only once the index is loaded, and says so on /healthz', async () => {
    fx = await openAppFixture({ gate: { targetIndex: { refreshMs: 0, overlapMs: 1_000, retryMs: 2_000 } } });
    const [existing] = fx.emulator.app.preload(
      'contacts',
      Array.from({ length: 250 }, (_, i) => ({
        properties: { email: `person${i}@acme.com`, firstname: 'Person', lastname: `Number${i}` },
      })),
    );
    // The first page of the load fails: the index stays loading until the retry.
    fx.emulator.injectFault({ kind: 'status', status: 400 }, { endpoint: 'list' });
    const posted = await fx.app.request('/v1/lanes/web-forms/events', {
      method: 'POST',
      headers: { ...bearer(WEB_TOKEN), 'content-type': 'application/json' },
      body: JSON.stringify({
        payload: webForm('person0@acme.com', { first_name: 'Person', last_name: 'Number0' }),
      }),
    });
    expect(posted.status).toBe(202);
    const [accepted] = ((await posted.json()) as { events: { id: string }[] }).events;

    fx.gateway.gate.start();
    const failing = await until(
      () => health(fx!),
      (h) => h.target_index?.scopes[0]?.error !== undefined,
    );
    expect(failing.target_index).toMatchObject({ ready: false, scopes: [{ state: 'loading' }] });
    expect(failing.target_index?.scopes[0]?.error).toMatch(/ConnectorError\(rejected, 400\)/);
    expect((await fx.store.getEvent(accepted!.id))?.status).toBe('accepted');

    const ready = await until(
      () => health(fx!),
      (h) => h.target_index?.ready === true,
    );
    expect(ready.target_index).toMatchObject({ ready: true, scopes: [{ state: 'ready', loaded: 250 }] });
    const [event] = await fx.gateway.gate.waitFor([accepted!.id], 10_000);
    expect(event?.outcome).toMatchObject({ status: 'written', decision: 'match', targetId: existing });
    expect(fx.emulator.records('contacts')).toHaveLength(250);
  });
});
