import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ENRICHMENT_TOKEN,
  OPERATOR_TOKEN,
  WEB_TOKEN,
  bearer,
  openAppFixture,
  webForm,
  type AppFixture,
} from './server-fixture.js';

let fx: AppFixture;
beforeEach(async () => {
  fx = await openAppFixture({ workers: true });
});
afterEach(() => fx.close());

interface Decided {
  id: string;
  duplicate: boolean;
  status: string;
  decision: string | null;
  explanation: unknown;
  target_id: string | null;
}

async function submit(lane: string, token: string, events: unknown[], query = '?wait=true&timeout_ms=5000') {
  const res = await fx.app.request(`/v1/lanes/${lane}/events${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify(events),
  });
  return { status: res.status, body: (await res.json()) as { complete?: boolean; events: Decided[] } };
}

const asOperator = (path: string, body?: unknown) =>
  fx.app.request(path, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...bearer(OPERATOR_TOKEN) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });

describe('intake with the real gate', () => {
  it('waits for decisions, and a replayed event key causes no second write', async () => {
    const ada = { event_key: 'form-1', payload: webForm('ada.lovelace@example.com') };
    const first = await submit('web-forms', WEB_TOKEN, [ada]);
    expect(first.status).toBe(200);
    expect(first.body.complete).toBe(true);
    const [created] = first.body.events;
    expect(created).toMatchObject({ duplicate: false, status: 'written', decision: 'new' });
    expect(created?.target_id).toEqual(expect.any(String));
    expect(created?.explanation).not.toBeNull();

    const replay = await submit('web-forms', WEB_TOKEN, [ada]);
    expect(replay.body.events[0]).toMatchObject({ id: created?.id, duplicate: true, status: 'written' });

    const later = { event_key: 'form-2', payload: webForm('ada.lovelace@example.com', { form_id: 'demo' }) };
    const matched = await submit('web-leads', WEB_TOKEN, [later]);
    expect(matched.body.events[0]).toMatchObject({ decision: 'match', target_id: created?.target_id });
    expect(fx.emulator.records('contacts')).toHaveLength(1);

    const event = await fx.app.request(`/v1/events/${created?.id}`, { headers: bearer(WEB_TOKEN) });
    expect(await event.json()).toMatchObject({
      id: created?.id,
      status: 'written',
      decision: 'new',
      operation: 'create',
      target_id: created?.target_id,
    });

    const metrics = await (await fx.app.request('/metrics')).text();
    expect(metrics).toContain('lanekeeper_decisions_total{lane="web-forms",decision="new"} 1');
    expect(metrics).toContain('lanekeeper_decisions_total{lane="web-leads",decision="match"} 1');
    expect(metrics).toContain('lanekeeper_events_accepted_total{lane="web-forms",duplicate="true"} 1');
    expect(metrics).toContain('lanekeeper_events{status="written"} 2');
    expect(metrics).toMatch(/lanekeeper_gate_latency_seconds_count\{lane="web-forms",stage="decide"\} 1/);
    expect(metrics).toContain(
      'lanekeeper_http_requests_total{method="POST",route="/v1/lanes/{lane}/events",status="200"} 3',
    );
    expect(metrics).toContain('lanekeeper_review_queue_depth 0');
  });

  it('lets an operator resolve a review item, once', async () => {
    const unknown = {
      event_key: 'enrich-1',
      payload: { email: 'grace.hopper@example.com', enriched_on: '2024-06-01' },
    };
    const sent = await submit('enrichment', ENRICHMENT_TOKEN, [unknown]);
    expect(sent.body.events[0]).toMatchObject({ status: 'review', decision: 'review' });
    expect(await (await fx.app.request('/metrics')).text()).toContain('lanekeeper_review_queue_depth 1');

    const list = (await (await asOperator('/v1/review?status=open')).json()) as { items: { id: string }[] };
    expect(list.items).toHaveLength(1);
    const id = list.items[0]?.id ?? '';
    expect(await (await asOperator(`/v1/review/${id}`)).json()).toMatchObject({
      id,
      event_id: sent.body.events[0]?.id,
      lane: 'enrichment',
      status: 'open',
      resolution: null,
    });

    const noReason = await asOperator(`/v1/review/${id}/resolve`, { action: 'reject', operator: 'kim' });
    expect(noReason.status).toBe(400);
    expect(await noReason.json()).toMatchObject({ code: 'invalid_body', path: 'reason' });
    const noTarget = await asOperator(`/v1/review/${id}/resolve`, {
      action: 'match',
      operator: 'kim',
      reason: 'x',
    });
    expect(await noTarget.json()).toMatchObject({ code: 'invalid_body', path: 'target_id' });

    const resolve = { action: 'reject', operator: 'kim', reason: 'not a customer' };
    const resolved = await asOperator(`/v1/review/${id}/resolve`, resolve);
    expect(resolved.status).toBe(200);
    expect(await resolved.json()).toMatchObject({ event: { id: sent.body.events[0]?.id } });
    expect(await (await asOperator(`/v1/review/${id}`)).json()).toMatchObject({
      status: 'resolved',
      resolution: { action: 'reject', operator: 'kim', reason: 'not a customer' },
    });
    expect((await asOperator(`/v1/review/${id}/resolve`, resolve)).status).toBe(409);
    expect((await asOperator('/v1/review/nope/resolve', resolve)).status).toBe(404);
  });

  it('replays a dead letter only with operator and reason, and refuses a replay of a written event', async () => {
    fx.emulator.injectFault({ kind: 'status', status: 400 }, { times: 1, endpoint: 'batch/upsert' });
    const sent = await submit('web-forms', WEB_TOKEN, [
      { event_key: 'form-9', payload: webForm('alan.turing@example.com') },
    ]);
    expect(sent.body.events[0]).toMatchObject({ status: 'dead_letter' });
    const metrics = await (await fx.app.request('/metrics')).text();
    expect(metrics).toContain('lanekeeper_dead_letters 1');
    expect(metrics).toMatch(/lanekeeper_dead_letter_oldest_age_seconds \d/);

    const list = (await (await asOperator('/v1/dead-letters')).json()) as {
      items: Record<string, unknown>[];
    };
    expect(list.items).toHaveLength(1);
    expect(list.items[0]).not.toHaveProperty('payload');
    const id = String(list.items[0]?.['id']);
    const letter = (await (await asOperator(`/v1/dead-letters/${id}`)).json()) as Record<string, unknown>;
    expect(letter['payload']).toMatchObject({ email: 'alan.turing@example.com' });

    const noOperator = await asOperator(`/v1/dead-letters/${id}/replay`, { reason: 'target fixed' });
    expect(noOperator.status).toBe(400);
    expect(await noOperator.json()).toMatchObject({
      code: 'invalid_body',
      message: "missing 'operator'",
      path: 'operator',
    });
    expect(
      (await asOperator(`/v1/dead-letters/${id}/replay`, { operator: 'kim', reason: '  ' })).status,
    ).toBe(400);
    expect((await asOperator(`/v1/dead-letters/${id}/replay`, {})).status).toBe(400);

    const replay = { operator: 'kim', reason: 'target fixed' };
    const replayed = await asOperator(`/v1/dead-letters/${id}/replay`, replay);
    expect(replayed.status).toBe(200);
    expect(await replayed.json()).toMatchObject({
      event: { status: 'written', target_id: expect.any(String) },
    });

    const again = await asOperator(`/v1/dead-letters/${id}/replay`, replay);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({
      code: 'conflict',
      message: expect.stringContaining('written'),
    });
    const after = (await (await asOperator(`/v1/dead-letters/${id}`)).json()) as { replays: unknown[] };
    expect(after.replays).toEqual([
      expect.objectContaining({ operator: 'kim', reason: 'target fixed', refused: null }),
      expect.objectContaining({ operator: 'kim', refused: 'the event was written already' }),
    ]);
    expect(fx.emulator.records('contacts')).toHaveLength(1);
    const cleared = await (await fx.app.request('/metrics')).text();
    expect(cleared).toContain('lanekeeper_dead_letters 0');
    expect(cleared).toContain('lanekeeper_dead_letter_oldest_age_seconds 0');
  });
});
