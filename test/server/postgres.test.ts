import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../store/postgres-test-db.js';
import {
  BILLING_TOKEN,
  WEB_TOKEN,
  bearer,
  openAppFixture,
  webForm,
  type AppFixture,
} from './server-fixture.js';

const postgres = await testPostgres('server');

// Skipped only when PostgreSQL does not answer outside CI (testPostgres warned); in CI that is a failure.
describe.skipIf(postgres === undefined)('the HTTP service on PostgreSQL', () => {
  if (postgres === undefined) return;
  let fx: AppFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });
  afterAll(() => postgres.cleanup());

  const open = async (workers: boolean) =>
    (fx = await openAppFixture({
      workers,
      postgres: { url: postgres.url, schema: await postgres.createSchema() },
    }));

  const post = (app: AppFixture['app'], body: unknown, token = WEB_TOKEN, query = '') =>
    app.request(`/v1/lanes/web-forms/events${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify(body),
    });

  it('acknowledges only durable events, stores all of a request or none, and records refusals', async () => {
    const { app, store } = await open(false);
    const good = [
      { event_key: 'a', payload: webForm('ada.lovelace@example.com') },
      { event_key: 'b', payload: webForm('alan.turing@example.com') },
    ];
    const refused = await post(app, [
      ...good,
      { payload: webForm('ada.lovelace@example.com', { email: 'x@' }) },
    ]);
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ code: 'invalid_field', path: '[2].payload.email' });
    expect((await store.countByStatus()).accepted).toBe(0);

    const res = await post(app, good);
    expect(res.status).toBe(202);
    const { events } = (await res.json()) as { events: { id: string }[] };
    for (const { id } of events) expect((await store.getEvent(id))?.status).toBe('accepted');

    expect((await post(app, good, BILLING_TOKEN)).status).toBe(403);
    const rows = await store.transactions('');
    expect(rows).toEqual([
      expect.objectContaining({
        action: 'auth_refused',
        principal: 'billing-integration',
        lane: 'web-forms',
      }),
    ]);
  });

  it('waits for decisions and answers a replay with the earlier event', async () => {
    const { app, emulator } = await open(true);
    const ada = { event_key: 'form-1', payload: webForm('ada.lovelace@example.com') };
    const first = (await (await post(app, ada, WEB_TOKEN, '?wait=true')).json()) as {
      events: { id: string; status: string; decision: string }[];
    };
    expect(first.events[0]).toMatchObject({ status: 'written', decision: 'new' });
    const again = await post(app, ada, WEB_TOKEN, '?wait=true');
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ events: [{ id: first.events[0]?.id, duplicate: true }] });
    expect(emulator.records('contacts')).toHaveLength(1);
  });
});
