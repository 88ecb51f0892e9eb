import { describe, expect, it } from 'vitest';
import {
  createHubSpotApp,
  DEFAULT_TOKEN,
  startHubSpotEmulator,
  type EmulatorResponse,
  type HubSpotEmulatorApp,
} from '../../../src/emulators/hubspot/index.js';

const auth = { authorization: `Bearer ${DEFAULT_TOKEN}` };

function call(
  app: HubSpotEmulatorApp,
  method: string,
  url: string,
  body?: unknown,
): Promise<EmulatorResponse> {
  return app.handle({
    method,
    url,
    headers: auth,
    body: typeof body === 'string' ? body : body === undefined ? '' : JSON.stringify(body),
  });
}

function bodyOf(response: EmulatorResponse): Record<string, unknown> {
  return response.body as Record<string, unknown>;
}

describe('HubSpot emulator app', () => {
  it('answers malformed JSON with 400 VALIDATION_ERROR and its position', async () => {
    const app = createHubSpotApp();
    const response = await call(app, 'POST', '/crm/v3/objects/contacts', '{"properties": {');
    expect(response.status).toBe(400);
    expect(bodyOf(response)).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(bodyOf(response).message).toMatch(/^Invalid input JSON on line 1, column \d+/);
  });

  it('refuses bodies over the size limit and bodies of the wrong shape', async () => {
    const app = createHubSpotApp({ maxBodyBytes: 10 });
    const tooLarge = await app.handle({
      method: 'POST',
      url: '/crm/v3/objects/contacts',
      headers: auth,
      body: '',
      bodyTooLarge: true,
    });
    expect(tooLarge.status).toBe(413);
    const wrong = await call(createHubSpotApp(), 'POST', '/crm/v3/objects/contacts', { properties: [1] });
    expect(wrong.status).toBe(400);
    expect(bodyOf(wrong).message).toMatch(/properties/);
  });

  it('knows contacts and companies (also by type id) and nothing else', async () => {
    const app = createHubSpotApp();
    expect((await call(app, 'POST', '/crm/v3/objects/0-2', { properties: { name: 'Acme' } })).status).toBe(
      201,
    );
    expect(app.records('companies')).toHaveLength(1);
    const unknown = await call(app, 'GET', '/crm/v3/objects/widgets');
    expect([unknown.status, bodyOf(unknown).message]).toEqual([
      400,
      'Unable to infer object type from: widgets',
    ]);
  });

  it('caps batches at 100 inputs', async () => {
    const app = createHubSpotApp();
    const inputs = Array.from({ length: 101 }, (_, i) => ({ properties: { name: `Co ${i}` } }));
    const response = await call(app, 'POST', '/crm/v3/objects/companies/batch/create', { inputs });
    expect([response.status, bodyOf(response).category]).toEqual([400, 'VALIDATION_ERROR']);
    expect(app.records('companies')).toHaveLength(0);
  });

  it('creates the other inputs of a traced batch create and reports the conflict (207)', async () => {
    const app = createHubSpotApp();
    await call(app, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@acme.com' } });
    const untraced = await call(app, 'POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'bob@acme.com' } }, { properties: { email: 'ann@acme.com' } }],
    });
    expect(untraced.status).toBe(409);
    expect(app.records('contacts')).toHaveLength(1);
    const traced = await call(app, 'POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [
        { properties: { email: 'bob@acme.com' }, objectWriteTraceId: 't1' },
        { properties: { email: 'ann@acme.com' }, objectWriteTraceId: 't2' },
      ],
    });
    expect(traced.status).toBe(207);
    expect(bodyOf(traced)).toMatchObject({ status: 'COMPLETE', numErrors: 1 });
    expect((bodyOf(traced).errors as { message: string }[])[0]?.message).toBe(
      'Contact already exists. Existing ID: 101',
    );
    expect(app.records('contacts')).toHaveLength(2);
  });

  it('reports a batch upsert input whose unique value another record holds (207), applying the rest', async () => {
    const app = createHubSpotApp();
    await call(app, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@acme.com' } });
    const response = await call(app, 'POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [
        { id: 'e-1', idProperty: 'lanekeeper_id', properties: { email: 'ann@acme.com' } },
        { id: 'e-2', idProperty: 'lanekeeper_id', properties: { email: 'bob@acme.com' } },
      ],
    });
    expect(response.status).toBe(207);
    expect((bodyOf(response).errors as { category: string }[])[0]?.category).toBe('CONFLICT');
    expect(app.records('contacts').map((r) => r.properties.email)).toEqual(['ann@acme.com', 'bob@acme.com']);
  });

  it('refuses upsert on a property that is not unique-valued', async () => {
    const app = createHubSpotApp();
    const response = await call(app, 'POST', '/crm/v3/objects/contacts/batch/upsert', {
      inputs: [{ id: '+1555', idProperty: 'phone', properties: {} }],
    });
    expect(response.status).toBe(400);
  });

  it('batch update reports unknown ids (207) and fails as a whole on a taken email (409)', async () => {
    const app = createHubSpotApp();
    await call(app, 'POST', '/crm/v3/objects/contacts/batch/create', {
      inputs: [{ properties: { email: 'ann@acme.com' } }, { properties: { email: 'bob@acme.com' } }],
    });
    const partial = await call(app, 'POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id: '101', properties: { firstname: 'Ann' } },
        { id: '999', properties: { firstname: 'X' } },
      ],
    });
    expect(partial.status).toBe(207);
    const taken = await call(app, 'POST', '/crm/v3/objects/contacts/batch/update', {
      inputs: [
        { id: '101', properties: { firstname: 'Changed' } },
        { id: '102', properties: { email: 'ANN@acme.com' } },
      ],
    });
    expect(taken.status).toBe(409);
    expect(app.records('contacts').map((r) => r.properties.firstname)).toEqual(['Ann', undefined]);
  });

  it('finds a contact by a further address in hs_additional_emails, and refuses it to another contact', async () => {
    const app = createHubSpotApp();
    const created = await call(app, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'robert@acme.com' },
    });
    const id = String(bodyOf(created).id);
    await call(app, 'PATCH', `/crm/v3/objects/contacts/${id}`, {
      properties: { hs_additional_emails: 'bob@gmail.com;Rob@Home.io' },
    });
    const found = await call(app, 'GET', '/crm/v3/objects/contacts/rob@home.io?idProperty=email');
    expect(bodyOf(found)).toMatchObject({ id });
    const taken = await call(app, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'bob@gmail.com' },
    });
    expect(taken.status).toBe(409);
    await call(app, 'PATCH', `/crm/v3/objects/contacts/${id}`, { properties: { hs_additional_emails: '' } });
    const gone = await call(app, 'GET', '/crm/v3/objects/contacts/bob@gmail.com?idProperty=email');
    expect(gone.status).toBe(404);
  });

  it('refuses a write of a property made read-only (400 READ_ONLY_VALUE)', async () => {
    const app = createHubSpotApp({ readOnlyProperties: { contacts: ['hs_additional_emails'] } });
    const response = await call(app, 'POST', '/crm/v3/objects/contacts', {
      properties: { email: 'a@b.io', hs_additional_emails: 'c@d.io' },
    });
    expect(response.status).toBe(400);
    expect(bodyOf(response)).toMatchObject({ category: 'VALIDATION_ERROR' });
    expect(bodyOf(response).message).toContain('READ_ONLY_VALUE');
    expect(bodyOf(response).message).toContain('hs_additional_emails');
  });

  it('frees unique values on archive, and GET ?archived=true finds the archived record', async () => {
    const app = createHubSpotApp();
    await call(app, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@acme.com' } });
    expect(
      (await call(app, 'POST', '/crm/v3/objects/contacts/batch/archive', { inputs: [{ id: '101' }] })).status,
    ).toBe(204);
    expect(
      (await call(app, 'POST', '/crm/v3/objects/contacts', { properties: { email: 'ann@acme.com' } })).status,
    ).toBe(201);
    const archived = await call(app, 'GET', '/crm/v3/objects/contacts/101?archived=true');
    expect(bodyOf(archived)).toMatchObject({ id: '101', archived: true });
  });

  it('counts requests by endpoint, 429s and faults', async () => {
    const app = createHubSpotApp({ rateLimit: { max: 2 }, clock: { frozenAt: 0 } });
    app.faults.inject({ kind: 'status', status: 502 });
    expect((await call(app, 'GET', '/crm/v3/objects/contacts')).status).toBe(502);
    await call(app, 'GET', '/crm/v3/objects/contacts');
    const limited = await call(app, 'POST', '/crm/v3/objects/contacts/search', {});
    expect(limited.status).toBe(200);
    expect((await call(app, 'GET', '/crm/v3/objects/contacts')).status).toBe(429);
    expect(app.stats()).toMatchObject({
      total: 4,
      requests: { list: 3, search: 1 },
      rateLimited: 1,
      faults: { errors: 1, timeoutsAfterCommit: 0 },
    });
  });

  it('sends Retry-After on 429 when asked to', async () => {
    const app = createHubSpotApp({ rateLimit: { max: 1, retryAfter: true }, clock: { frozenAt: 0 } });
    await call(app, 'GET', '/crm/v3/objects/contacts');
    app.clock.advance(2_500);
    const limited = await call(app, 'GET', '/crm/v3/objects/contacts');
    expect(limited.status).toBe(429);
    expect(limited.headers['Retry-After']).toBe('8');
    expect(bodyOf(limited)).toEqual({
      status: 'error',
      message: 'You have reached your ten_secondly_rolling limit.',
      errorType: 'RATE_LIMIT',
      correlationId: expect.any(String) as unknown,
      policyName: 'TEN_SECONDLY_ROLLING',
      groupName: expect.any(String) as unknown,
    });
  });
});

describe('HubSpot emulator search', () => {
  it('defaults to 10 results, refuses more than 200, and takes sorts as strings too', async () => {
    const app = createHubSpotApp({ indexingDelayMs: 0 });
    const inputs = Array.from({ length: 12 }, (_, i) => ({
      properties: { name: `Co ${String(i).padStart(2, '0')}` },
    }));
    await call(app, 'POST', '/crm/v3/objects/companies/batch/create', { inputs });
    const first = await call(app, 'POST', '/crm/v3/objects/companies/search', { sorts: ['-name'] });
    expect(bodyOf(first)).toMatchObject({ total: 12, paging: { next: { after: '10' } } });
    const names = (bodyOf(first).results as { properties: { name: string } }[]).map((r) => r.properties.name);
    expect(names.slice(0, 2)).toEqual(['Co 11', 'Co 10']);
    expect((await call(app, 'POST', '/crm/v3/objects/companies/search', { limit: 201 })).status).toBe(400);
  });

  it('never shows archived records', async () => {
    const app = createHubSpotApp({ indexingDelayMs: 0 });
    await call(app, 'POST', '/crm/v3/objects/companies', { properties: { name: 'Acme' } });
    await call(app, 'DELETE', '/crm/v3/objects/companies/101');
    expect(bodyOf(await call(app, 'POST', '/crm/v3/objects/companies/search', {})).total).toBe(0);
  });
});

describe('HubSpot emulator over HTTP', () => {
  it('applies a write whose response it then drops', async () => {
    const emulator = await startHubSpotEmulator();
    try {
      emulator.injectFault({ kind: 'timeout-after-commit', mode: 'drop' });
      const request = fetch(`${emulator.url}/crm/v3/objects/companies`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { name: 'Acme' } }),
      });
      await expect(request).rejects.toThrow();
      expect(emulator.records('companies')).toHaveLength(1);
      expect(emulator.stats().faults.timeoutsAfterCommit).toBe(1);
    } finally {
      await emulator.close();
    }
  });

  it('keeps a hung response silent until the client gives up', async () => {
    const emulator = await startHubSpotEmulator({ faults: { timeoutMode: 'hang', hangMs: 5_000 } });
    try {
      emulator.injectFault({ kind: 'timeout-after-commit' });
      const request = fetch(`${emulator.url}/crm/v3/objects/companies`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { name: 'Acme' } }),
        signal: AbortSignal.timeout(100),
      });
      await expect(request).rejects.toThrow();
      expect(emulator.records('companies')).toHaveLength(1);
    } finally {
      await emulator.close();
    }
  });

  it('refuses a body over the limit with 413', async () => {
    const emulator = await startHubSpotEmulator({ maxBodyBytes: 100 });
    try {
      const response = await fetch(`${emulator.url}/crm/v3/objects/companies`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ properties: { name: 'x'.repeat(200) } }),
      });
      expect(response.status).toBe(413);
      expect(((await response.json()) as { category: string }).category).toBe('VALIDATION_ERROR');
    } finally {
      await emulator.close();
    }
  });
});
