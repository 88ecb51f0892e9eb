import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApp, type ServedApp } from '../../src/server/serve-app.js';
import { startServer } from '../../src/server/start-server.js';
import { rawRequest, rawSocket } from './raw-http.js';
import {
  BILLING_TOKEN,
  OPERATOR_TOKEN,
  WEB_TOKEN,
  openAppFixture,
  type AppFixture,
} from './server-fixture.js';

let fx: AppFixture;
let served: ServedApp;
beforeAll(async () => {
  fx = await openAppFixture({ limits: { maxBodyBytes: 65_536, maxEventsPerRequest: 20 } });
  served = await serveApp(fx.app, { host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await served.close();
  await fx.close();
});

function expectErrorBody(status: number, text: string): void {
  expect(status, text).toBeGreaterThanOrEqual(400);
  expect(status, text).toBeLessThan(500);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(typeof body['code']).toBe('string');
  expect(typeof body['message']).toBe('string');
  expect(typeof body['path']).toBe('string');
}

describe('the live server', () => {
  it('answers malformed HTTP with a JSON 400', async () => {
    const reply = await rawSocket(served.url, 'GARBAGE\r\n\r\n');
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(reply.slice(reply.indexOf('\r\n\r\n') + 4))).toMatchObject({ code: 'bad_request' });
    const traced = await rawRequest(served.url, { method: 'TRACE', path: '/healthz' });
    expectErrorBody(traced.status, traced.text);
  });

  it('serves health and a body over the limit without tearing the connection down', async () => {
    const health = await rawRequest(served.url, { method: 'GET', path: '/healthz' });
    // The gate's workers are not started here: the target index is not loaded.
    expect(JSON.parse(health.text)).toMatchObject({
      status: 'ok',
      store: 'sqlite',
      targets: [{ system: 'hubspot', state: 'up' }],
      target_index: { ready: false, scopes: [{ scope: 'hubspot:contacts', state: 'loading', loaded: 0 }] },
    });
    const huge = await rawRequest(served.url, {
      method: 'POST',
      path: '/v1/lanes/web-forms/events',
      headers: { authorization: `Bearer ${WEB_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ payload: { email: 'a@b.co', x: 'y'.repeat(300_000) } }),
    });
    expect(huge.status).toBe(413);
    const chunked = await rawRequest(served.url, {
      method: 'POST',
      path: '/v1/lanes/web-forms/events',
      headers: {
        authorization: `Bearer ${WEB_TOKEN}`,
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
      },
      body: JSON.stringify({ payload: { email: 'a@b.co', x: 'y'.repeat(100_000) } }),
    });
    expect(chunked.status).toBe(413);
    expect((await rawRequest(served.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
  });

  it('starts in-process from parts and stops accepting once closed', async () => {
    const server = await startServer({
      parts: {
        gate: fx.gateway.gate,
        store: fx.store,
        lanes: fx.config.lanes,
        operatorToken: fx.config.operatorToken,
        logger: fx.app.logger,
      },
    });
    expect((await rawRequest(server.url, { method: 'GET', path: '/healthz' })).status).toBe(200);
    await server.close();
    await expect(rawSocket(server.url, 'GET /healthz HTTP/1.1\r\n\r\n')).rejects.toThrow(/ECONNREFUSED/);
    // The caller owns the store: closing the server leaves it open.
    await expect(fx.store.countByStatus()).resolves.toHaveProperty('accepted');
  });

  it('fuzz: any request gets a 2xx or a clear 4xx, and the store holds exactly the accepted events', async () => {
    const accepted = new Set<string>();
    const statuses = new Map<number, number>();
    const token = fc.constantFrom(
      WEB_TOKEN,
      WEB_TOKEN,
      OPERATOR_TOKEN,
      BILLING_TOKEN,
      'guess-0123456789abcdef',
      '',
    );
    const segment = fc.oneof(
      fc.constantFrom(
        'web-forms',
        'billing',
        'nope',
        '%zz',
        '%E2%82%AC',
        '..',
        '',
        'events',
        'x'.repeat(300),
      ),
      fc.stringMatching(/^[A-Za-z0-9._~%-]{0,12}$/),
    );
    const path = fc.oneof(
      fc.constantFrom('/v1/lanes/web-forms/events', '/v1/lanes/web-forms/events?wait=true&timeout_ms=5'),
      fc
        .tuple(segment, fc.constantFrom('', '?wait=true', '?wait=1', '?timeout_ms=9'))
        .map(([s, q]) => `/v1/lanes/${s}/events${q}`),
      fc
        .tuple(fc.constantFrom('/v1/events/', '/v1/review/', '/v1/dead-letters/', '/v1/', '/'), segment)
        .map(([p, s]) => p + s),
      fc.constantFrom('/healthz', '/metrics', '/v1/review?status=open', '/v1/review?status=x', '//v1/review'),
    );
    const payload = fc.dictionary(
      fc.oneof(fc.constantFrom('email', 'first_name', 'phone', '__proto__', 'constructor'), fc.string()),
      fc.oneof(fc.emailAddress(), fc.jsonValue({ maxDepth: 3 }), fc.string({ maxLength: 2000 })),
    );
    const event = fc.oneof(
      fc.record({ payload }, { requiredKeys: ['payload'] }),
      fc.record({ event_key: fc.oneof(fc.string(), fc.integer()), payload }),
      fc.jsonValue({ maxDepth: 4 }),
    );
    const textBody = fc.oneof(
      event.map((e) => JSON.stringify(e)),
      fc.array(event, { maxLength: 25 }).map((e) => JSON.stringify(e)),
      fc.array(event, { maxLength: 5 }).map((e) => e.map((x) => JSON.stringify(x)).join('\n')),
      fc.nat({ max: 5000 }).map((n) => `${'['.repeat(n)}${']'.repeat(n)}`),
      fc.nat({ max: 200 }).map((n) => `{"payload":${'{"a":'.repeat(n)}1${'}'.repeat(n)}}`),
      fc
        .nat({ max: 120_000 })
        .map((n) => JSON.stringify({ payload: { email: 'a@b.co', note: 'z'.repeat(n) } })),
      fc.string(),
    );
    const body = fc.oneof(
      textBody.map((t) => Buffer.from(t, 'utf8')),
      fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
      fc.constant(Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
    );
    const wild = fc.record({
      method: fc.constantFrom('GET', 'POST', 'POST', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'),
      path,
      token,
      contentType: fc.constantFrom(
        'application/json',
        'application/x-ndjson',
        'application/json; charset=utf-16',
        'text/plain',
        '',
      ),
      body,
    });
    // Well-formed posts, some with a wrong-typed field, so that acceptance is exercised as much as refusal.
    const goodEvent = fc.record(
      {
        event_key: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
        payload: fc.record(
          {
            email: fc.emailAddress(),
            first_name: fc.stringMatching(/^[A-Za-z]{1,12}$/),
            last_name: fc.stringMatching(/^[A-Za-z' -]{1,20}$/),
            form_id: fc.constantFrom('contact-us', 'demo'),
            submitted_at: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
            extra: fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.jsonValue({ maxDepth: 2 })),
          },
          { requiredKeys: ['first_name', 'last_name', 'form_id', 'submitted_at'] },
        ),
      },
      { requiredKeys: ['payload'] },
    );
    const wellFormed = fc.record({
      method: fc.constant('POST'),
      path: fc.constantFrom(
        '/v1/lanes/web-forms/events',
        '/v1/lanes/web-leads/events?wait=true&timeout_ms=1',
      ),
      token: fc.constant(WEB_TOKEN),
      contentType: fc.constant('application/json'),
      body: fc.array(goodEvent, { minLength: 1, maxLength: 5 }).map((e) => Buffer.from(JSON.stringify(e))),
    });
    const request = fc.oneof({ arbitrary: wild, weight: 3 }, { arbitrary: wellFormed, weight: 2 });

    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const headers: Record<string, string> = {};
        if (r.token !== '') headers['authorization'] = `Bearer ${r.token}`;
        if (r.contentType !== '') headers['content-type'] = r.contentType;
        const hasBody = r.method !== 'GET' && r.method !== 'HEAD';
        const res = await rawRequest(served.url, {
          method: r.method,
          path: r.path,
          headers,
          ...(hasBody ? { body: r.body } : {}),
        });
        expect(res.status, `${r.method} ${r.path} → ${res.text}`).toBeLessThan(500);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        if (r.method === 'HEAD') return;
        if (res.status >= 400) expectErrorBody(res.status, res.text);
        if (r.path.startsWith('/v1/lanes/') && res.status >= 200 && res.status < 300) {
          const { events } = JSON.parse(res.text) as { events: { id: string }[] };
          for (const e of events) accepted.add(e.id);
        }
      }),
      { numRuns: 200, seed: 20240611 },
    );

    expect(accepted.size).toBeGreaterThan(0);
    expect([...statuses.keys()].filter((status) => status >= 400).length).toBeGreaterThan(4);
    const health = await rawRequest(served.url, { method: 'GET', path: '/healthz' });
    expect(health.status).toBe(200);
    const counts = await fx.store.countByStatus();
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(accepted.size);
  });
});
