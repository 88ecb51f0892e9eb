/**
 * The circuit breaker end to end, through the HTTP service against the HubSpot emulator holding contacts
 * Lanekeeper did not write: a lane with `max_creates` creates up to its limit, pauses (events kept, an alert
 * in the log, the metric), shows so on `GET /v1/lanes`, and writes the rest once an operator resumes it.
 */
import { Client } from '@hubspot/api-client';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
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

const postgres = await testPostgres('lane routes');
const stores: { name: string; options: () => Promise<FixtureOptions> }[] = [
  { name: 'sqlite', options: async () => ({}) },
  ...(postgres === undefined
    ? []
    : [
        {
          name: 'postgres',
          options: async () => ({ postgres: { url: postgres.url, schema: await postgres.createSchema() } }),
        },
      ]),
];
afterAll(() => postgres?.cleanup());

let fx: AppFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

interface LaneBody {
  lane: string;
  status: string;
  paused: { cause: string; by: string; reason: string; since: string } | null;
  creates_in_window: number;
  max_creates: string | null;
  window_started_at: string | null;
}

async function call(path: string, init: { token?: string; body?: unknown } = {}) {
  const res = await fx!.app.request(path, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...bearer(init.token ?? OPERATOR_TOKEN) },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function until(what: string, check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe.each(stores)('lane routes and the circuit breaker on $name', ({ options }) => {
  it('trips at the limit, keeps the events, alerts, and writes the rest after an operator resumes', async () => {
    fx = await openAppFixture({
      workers: true,
      laneExtra: { 'web-forms': ['max_creates: 3 per hour'] },
      ...(await options()),
    });
    // Two people the CRM holds already, written by someone else.
    const client = new Client({ accessToken: fx.emulator.token, basePath: fx.emulator.url });
    for (const email of ['grace.hopper@navy.example', 'alan.turing@bletchley.example'])
      await client.crm.contacts.basicApi.create({
        properties: { email, firstname: email.split('.')[0]!, lastname: 'Existing' },
        associations: [],
      });

    // Updates of the contacts the CRM holds take no create slot.
    const updates = await call('/v1/lanes/web-forms/events?wait=true&timeout_ms=5000', {
      token: WEB_TOKEN,
      body: ['grace.hopper@navy.example', 'alan.turing@bletchley.example'].map((email, i) => ({
        event_key: `update-${i}`,
        payload: webForm(email),
      })),
    });
    expect((updates.body['events'] as { status: string }[]).map((e) => e.status)).toEqual([
      'written',
      'written',
    ]);
    const posted = await call('/v1/lanes/web-forms/events', {
      token: WEB_TOKEN,
      body: Array.from({ length: 6 }, (_, i) => ({
        event_key: `form-${i}`,
        payload: webForm(`new.person${i}@example${i}.org`),
      })),
    });
    expect(posted.status).toBe(202);
    const ids = [
      ...(updates.body['events'] as { id: string }[]),
      ...(posted.body['events'] as { id: string }[]),
    ].map((e) => e.id);

    await until('the breaker trips', async () => {
      const lanes = (await call('/v1/lanes')).body['items'] as LaneBody[];
      return lanes.find((l) => l.lane === 'web-forms')?.status === 'paused';
    });
    await until('the lane settles', async () => (await fx!.store.countByStatus()).processing === 0);
    // Both updates of existing contacts and exactly 3 creates; the other 3 wait, accepted.
    expect(fx.emulator.records('contacts')).toHaveLength(5);
    const events = await Promise.all(ids.map(async (id) => (await fx!.store.getEvent(id))!));
    expect(
      events
        .filter((e) => e.status === 'written')
        .map((e) => e.outcome?.operation)
        .sort(),
    ).toEqual(['create', 'create', 'create', 'update', 'update']);
    expect(events.filter((e) => e.status === 'accepted').every((e) => e.attempts === 0)).toBe(true);

    const lanes = (await call('/v1/lanes')).body['items'] as LaneBody[];
    expect(lanes.find((l) => l.lane === 'web-forms')).toMatchObject({
      status: 'paused',
      paused: { cause: 'max_creates', by: 'gate' },
      creates_in_window: 3,
      max_creates: '3 per hour',
    });
    expect(lanes.find((l) => l.lane === 'billing')).toMatchObject({ status: 'running', max_creates: null });
    const metrics = await (await fx.app.request('/metrics')).text();
    expect(metrics).toMatch(/lanekeeper_lane_paused\{lane="web-forms"\} 1/);
    expect(metrics).toMatch(/lanekeeper_lane_paused\{lane="billing"\} 0/);
    expect(metrics).toMatch(/lanekeeper_circuit_breaker_trips_total\{lane="web-forms"\} 1/);
    expect(fx.logs()).toMatch(/"level":40[^\n]*"lane":"web-forms"[^\n]*lane paused: circuit breaker tripped/);

    // Lane tokens may not; a reason is required; an unknown lane is a 404.
    expect((await call('/v1/lanes/web-forms/resume', { token: WEB_TOKEN, body: {} })).status).toBe(403);
    expect((await call('/v1/lanes/web-forms/resume', { body: { operator: 'ops-ana' } })).body).toMatchObject({
      code: 'invalid_body',
      path: 'reason',
    });
    expect((await call('/v1/lanes/nope/resume', { body: { operator: 'o', reason: 'r' } })).status).toBe(404);

    const resumed = await call('/v1/lanes/web-forms/resume', {
      body: { operator: 'ops-ana', reason: 'the three creates are real sign-ups' },
    });
    expect(resumed.status).toBe(200);
    expect(resumed.body).toMatchObject({ status: 'running', paused: null, creates_in_window: 0 });
    expect((await call('/v1/lanes/web-forms/resume', { body: { operator: 'o', reason: 'r' } })).status).toBe(
      409,
    );
    await until('the rest is written', async () => (await fx!.store.countByStatus()).written === 8);
    expect(fx.emulator.records('contacts')).toHaveLength(8);

    const lane = await call('/v1/lanes/web-forms');
    expect(lane.body).toMatchObject({ status: 'running', creates_in_window: 3 });
    expect((lane.body['history'] as { action: string; by: string }[]).map((h) => [h.action, h.by])).toEqual([
      ['lane_resumed', 'ops-ana'],
      ['lane_paused', 'gate'],
    ]);
  });

  it('pauses a lane by hand: its events wait, and the operator resumes it', async () => {
    fx = await openAppFixture({ workers: true, ...(await options()) });
    const paused = await call('/v1/lanes/web-leads/pause', {
      body: { operator: 'ops-bo', reason: 'new form' },
    });
    expect(paused.body).toMatchObject({
      status: 'paused',
      paused: { cause: 'operator', by: 'ops-bo', reason: 'new form' },
    });
    expect((await call('/v1/lanes/web-leads/pause', { body: { operator: 'o', reason: 'r' } })).status).toBe(
      409,
    );
    const posted = await call('/v1/lanes/web-leads/events', {
      token: WEB_TOKEN,
      body: [{ event_key: 'lead-1', payload: webForm('kim.lee@example.com') }],
    });
    const [{ id }] = posted.body['events'] as [{ id: string }];
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await fx.store.getEvent(id))?.status).toBe('accepted');
    await call('/v1/lanes/web-leads/resume', { body: { operator: 'ops-bo', reason: 'form checked' } });
    await until('written', async () => (await fx!.store.getEvent(id))?.status === 'written');
  });

  it('answers an event older than the start date as blocked, writes nothing and counts it', async () => {
    fx = await openAppFixture({
      workers: true,
      laneExtra: { billing: ['since: { date: 2025-01-01, field: submitted_at }'] },
      ...(await options()),
    });
    const posted = await call('/v1/lanes/billing/events?wait=true&timeout_ms=5000', {
      token: BILLING_TOKEN,
      body: [
        { event_key: 'old', payload: webForm('old.customer@example.com') },
        { event_key: 'new', payload: webForm('new.customer@example.com', { submitted_at: '2025-02-01' }) },
      ],
    });
    const [old, recent] = posted.body['events'] as [Record<string, unknown>, Record<string, unknown>];
    expect(old).toMatchObject({ status: 'written', decision: 'block', target_id: null });
    expect(old['explanation']).toMatchObject({ rule: 'block:since' });
    expect(recent).toMatchObject({ status: 'written', decision: 'new' });
    const event = await call(`/v1/events/${String(old['id'])}`);
    expect(event.body).toMatchObject({ operation: 'none', decision: 'block' });
    expect(fx.emulator.records('contacts').map((r) => r.properties['email'])).toEqual([
      'new.customer@example.com',
    ]);
    const metrics = await (await fx.app.request('/metrics')).text();
    expect(metrics).toMatch(/lanekeeper_events_before_since_total\{lane="billing"\} 1/);
  });
});
