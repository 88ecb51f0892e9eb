import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createApp, type App } from '../../src/server/create-app.js';
import { createServerLogger } from '../../src/server/server-logger.js';
import { testPostgres } from '../store/postgres-test-db.js';
import {
  BILLING_TOKEN,
  WEB_TOKEN,
  bearer,
  openAppFixture,
  webForm,
  type AppFixture,
} from './server-fixture.js';

const postgres = await testPostgres('refusal-flood');
const backends = ['sqlite', ...(postgres === undefined ? [] : ['postgres'])] as const;
afterAll(() => postgres?.cleanup());

const FLOOD = 600;

describe.each(backends)('a flood of refused requests, on %s', (backend) => {
  let fx: AppFixture | undefined;
  let app: App | undefined;
  afterEach(async () => {
    await app?.dispose();
    await fx?.close();
    fx = app = undefined;
  });

  /** The fixture's gateway behind an app whose clock the test moves. */
  async function open(clock: { ms: number }) {
    fx = await openAppFixture(
      backend === 'postgres' && postgres !== undefined
        ? { postgres: { url: postgres.url, schema: await postgres.createSchema() } }
        : {},
    );
    app = createApp({
      gate: fx.gateway.gate,
      store: fx.store,
      lanes: fx.config.lanes,
      operatorToken: fx.config.operatorToken,
      logger: createServerLogger({ destination: { write: () => {} } }),
      now: () => new Date(clock.ms),
    });
    return { app, store: fx.store };
  }

  const body = JSON.stringify({ payload: webForm('ada.lovelace@example.com') });
  const post = (target: App, headers: Record<string, string>) =>
    target.request('/v1/lanes/web-forms/events', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body,
    });

  it('counts every refusal, keeps a bounded number of rows, and accounts for all of them', async () => {
    const clock = { ms: Date.parse('2026-01-05T10:00:00Z') };
    const { app, store } = await open(clock);
    for (let i = 0; i < FLOOD; i++) {
      const res = await post(app, i % 2 === 0 ? bearer('guess-' + i) : bearer(BILLING_TOKEN));
      expect(res.status).toBe(i % 2 === 0 ? 401 : 403);
    }
    const during = (await store.transactions('')).filter((r) => r.action === 'auth_refused');
    // Two kinds of refusal (401 anonymous, 403 billing-integration): ten rows each in this minute.
    expect(during).toHaveLength(20);

    // The next minute: the summary of the last one is written with the first refusal of the new one.
    clock.ms += 60_000;
    expect((await post(app, {})).status).toBe(401);
    await app.dispose();
    const rows = (await store.transactions('')).filter((r) => r.action === 'auth_refused');
    expect(rows.length).toBeLessThanOrEqual(23);
    const counted = rows.reduce((sum, row) => sum + ((row.detail as { repeated?: number }).repeated ?? 1), 0);
    expect(counted).toBe(FLOOD + 1);
    const summary = rows.find(
      (r) =>
        (r.detail as { status: number; repeated?: number }).status === 403 &&
        'repeated' in (r.detail as object),
    );
    expect(summary).toMatchObject({
      principal: 'billing-integration',
      lane: 'web-forms',
      detail: {
        repeated: FLOOD / 2 - 10,
        route: '/v1/lanes/{lane}/events',
        from: '2026-01-05T10:00:00.000Z',
        to: '2026-01-05T10:01:00.000Z',
      },
    });
    const metrics = await (await app.request('/metrics')).text();
    expect(metrics).toContain(
      `lanekeeper_auth_refusals_total{route="/v1/lanes/{lane}/events",status="401"} ${FLOOD / 2 + 1}`,
    );
    expect(metrics).toContain(
      `lanekeeper_auth_refusals_total{route="/v1/lanes/{lane}/events",status="403"} ${FLOOD / 2}`,
    );
    expect(JSON.stringify(rows)).not.toContain('guess-');
    // Accepted events are untouched by all this.
    expect((await post(app, bearer(WEB_TOKEN))).status).toBe(202);
  });
});
