import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { WEB_TOKEN, bearer, openAppFixture, webForm } from './server-fixture.js';

async function until(check: () => Promise<boolean>, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await sleep(10);
  }
}

describe('/healthz while a target is down', () => {
  it('says degraded with the target, the reason and since when, and ok again once it answers', async () => {
    const fx = await openAppFixture({
      workers: true,
      gate: { targetHealth: { failuresToPause: 1, probeBaseMs: 20, probeMaxMs: 100 } },
    });
    try {
      const health = async () => (await (await fx.app.request('/healthz')).json()) as Record<string, unknown>;
      expect(await health()).toMatchObject({ status: 'ok', targets: [{ system: 'hubspot', state: 'up' }] });

      fx.emulator.app.startOutage({ status: 503 });
      const posted = await fx.app.request('/v1/lanes/web-forms/events', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(WEB_TOKEN) },
        body: JSON.stringify({ event_key: 'down-1', payload: webForm('grace.hopper@example.com') }),
      });
      expect(posted.status).toBe(202);
      const id = ((await posted.json()) as { events: { id: string }[] }).events[0]!.id;
      await until(async () => (await health())['status'] === 'degraded');
      const degraded = await health();
      expect(degraded).toMatchObject({
        status: 'degraded',
        store: 'sqlite',
        targets: [
          {
            system: 'hubspot',
            state: 'down',
            reason: 'HTTP 503',
            lanes: expect.arrayContaining(['web-forms', 'billing']),
            since: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          },
        ],
      });
      expect(await (await fx.app.request('/metrics')).text()).toContain(
        'lanekeeper_target_up{system="hubspot"} 0',
      );

      fx.emulator.app.endOutage();
      await until(async () => (await health())['status'] === 'ok');
      const [event] = await fx.gateway.gate.waitFor([id], 10_000);
      expect(event?.status).toBe('written');
      const metrics = await (await fx.app.request('/metrics')).text();
      expect(metrics).toContain('lanekeeper_target_up{system="hubspot"} 1');
      expect(metrics).toContain('lanekeeper_target_outages_total{system="hubspot"} 1');
      expect(fx.logs()).toContain('target down: its lanes wait, probing');
      expect(fx.logs()).toContain('target up: its lanes resume');
    } finally {
      await fx.close();
    }
  }, 30_000);
});
