import { afterAll, describe, expect, it } from 'vitest';
import { GateError } from '../../src/gate/gate-error.js';
import { gateBackends } from './backends.js';
import { gateRig, webForm, WEB_FORM } from './gate-fixture.js';

const backends = await gateBackends('gate replays');

async function gateError(promise: Promise<unknown>): Promise<GateError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GateError);
  return error as GateError;
}

describe.each(backends)('replays on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('a re-delivered event key returns the earlier event and writes once', async () => {
    const rig = await gateRig(await backend.open());
    try {
      const submission = {
        eventKey: 'hook-1',
        payload: webForm({ email: 'ann@acme.com', first_name: 'Ann' }),
      };
      const [first] = await rig.gate.submit(WEB_FORM, 'forms', [submission]);
      await rig.gate.drain();
      const [again] = await rig.gate.submit(WEB_FORM, 'forms', [submission]);
      const [byBusinessKey1] = await rig.gate.submit(WEB_FORM, 'forms', [{ payload: submission.payload }]);
      const [byBusinessKey2] = await rig.gate.submit(WEB_FORM, 'forms', [{ payload: submission.payload }]);
      await rig.gate.drain();
      expect(again).toEqual({ id: first!.id, duplicate: true, status: 'written' });
      expect(byBusinessKey2).toMatchObject({ id: byBusinessKey1!.id, duplicate: true });
      expect(rig.emulator.records('contacts')).toHaveLength(1);
      const event = await rig.store.getEvent(first!.id);
      expect(event?.outcome).toMatchObject({ operation: 'create', decision: 'new' });
    } finally {
      await rig.close();
    }
  });

  it('dead-letters a refused write at once, replays it with operator and reason, and refuses a second replay', async () => {
    const rig = await gateRig(await backend.open());
    try {
      rig.emulator.injectFault({ kind: 'status', status: 400 }, { endpoint: 'batch/upsert' });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { eventKey: 'dl-1', payload: webForm({ email: 'dee@acme.com', first_name: 'Dee' }) },
      ]);
      await rig.gate.drain();
      const dead = await rig.store.getEvent(accepted!.id);
      expect(dead?.status).toBe('dead_letter');
      expect(dead?.outcome?.error).toMatch(/^rejected \(HTTP 400\)/);
      const [letter] = await rig.store.listDeadLetters();
      expect(letter?.payload).toEqual(webForm({ email: 'dee@acme.com', first_name: 'Dee' }));

      for (const request of [
        { operator: '', reason: 'fixed the property' },
        { operator: 'ops@lanekeeper', reason: '  ' },
        {} as { operator: string; reason: string },
      ]) {
        const error = await gateError(rig.gate.replayDeadLetter(letter!.id, request));
        expect(error.code).toBe('invalid_request');
      }
      expect((await rig.store.getDeadLetter(letter!.id))?.replays).toEqual([]);

      const replayed = await rig.gate.replayDeadLetter(letter!.id, {
        operator: 'ops@lanekeeper',
        reason: 'HubSpot fixed',
      });
      expect(replayed.status).toBe('written');
      expect(rig.emulator.records('contacts')).toHaveLength(1);

      const refused = await gateError(
        rig.gate.replayDeadLetter(letter!.id, { operator: 'ops2', reason: 'again' }),
      );
      expect(refused).toMatchObject({
        code: 'conflict',
        message: 'replay refused: the event was written already',
      });
      const replays = (await rig.store.getDeadLetter(letter!.id))?.replays ?? [];
      expect(replays.map((r) => ({ operator: r.operator, reason: r.reason, refused: r.refused }))).toEqual([
        { operator: 'ops@lanekeeper', reason: 'HubSpot fixed', refused: undefined },
        { operator: 'ops2', reason: 'again', refused: 'the event was written already' },
      ]);
      expect(rig.emulator.records('contacts')).toHaveLength(1);
    } finally {
      await rig.close();
    }
  });

  it('retries a target that keeps failing with backoff, then dead-letters with the error', async () => {
    const rig = await gateRig(await backend.open(), {
      gate: { retry: { maxAttempts: 3, baseDelayMs: 5, maxDelayMs: 20 } },
    });
    try {
      rig.emulator.injectFault({ kind: 'status', status: 503 }, { endpoint: 'batch/upsert', times: 1_000 });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { eventKey: 'flaky', payload: webForm({ email: 'f@acme.com' }) },
      ]);
      await rig.gate.drain();
      const event = await rig.store.getEvent(accepted!.id);
      expect(event).toMatchObject({ status: 'dead_letter', attempts: 2 });
      expect(event?.outcome?.error).toMatch(/^retryable \(HTTP 503\)/);
      expect(rig.emulator.records('contacts')).toHaveLength(0);
    } finally {
      await rig.close();
    }
  });
});
