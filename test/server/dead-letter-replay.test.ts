import { afterAll, describe, expect, it } from 'vitest';
import { testPostgres } from '../store/postgres-test-db.js';
import {
  BILLING_TOKEN,
  OPERATOR_TOKEN,
  WEB_TOKEN,
  bearer,
  openAppFixture,
  webForm,
  type AppFixture,
  type FixtureOptions,
} from './server-fixture.js';

const postgres = await testPostgres('bulk-replay');
afterAll(() => postgres?.cleanup());

const stores: [string, () => Promise<FixtureOptions>][] = [
  ['sqlite', () => Promise.resolve({})],
  ...(postgres === undefined
    ? []
    : [
        [
          'postgres',
          async () => ({ postgres: { url: postgres.url, schema: await postgres.createSchema() } }),
        ] as [string, () => Promise<FixtureOptions>],
      ]),
];

describe.each(stores)('bulk replay of dead letters (%s)', (_name, options) => {
  it('replays by lane, error code and time range, with operator and reason, each on the record', async () => {
    const fx: AppFixture = await openAppFixture({ workers: true, ...(await options()) });
    try {
      const post = async (lane: string, token: string, emails: string[]) => {
        const res = await fx.app.request(`/v1/lanes/${lane}/events?wait=true&timeout_ms=20000`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(token) },
          body: JSON.stringify(emails.map((e) => ({ event_key: `${lane}-${e}`, payload: webForm(e) }))),
        });
        return ((await res.json()) as { events: { id: string; status: string }[] }).events;
      };
      const replay = (body: Record<string, unknown>) =>
        fx.app.request('/v1/dead-letters/replay', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer(OPERATOR_TOKEN) },
          body: JSON.stringify(body),
        });
      const who = { operator: 'kim', reason: 'HubSpot refused the writes; fixed' };

      // The CRM refuses every write (400): refused inputs are dead-lettered at once, the target is not down.
      fx.emulator.app.startOutage({ status: 400 });
      const web = await post('web-forms', WEB_TOKEN, [
        'ada.one@example.com',
        'ada.two@example.com',
        'ada.three@example.com',
      ]);
      const billing = await post('billing', BILLING_TOKEN, ['bob.one@example.com', 'bob.two@example.com']);
      expect([...web, ...billing].map((e) => e.status)).toEqual(Array(5).fill('dead_letter'));
      fx.emulator.app.endOutage();

      expect((await replay({ reason: 'x' })).status).toBe(400);
      expect((await replay({ ...who, lane: 'nope' })).status).toBe(404);
      expect((await replay({ ...who, from: 'yesterday' })).status).toBe(400);
      const denied = await fx.app.request('/v1/dead-letters/replay', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(WEB_TOKEN) },
        body: JSON.stringify(who),
      });
      expect(denied.status).toBe(403);

      const none = async (body: Record<string, unknown>) =>
        expect(await (await replay({ ...who, ...body })).json()).toEqual({
          replayed: 0,
          event_ids: [],
          more: false,
        });
      await none({ lane: 'billing', error_code: 'retryable' });
      await none({ lane: 'billing', to: '2000-01-01T00:00:00Z' });
      await none({ lane: 'billing', from: '2999-01-01T00:00:00Z' });

      type Answer = { replayed: number; event_ids: string[]; more: boolean };
      const firstTwo = (await (
        await replay({ ...who, lane: 'web-forms', error_code: 'rejected', limit: 2 })
      ).json()) as Answer;
      expect(firstTwo).toMatchObject({ replayed: 2, more: true });
      const rest = (await (await replay({ ...who, lane: 'web-forms' })).json()) as Answer;
      expect(rest).toMatchObject({ replayed: 1, more: false });
      expect([...firstTwo.event_ids, ...rest.event_ids].sort()).toEqual(web.map((e) => e.id).sort());
      const bills = (await (await replay({ ...who, from: '2000-01-01T00:00:00Z' })).json()) as Answer;
      expect(bills.event_ids.sort()).toEqual(billing.map((e) => e.id).sort());

      const done = await fx.gateway.gate.waitFor(
        [...web, ...billing].map((e) => e.id),
        20_000,
      );
      expect(done.map((e) => e.status)).toEqual(Array(5).fill('written'));
      expect(fx.emulator.records('contacts')).toHaveLength(5);
      await none({});

      const letters = await fx.store.listDeadLetters();
      expect(letters).toHaveLength(5);
      for (const letter of letters) {
        expect(letter.replays).toEqual([expect.objectContaining(who)]);
        const lineage = await fx.store.transactions(letter.eventId);
        expect(lineage.map((r) => r.action)).toContain('requeue');
        expect(lineage.find((r) => r.action === 'requeue')?.detail).toMatchObject(who);
      }
    } finally {
      await fx.close();
    }
  }, 60_000);
});
