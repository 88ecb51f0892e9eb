import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testPostgres } from '../store/postgres-test-db.js';
import {
  OPERATOR_TOKEN,
  WEB_TOKEN,
  bearer,
  openAppFixture,
  webForm,
  type AppFixture,
} from './server-fixture.js';

const postgres = await testPostgres('unstorable-text');
const backends = ['sqlite', ...(postgres === undefined ? [] : ['postgres'])] as const;
afterAll(() => postgres?.cleanup());

/**
 * A NUL or a lone UTF-16 surrogate cannot be kept faithfully by every store (PostgreSQL refuses U+0000 in
 * text and json; a lone surrogate has no UTF-8 form and drivers write U+FFFD). Both stores must answer alike:
 * a 422 naming the path, before anything is stored or written.
 */
describe.each(backends)('text the store cannot keep, on %s', (backend) => {
  let fx: AppFixture | undefined;
  afterEach(async () => {
    await fx?.close();
    fx = undefined;
  });

  const open = async () =>
    (fx = await openAppFixture({
      workers: true,
      ...(backend === 'postgres' && postgres !== undefined
        ? { postgres: { url: postgres.url, schema: await postgres.createSchema() } }
        : {}),
    }));

  const post = async (app: AppFixture['app'], body: unknown) => {
    const res = await app.request('/v1/lanes/web-forms/events?wait=true&timeout_ms=5000', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(WEB_TOKEN) },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  it('refuses a NUL or a lone surrogate anywhere in a payload with a 422 naming the path', async () => {
    const { app, store, emulator } = await open();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [webForm('ada.lovelace@example.com', { first_name: 'A\u0000da' }), '[0].payload.first_name', /NUL/],
      [webForm('bo.chen@example.com', { last_name: 'Ch\udc00en' }), '[0].payload.last_name', /surrogate/],
      [webForm('cy.diaz@example.com', { utm_source: 'x\u0000' }), '[0].payload.utm_source', /NUL/],
      [
        webForm('di.e@example.com', { ['no\u0000te']: 'x' }),
        '[0].payload["no\\u0000te"]',
        /name holds a NUL/,
      ],
    ];
    for (const [payload, path, message] of cases) {
      const res = await post(app, [
        { event_key: 'fine', payload: webForm('ok.ok@example.com') },
        { payload },
      ]);
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'unstorable_text', path: path.replace('[0]', '[1]') });
      expect(res.body['message']).toMatch(message);
    }
    // Nothing of those requests was stored, nor written.
    expect(await store.countByStatus()).toMatchObject({ accepted: 0, written: 0, dead_letter: 0 });
    expect(emulator.records('contacts')).toHaveLength(0);
  });

  it('never confuses two event keys: a lone surrogate is refused, U+FFFD is a key of its own', async () => {
    const { app, emulator } = await open();
    for (const key of ['sur\udc00key', 'nul\u0000key', '\ud83d']) {
      const res = await post(app, { event_key: key, payload: webForm('ada.lovelace@example.com') });
      expect(res.status).toBe(422);
      expect(res.body).toMatchObject({ code: 'unstorable_text', path: '[0].event_key' });
    }
    const replacement = await post(app, {
      event_key: 'sur\ufffdkey',
      payload: webForm('bo.chen@example.com'),
    });
    expect(replacement.status).toBe(200);
    expect(replacement.body['events']).toEqual([
      expect.objectContaining({ duplicate: false, status: 'written' }),
    ]);
    const pair = await post(app, {
      event_key: 'sur\ud83d\ude00key',
      payload: webForm('cy.diaz@example.com'),
    });
    expect(pair.body['events']).toEqual([expect.objectContaining({ duplicate: false, status: 'written' })]);
    const again = await post(app, { event_key: 'sur\ufffdkey', payload: webForm('bo.chen@example.com') });
    expect(again.body['events']).toEqual([expect.objectContaining({ duplicate: true })]);
    expect(emulator.records('contacts')).toHaveLength(2);
  });

  it('refuses such text in operator bodies, path ids and query strings instead of failing with a 500', async () => {
    const { app } = await open();
    const operator = { 'content-type': 'application/json', ...bearer(OPERATOR_TOKEN) };
    const replay = await app.request('/v1/dead-letters/some-id/replay', {
      method: 'POST',
      headers: operator,
      body: JSON.stringify({ operator: 'kim', reason: 'retry\u0000' }),
    });
    expect(replay.status).toBe(422);
    expect(await replay.json()).toMatchObject({ code: 'unstorable_text', path: 'reason' });
    const resolve = await app.request('/v1/review/some-id/resolve', {
      method: 'POST',
      headers: operator,
      body: JSON.stringify({ action: 'reject', operator: 'k\udc00m', reason: 'why' }),
    });
    expect(resolve.status).toBe(422);
    expect(await resolve.json()).toMatchObject({ code: 'unstorable_text', path: 'operator' });
    for (const path of ['/v1/events/ab%00cd', '/v1/dead-letters/%00', '/v1/review/x%00']) {
      const res = await app.request(path, { headers: operator });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'invalid_path', path: 'path.id' });
    }
    const query = await app.request('/v1/review?status=open%00', { headers: operator });
    expect(query.status).toBe(400);
    expect(await query.json()).toMatchObject({ code: 'invalid_query', path: 'query.status' });
    expect(fx?.logs()).not.toMatch(/"status":500/);
  });
});
