import { describe, expect, it } from 'vitest';
import { eventIdentity, probesOf } from '../../src/gate/event-identity.js';
import { eventKeyOf } from '../../src/gate/event-key.js';
import { planLane, propertiesOf } from '../../src/gate/lane-plan.js';
import { retryDelay } from '../../src/gate/retry-policy.js';
import { exampleLanes, HELP_DESK, WEB_FORM } from './gate-fixture.js';

const lanes = new Map((await exampleLanes()).map((c) => [c.lane, planLane(c)]));
const webForm = lanes.get(WEB_FORM)!;
const helpDesk = lanes.get(HELP_DESK)!;

describe('event identity (pure)', () => {
  it('normalizes keys: source id first, then email and phone in E.164', () => {
    const identity = eventIdentity(helpDesk, {
      requester_id: '5001',
      ticket_id: '9',
      name: 'Smith, Bob',
      email: ' Robert.Smith+crm@GMail.com ',
      phone: '(415) 555-0100',
    });
    expect(identity.exactKeys).toEqual([
      'external_id:help_desk:5001',
      'email:robertsmith@gmail.com',
      'phone:+14155550100',
    ]);
    expect(identity.sourceId).toBe('5001');
    expect(identity.features.first_name).toBe('bob');
    expect(identity.lockKeys.slice(0, 3)).toEqual(identity.exactKeys);
    expect(identity.lockKeys.some((k) => k.startsWith('block:names:'))).toBe(true);
  });

  it('never uses a role mailbox as a key, and marks it', () => {
    const identity = eventIdentity(webForm, {
      email: 'support@acme.com',
      first_name: 'Ann',
      last_name: 'Lee',
      phone: '415 555 0101',
    });
    expect(identity.exactKeys).toEqual(['phone:+14155550101']);
    expect(identity.roleFields).toEqual(['email']);
    expect(probesOf(webForm, identity)).toEqual([{ property: 'phone', value: '+14155550101' }]);
  });

  it('maps only contract fields to properties and leaves empty values out', () => {
    expect(
      propertiesOf(webForm.flow, {
        email: 'a@b.co',
        first_name: ' Ann ',
        phone: '',
        secret: 'x',
        company: 3,
      }),
    ).toEqual({
      email: 'a@b.co',
      firstname: 'Ann',
      company: '3',
    });
  });

  it('takes a given event id, else hashes the business key', () => {
    const payload = { form_id: 'f', email: 'a@b.co', submitted_at: 't1' };
    expect(eventKeyOf(webForm.flow, payload, 'evt-1')).toBe('evt-1');
    const key = eventKeyOf(webForm.flow, payload, undefined);
    expect(key).toMatch(/^bk:[0-9a-f]{64}$/);
    expect(eventKeyOf(webForm.flow, { ...payload, first_name: 'other' }, undefined)).toBe(key);
    expect(eventKeyOf(webForm.flow, { ...payload, submitted_at: 't2' }, undefined)).not.toBe(key);
  });

  it('backs off exponentially with jitter, up to the attempt limit', () => {
    const policy = { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 250, jitter: 0.2 };
    expect([1, 2, 3].map((a) => retryDelay(policy, a, () => 0.5))).toEqual([100, 200, 250]);
    expect(retryDelay(policy, 1, () => 0)).toBe(80);
    expect(retryDelay(policy, 1, () => 0.999_999)).toBe(120);
    expect(retryDelay(policy, 4, () => 0.5)).toBeUndefined();
  });
});
