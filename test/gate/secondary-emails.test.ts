import { describe, expect, it } from 'vitest';
import { eventIdentity } from '../../src/gate/event-identity.js';
import { planLane } from '../../src/gate/lane-plan.js';
import { secondaryEmails } from '../../src/gate/secondary-emails.js';
import { exampleLanes, webForm, WEB_FORM } from './gate-fixture.js';

const plan = planLane((await exampleLanes()).find((l) => l.lane === WEB_FORM)!);
const identity = (email: string) => eventIdentity(plan, webForm({ email }));

describe('secondary emails (pure)', () => {
  it('adds the event address to the list, lower-cased, once', () => {
    expect(secondaryEmails(plan, identity('Bob@Gmail.com'), ['email'], {}, 'hs_additional_emails')).toEqual({
      property: 'hs_additional_emails',
      value: 'bob@gmail.com',
      from: ['email'],
    });
    const current = { hs_additional_emails: 'old@home.io;BOB@gmail.com' };
    expect(
      secondaryEmails(plan, identity('bob@gmail.com'), ['email'], current, 'hs_additional_emails'),
    ).toBeUndefined();
    expect(
      secondaryEmails(plan, identity('new@gmail.com'), ['email'], current, 'hs_additional_emails')?.value,
    ).toBe('old@home.io;BOB@gmail.com;new@gmail.com');
  });

  it('adds nothing for a key the record does not hold otherwise, nor for a role mailbox', () => {
    expect(secondaryEmails(plan, identity('bob@gmail.com'), [], {}, 'hs_additional_emails')).toBeUndefined();
    expect(
      secondaryEmails(plan, identity('support@acme.com'), ['email'], {}, 'hs_additional_emails'),
    ).toBeUndefined();
  });
});
