/**
 * An event interrupted mid-write by a target slow enough that its lease runs out: another worker takes the
 * event over while the first is still writing it.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { gateBackends } from '../gate/backends.js';
import { gateRig, webForm, WEB_FORM } from '../gate/gate-fixture.js';

const backends = await gateBackends('scale lease expiry');

describe.each(backends)('an event whose write outlives its lease, on $name', (backend) => {
  afterAll(() => backend.cleanup());

  it('is written once, not again by the worker that takes the expired lease over', async () => {
    const rig = await gateRig(await backend.open(), { gate: { leaseMs: 300, workers: 2 } });
    try {
      // The pre-create check answers after 800 ms, well past the 300 ms lease.
      rig.emulator.injectFault({ kind: 'latency', ms: 800 }, { endpoint: 'batch/read' });
      const [accepted] = await rig.gate.submit(WEB_FORM, 'forms', [
        { eventKey: 'slow-target', payload: webForm({ email: 'ezra@acme.com', first_name: 'Ezra' }) },
      ]);
      await rig.gate.drain();
      const event = await rig.store.getEvent(accepted!.id);
      expect(event).toMatchObject({ status: 'written', outcome: { operation: 'create' } });
      expect(rig.emulator.records('contacts')).toHaveLength(1);
      const { requests } = rig.emulator.stats();
      const writes =
        (requests.create ?? 0) +
        (requests.update ?? 0) +
        (requests['batch/create'] ?? 0) +
        (requests['batch/update'] ?? 0) +
        (requests['batch/upsert'] ?? 0);
      expect(writes).toBe(1);
    } finally {
      await rig.close();
    }
  });
});
