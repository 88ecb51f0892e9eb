import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, openAppFixture, webForm, WEB_TOKEN, type AppFixture } from './server-fixture.js';

let fx: AppFixture;
beforeAll(async () => {
  fx = await openAppFixture({ workers: true, dryRun: ['web-forms'] });
});
afterAll(() => fx.close());

describe('a lane in dry run over HTTP', () => {
  it('decides, writes nothing, and GET /v1/events/{id} shows what would have been written', async () => {
    const post = await fx.app.request('/v1/lanes/web-forms/events?wait=true&timeout_ms=5000', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(WEB_TOKEN) },
      body: JSON.stringify({ event_key: 'e1', payload: webForm('ada.lovelace@example.com') }),
    });
    expect(post.status).toBe(200);
    const { events } = (await post.json()) as { events: { id: string; status: string }[] };
    expect(events[0]?.status).toBe('written');
    expect(fx.emulator.records('contacts')).toEqual([]);

    const res = await fx.app.request(`/v1/events/${events[0]?.id}`, { headers: bearer(WEB_TOKEN) });
    const event = (await res.json()) as Record<string, unknown>;
    expect(event).toMatchObject({
      event_key: 'dry-run:e1',
      dry_run: true,
      decision: 'new',
      operation: 'create',
      target_id: 'dry-run-1',
      explanation: { dryRun: { operation: 'create', targetId: 'dry-run-1' } },
    });
    const properties = (event['explanation'] as { dryRun: { properties: string[] } }).dryRun.properties;
    expect(properties).toEqual(expect.arrayContaining(['email', 'firstname', 'lastname']));
    expect(JSON.stringify(event)).not.toContain('ada.lovelace@example.com');

    // A live lane of the same object does not see the dry run's would-be record: it creates the real one.
    const live = await fx.app.request('/v1/lanes/web-leads/events?wait=true&timeout_ms=5000', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(WEB_TOKEN) },
      body: JSON.stringify({ event_key: 'e1', payload: webForm('ada.lovelace@example.com') }),
    });
    const written = (await live.json()) as { events: { duplicate: boolean; status: string }[] };
    expect(written.events[0]).toMatchObject({ duplicate: false, status: 'written' });
    expect(fx.emulator.records('contacts')).toHaveLength(1);
  });
});
