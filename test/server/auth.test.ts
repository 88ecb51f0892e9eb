import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  webForm,
  BILLING_TOKEN,
  OPERATOR_TOKEN,
  WEB_TOKEN,
  bearer,
  openAppFixture,
  type AppFixture,
} from './server-fixture.js';

let fx: AppFixture;
beforeEach(async () => {
  fx = await openAppFixture();
});
afterEach(() => fx.close());

const event = JSON.stringify({ event_key: 'k1', payload: webForm('ada.lovelace@example.com') });
const post = (lane: string, headers: Record<string, string>) =>
  fx.app.request(`/v1/lanes/${lane}/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: event,
  });

async function refusals() {
  return (await fx.store.transactions('')).filter((row) => row.action === 'auth_refused');
}

describe('authentication and authorization', () => {
  it('answers a missing or unknown token with 401 and records each refusal without the token', async () => {
    const missing = await post('web-forms', {});
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toEqual({
      code: 'unauthorized',
      message: 'missing Authorization: Bearer <token>',
      path: 'header.authorization',
    });
    const unknown = await post('web-forms', bearer('not-a-known-token-at-all'));
    expect(unknown.status).toBe(401);
    expect((await fx.app.request('/v1/review', { headers: { authorization: 'Basic abc' } })).status).toBe(
      401,
    );

    const rows = await refusals();
    expect(rows).toHaveLength(3);
    expect(rows.filter((r) => r.lane === 'web-forms')).toHaveLength(2);
    expect(rows.find((r) => r.lane === '')).toMatchObject({ principal: 'anonymous', action: 'auth_refused' });
    expect(rows.find((r) => r.lane === 'web-forms')?.detail).toMatchObject({
      status: 401,
      route: '/v1/lanes/{lane}/events',
      method: 'POST',
    });
    expect(JSON.stringify(rows)).not.toContain('not-a-known-token-at-all');
    expect(fx.logs()).not.toContain('not-a-known-token-at-all');
    expect(await fx.store.countByStatus()).toMatchObject({ accepted: 0 });
  });

  it('lets a lane token post only to the lanes of its integration user (403 elsewhere)', async () => {
    expect((await post('web-forms', bearer(WEB_TOKEN))).status).toBe(202);
    expect((await post('web-leads', bearer(WEB_TOKEN))).status).toBe(202);
    const wrong = await post('billing', bearer(WEB_TOKEN));
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toMatchObject({ code: 'forbidden', path: 'path.lane' });
    expect((await post('web-forms', bearer(OPERATOR_TOKEN))).status).toBe(403);
    const rows = await refusals();
    expect(rows.map((r) => [r.principal, r.lane]).sort()).toEqual([
      ['operator', 'web-forms'],
      ['web-integration', 'billing'],
    ]);
    expect(JSON.stringify(rows)).not.toContain(WEB_TOKEN);
  });

  it('keeps review and dead-letter routes to operators', async () => {
    for (const path of ['/v1/review', '/v1/review/r1', '/v1/dead-letters', '/v1/dead-letters/d1']) {
      const res = await fx.app.request(path, { headers: bearer(BILLING_TOKEN) });
      expect(res.status, path).toBe(403);
    }
    expect((await fx.app.request('/v1/review', { headers: bearer(OPERATOR_TOKEN) })).status).toBe(200);
    expect((await refusals()).length).toBe(4);
  });

  it('lets a lane token read only its lanes’ events; operators read all', async () => {
    const accepted = (await (await post('web-forms', bearer(WEB_TOKEN))).json()) as {
      events: { id: string }[];
    };
    const id = accepted.events[0]?.id ?? '';
    expect((await fx.app.request(`/v1/events/${id}`, { headers: bearer(WEB_TOKEN) })).status).toBe(200);
    expect((await fx.app.request(`/v1/events/${id}`, { headers: bearer(OPERATOR_TOKEN) })).status).toBe(200);
    const other = await fx.app.request(`/v1/events/${id}`, { headers: bearer(BILLING_TOKEN) });
    expect(other.status).toBe(403);
    const rows = await fx.store.transactions(id);
    expect(rows.find((r) => r.action === 'auth_refused')).toMatchObject({
      principal: 'billing-integration',
      lane: 'web-forms',
    });
  });

  it('counts refusals in the metrics', async () => {
    await post('web-forms', {});
    await post('billing', bearer(WEB_TOKEN));
    const text = await (await fx.app.request('/metrics')).text();
    expect(text).toContain('lanekeeper_auth_refusals_total{route="/v1/lanes/{lane}/events",status="401"} 1');
    expect(text).toContain('lanekeeper_auth_refusals_total{route="/v1/lanes/{lane}/events",status="403"} 1');
  });

  it('answers unknown lanes, routes and methods before reading a body', async () => {
    const lane = await post('nope', bearer(WEB_TOKEN));
    expect(lane.status).toBe(404);
    expect(await lane.json()).toMatchObject({ code: 'unknown_lane', path: 'path.lane' });
    const route = await fx.app.request('/v2/things', { headers: bearer(WEB_TOKEN) });
    expect(route.status).toBe(404);
    expect(await route.json()).toMatchObject({ code: 'not_found' });
    const method = await fx.app.request('/v1/lanes/web-forms/events', {
      method: 'GET',
      headers: bearer(WEB_TOKEN),
    });
    expect(method.status).toBe(405);
    expect(method.headers.get('allow')).toBe('POST');
    expect(await method.json()).toMatchObject({ code: 'method_not_allowed', path: 'method' });
  });
});
