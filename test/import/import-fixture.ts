import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HubSpotConnector } from '../../src/connectors/hubspot/index.js';
import type { LaneContract } from '../../src/contract/index.js';
import { loadContract } from '../../src/contract/index.js';

export const WEB_FORM = 'web-form-to-hubspot-contacts';

/** The web form lane, in dry run when asked. */
export async function webFormLane(dryRun: boolean): Promise<LaneContract> {
  const contract = await loadContract('examples/lanes/web-form-to-hubspot-contacts.yaml');
  return { ...contract, flow: { ...contract.flow!, dryRun } };
}

/** People already in the CRM, written by someone else (no anchor); Robert's company differs from the export's. */
export async function seedCrm(connector: HubSpotConnector): Promise<void> {
  await connector.create('contacts', {
    email: 'robert.smith@acmecorp.com',
    firstname: 'Robert',
    lastname: 'Smith',
    phone: '+14155550100',
    company: 'Acme Corporation',
  });
  await connector.create('contacts', {
    email: 'ana.lima@initech.com',
    firstname: 'Ana',
    lastname: 'Lima',
    company: 'Initech',
  });
  await connector.create('contacts', { email: 'zoe@globex.com', firstname: 'Zoe', lastname: 'Park' });
}

/**
 * An export: people already in the CRM (one by email with a new phone, one unchanged), new people, a
 * duplicate inside the export (Carol twice, another submission), and a row the lane refuses (line 8).
 */
export const EXPORT_CSV = [
  'email,first_name,last_name,phone,company,job_title,form_id,submitted_at',
  'robert.smith@acmecorp.com,Robert,Smith,+14155550100,Acme Corp,CFO,f1,2025-06-01T10:00:00Z',
  'ana.lima@initech.com,Ana,Lima,+14155550111,Initech,,f1,2025-06-01T10:01:00Z',
  'carol.ng@hooli.com,Carol,Ng,+14155550122,Hooli,,f1,2025-06-01T10:02:00Z',
  'dave@umbrella.com,Dave,Jones,,Umbrella,,f1,2025-06-01T10:03:00Z',
  'carol.ng@hooli.com,Carol,Ng,,Hooli,VP Sales,f2,2025-06-02T09:00:00Z',
  'erin@initrode.com,Erin,Cho,+14155550133,Initrode,,f1,2025-06-01T10:04:00Z',
  'frank@vandelay.com,,Costanza,,Vandelay,,f1,2025-06-01T10:05:00Z',
  'gina@soylent.com,Gina,Ray,,Soylent,,f1,2025-06-01T10:06:00Z',
].join('\n');

export async function exportFile(text = EXPORT_CSV): Promise<{ file: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lanekeeper-import-'));
  const file = join(dir, 'export.csv');
  await writeFile(file, `${text}\n`);
  return { file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
