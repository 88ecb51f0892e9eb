import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  webForm,
  OPERATOR_TOKEN,
  WEB_TOKEN,
  bearer,
  openAppFixture,
  type AppFixture,
} from './server-fixture.js';

let fx: AppFixture;
beforeEach(async () => {
  fx = await openAppFixture({ limits: { maxBodyBytes: 4096, maxEventsPerRequest: 5 } });
});
afterEach(() => fx.close());

function post(
  body: string | Uint8Array | ReadableStream<Uint8Array>,
  contentType = 'application/json',
  query = '',
) {
  return fx.app.request(`/v1/lanes/web-forms/events${query}`, {
    method: 'POST',
    headers: { 'content-type': contentType, ...bearer(WEB_TOKEN) },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
}

const ada = { event_key: 'form-1', payload: webForm('ada.lovelace@example.com') };

describe('POST /v1/lanes/{lane}/events', () => {
  it('answers 202 once the events are durable: each is readable right after', async () => {
    const res = await post(JSON.stringify([ada, { payload: webForm('bob.marley@example.com') }]));
    expect(res.status).toBe(202);
    const body = (await res.json()) as { events: { id: string; duplicate: boolean; status: string }[] };
    expect(body.events).toHaveLength(2);
    expect(body.events[0]).toMatchObject({ duplicate: false, status: 'accepted' });
    for (const { id } of body.events) {
      const event = await fx.app.request(`/v1/events/${id}`, { headers: bearer(OPERATOR_TOKEN) });
      expect(event.status).toBe(200);
      expect(await event.json()).toMatchObject({ id, lane: 'web-forms', status: 'accepted', attempts: 0 });
    }
  });

  it('recognises a replayed event key: same id, duplicate, nothing stored twice', async () => {
    const first = (await (await post(JSON.stringify(ada))).json()) as { events: { id: string }[] };
    const again = await post(JSON.stringify(ada));
    expect(again.status).toBe(202);
    expect(await again.json()).toEqual({
      events: [{ id: first.events[0]?.id, duplicate: true, status: 'accepted' }],
    });
    expect((await fx.store.countByStatus()).accepted).toBe(1);
  });

  it('reads NDJSON and locates a malformed line', async () => {
    const ok = await post(
      `${JSON.stringify(ada)}\n\n${JSON.stringify({ payload: webForm('c.d@d.io') })}\n`,
      'application/x-ndjson',
    );
    expect(ok.status).toBe(202);
    const bad = await post(
      `${JSON.stringify(ada)}\n{"payload": {"email": "x@y.z"]}\n`,
      'application/x-ndjson',
    );
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      code: 'malformed_json',
      message: "NDJSON line 2 is not valid JSON: expected ',' or '}' at line 2, column 30",
      path: '[1]',
      line: 2,
      column: 30,
    });
  });

  it('answers 422 with the path of the invalid field and stores nothing of the request', async () => {
    const res = await post(
      JSON.stringify([ada, { payload: webForm('bob.marley@example.com') }, { payload: webForm('nope') }]),
    );
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ code: 'invalid_field', path: '[2].payload.email' });
    expect(Object.values(await fx.store.countByStatus()).reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('refuses a body over the limit (413) whether declared or streamed', async () => {
    const big = JSON.stringify({ payload: webForm('a.b@b.co', { note: 'x'.repeat(5000) }) });
    const declared = await post(big);
    expect(declared.status).toBe(413);
    expect(await declared.json()).toMatchObject({ code: 'body_too_large', path: '' });
    const chunks = [new TextEncoder().encode(big.slice(0, 3000)), new TextEncoder().encode(big.slice(3000))];
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        const next = chunks.shift();
        if (next) controller.enqueue(next);
        else controller.close();
      },
    });
    expect((await post(stream)).status).toBe(413);
    const many = JSON.stringify(Array.from({ length: 6 }, () => ada));
    expect(await (await post(many)).json()).toMatchObject({ code: 'too_many_events' });
  });

  it('refuses other media types (415), bad UTF-8, empty bodies and bad query values (400)', async () => {
    const text = await post(JSON.stringify(ada), 'text/plain');
    expect(text.status).toBe(415);
    expect(await text.json()).toMatchObject({ code: 'unsupported_media_type', path: 'header.content-type' });
    expect((await post(JSON.stringify(ada), 'application/json; charset=latin1')).status).toBe(415);
    expect((await post(JSON.stringify(ada), 'application/json; charset=UTF-8')).status).toBe(202);
    const latin1 = new Uint8Array([
      ...new TextEncoder().encode('{"payload":{"email":"'),
      0xe9,
      ...new TextEncoder().encode('@x.io"}}'),
    ]);
    expect(await (await post(latin1)).json()).toMatchObject({ code: 'invalid_encoding' });
    expect(await (await post('')).json()).toMatchObject({ code: 'empty_body' });
    expect(await (await post(JSON.stringify(ada), undefined, '?wait=yes')).json()).toMatchObject({
      code: 'invalid_query',
      path: 'query.wait',
    });
    expect(
      await (await post(JSON.stringify(ada), undefined, '?wait=true&timeout_ms=-1')).json(),
    ).toMatchObject({
      path: 'query.timeout_ms',
    });
  });

  it('logs method, route, status, lane and event ids, never payloads or tokens', async () => {
    const res = await post(JSON.stringify(ada));
    const { events } = (await res.json()) as { events: { id: string }[] };
    await post(JSON.stringify({ payload: webForm('not-an-email-secret') }));
    const logs = fx.logs();
    const line = JSON.parse(logs.split('\n')[0] ?? '{}') as Record<string, unknown>;
    expect(line).toMatchObject({
      method: 'POST',
      route: '/v1/lanes/{lane}/events',
      status: 202,
      lane: 'web-forms',
      user: 'web-integration',
      eventIds: [events[0]?.id],
    });
    expect(typeof line['durationMs']).toBe('number');
    for (const secret of ['ada.lovelace@example.com', 'Lovelace', 'not-an-email-secret', WEB_TOKEN]) {
      expect(logs).not.toContain(secret);
    }
  });
});
