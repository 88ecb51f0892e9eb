import { afterAll, describe, expect, it } from 'vitest';
import { Gate } from '../../src/gate/gate.js';
import { SubmissionError } from '../../src/gate/gate-port.js';
import { GateError } from '../../src/gate/gate-error.js';
import {
  exampleLanes,
  gateRig,
  hubspot,
  sqliteStore,
  webForm,
  ENRICHMENT,
  WEB_FORM,
} from './gate-fixture.js';

const { store, cleanup } = await sqliteStore();
const rig = await gateRig(store);
afterAll(async () => {
  await rig.close();
  await cleanup();
});

async function refusal(promise: Promise<unknown>): Promise<SubmissionError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SubmissionError);
  return error as SubmissionError;
}

describe('intake', () => {
  it('refuses the whole request when one submission breaks the contract, and stores nothing', async () => {
    const before = await store.countByStatus();
    const error = await refusal(
      rig.gate.submit(WEB_FORM, 'forms', [
        { payload: webForm({ email: 'ann@acme.com' }) },
        { payload: webForm({ email: 'not-an-address' }) },
      ]),
    );
    expect(error).toMatchObject({ path: '[1].payload.email', code: 'invalid_field' });
    expect(error.message).toBe('not an email address (missing @)');
    expect(await store.countByStatus()).toEqual(before);
  });

  it('refuses text no store can keep faithfully (NUL, lone surrogates) in any field or the event key', async () => {
    const before = await store.countByStatus();
    expect(
      await refusal(rig.gate.submit(WEB_FORM, 'forms', [{ payload: webForm({ note: 'a\u0000b' }) }])),
    ).toMatchObject({ path: '[0].payload.note', code: 'unstorable_text' });
    expect(
      await refusal(
        rig.gate.submit(WEB_FORM, 'forms', [
          { eventKey: 'k\udc00', payload: webForm({ email: 'ann@acme.com' }) },
        ]),
      ),
    ).toMatchObject({ path: '[0].eventKey', code: 'unstorable_text' });
    expect(await store.countByStatus()).toEqual(before);
  });

  it('names missing required fields, unknown lanes and bad bodies by path', async () => {
    expect(
      await refusal(rig.gate.submit(WEB_FORM, 'forms', [{ payload: webForm({ last_name: undefined }) }])),
    ).toMatchObject({
      path: '[0].payload.last_name',
      code: 'missing_field',
    });
    expect(await refusal(rig.gate.submit('nope', 'forms', []))).toMatchObject({ code: 'unknown_lane' });
    expect(
      await refusal(rig.gate.submit(WEB_FORM, 'forms', [{ payload: webForm({}) }, { payload: [] as never }])),
    ).toMatchObject({ path: '[1].payload', code: 'invalid_body' });
    expect(
      await refusal(
        rig.gate.submit(WEB_FORM, 'forms', [{ payload: { ...webForm({}), phone: { n: 1 } as never } }]),
      ),
    ).toMatchObject({ path: '[0].payload.phone', code: 'invalid_field' });
    expect(
      await refusal(
        rig.gate.submit(ENRICHMENT, 'enrich', [{ payload: { email: 'a@b.co', enriched_on: '' } }]),
      ),
    ).toMatchObject({ path: '[0].payload.enriched_on', code: 'missing_field' });
  });

  it('keeps payload values out of error messages', async () => {
    const error = await refusal(
      rig.gate.submit(WEB_FORM, 'forms', [{ payload: webForm({ phone: '555-12' }) }]),
    );
    expect(error.message).not.toContain('555');
  });

  it('lets only the lane integration users post when the lane names them', async () => {
    const [contract] = await exampleLanes();
    const { emulator, connector } = await hubspot();
    try {
      const gate = new Gate({
        store,
        lanes: [{ contract: contract!, principals: ['forms-integration'] }],
        connectors: { hubspot: connector },
      });
      expect(await refusal(gate.submit(WEB_FORM, 'someone-else', [{ payload: webForm({}) }]))).toMatchObject({
        code: 'forbidden',
      });
      const [accepted] = await gate.submit(WEB_FORM, 'forms-integration', [
        { payload: webForm({ email: 'p@q.co' }) },
      ]);
      expect(accepted?.status).toBe('accepted');
    } finally {
      await emulator.close();
    }
  });

  it('refuses a configuration whose lanes of one object disagree on identity rules, or lack a connector', async () => {
    const [contract] = await exampleLanes();
    const changed = { ...contract!, identity: { ...contract!.identity, prior: 0.5 }, lane: 'other' };
    const { emulator, connector } = await hubspot();
    try {
      expect(
        () => new Gate({ store, lanes: [contract!, changed], connectors: { hubspot: connector } }),
      ).toThrow(/different identity rules/);
      expect(() => new Gate({ store, lanes: [contract!], connectors: {} })).toThrow(GateError);
      expect(
        () => new Gate({ store, lanes: [contract!], connectors: { hubspot: connector }, workers: 0 }),
      ).toThrow('workers must be a whole number ≥ 1, got 0');
    } finally {
      await emulator.close();
    }
  });
});
