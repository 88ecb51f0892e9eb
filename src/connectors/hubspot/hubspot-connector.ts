import { Client } from '@hubspot/api-client';
import type {
  BasicApi,
  BatchApi,
  FilterOperatorEnum,
  PromiseConfigurationOptions,
  SearchApi,
  StandardError,
} from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import type {
  CoreApi as PropertiesApi,
  PromiseConfigurationOptions as PropertiesCallOptions,
  PropertyCreate,
} from '@hubspot/api-client/lib/codegen/crm/properties/index.js';
import type { RequiredProperty, SetupCheck } from '../target-setup.js';
import {
  ConnectorError,
  type AnchoredInput,
  type InputOutcome,
  type KeyProbe,
  type Properties,
  type TargetConnector,
  type TargetRecord,
  type UpdateInput,
  type UpsertResult,
} from '../target-connector.js';
import {
  resolveHubSpotOptions,
  type HubSpotConnectorOptions,
  type ResolvedHubSpotOptions,
} from './hubspot-connector-options.js';
import type { ListedPage, ListedRecord, RecordLister } from '../record-lister.js';
import { decodeChangedCursor, encodeChangedCursor, nextChangedCursor } from './changed-cursor.js';
import { classifyHubSpotFailure, fromBatchError, toConnectorError } from './hubspot-errors.js';
import { checkHubSpotSetup, propertyCreateBody } from './hubspot-setup.js';
import { planKeyLookups, type SearchFilterSpec } from './key-lookup-plan.js';
import { RequestRunner } from './request-runner.js';
import { createTimeoutAgent } from './timeout-agent.js';
import { TokenBucket } from './token-bucket.js';

type Lane = 'standard' | 'search';

interface WireRecord {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  readonly updatedAt?: Date;
  readonly archivedAt?: Date;
}

/** Ids of the records merged into a record, `;`-separated. */
const MERGED_IDS = 'hs_merged_object_ids';

interface BatchAnswer<R> {
  readonly results: readonly R[];
  readonly errors?: readonly StandardError[];
}

/** HubSpot's introspection of a private-app token. */
const TOKEN_INFO_PATH = '/oauth/v2/private-apps/get/access-token-info';

/** Past this offset HubSpot search refuses to page (10 000 results per query). */
const SEARCH_RESULT_CAP = 10_000;
const SEARCH_PAGE_SIZE = 200;

/**
 * `TargetConnector` for HubSpot CRM v3 through the official `@hubspot/api-client`, with our own throttling,
 * timeouts and retries (the SDK's are off: see the constructor).
 *
 * Reads of unique-value properties (contact `email`, the anchor) go through batch read by value and are
 * current. Every other key goes through search, which trails writes by HubSpot's indexing delay (seconds):
 * `findByKeys` on such a key does not see records written moments ago.
 */
export class HubSpotConnector implements TargetConnector, RecordLister {
  readonly system = 'hubspot';
  private calls = 0;
  private readonly settings: ResolvedHubSpotOptions;
  private readonly basicApi: BasicApi;
  private readonly batchApi: BatchApi;
  private readonly searchApi: SearchApi;
  private readonly propertiesApi: PropertiesApi;
  private readonly runner: RequestRunner<Lane>;
  private readonly callOptions: PromiseConfigurationOptions;

  constructor(options: HubSpotConnectorOptions) {
    const settings = resolveHubSpotOptions(options);
    this.settings = settings;
    const client = new Client({
      accessToken: settings.accessToken,
      basePath: settings.basePath,
      httpAgent: createTimeoutAgent(settings.basePath, settings.retry.timeoutMs),
    });
    // SDK 13.x applies the configured middleware (which is how `httpAgent` is installed) only to calls that
    // pass call-time options, so every call passes these: they append a counter that runs once per HTTP
    // request sent, retries included.
    this.callOptions = {
      middleware: [
        {
          pre: (context) => {
            this.calls += 1;
            return Promise.resolve(context);
          },
          post: (context) => Promise.resolve(context),
        },
      ],
      middlewareMergeStrategy: 'append',
    };
    // The SDK keeps retry and limiter decorators in a process-wide singleton that every `new Client()`
    // overwrites and that is applied when an API object is first built. Building ours right after our own
    // Client (which asks for none) keeps SDK retries off them whatever other clients in the process set.
    const { basicApi, batchApi, searchApi } = client.crm.objects;
    this.basicApi = basicApi;
    this.batchApi = batchApi;
    this.searchApi = searchApi;
    this.propertiesApi = client.crm.properties.coreApi;
    const now = settings.now();
    this.runner = new RequestRunner<Lane>(
      {
        policy: settings.retry,
        classify: (error) => classifyHubSpotFailure(error, settings.now()),
        random: settings.random,
        sleep: settings.sleep,
        now: settings.now,
      },
      {
        standard: new TokenBucket(settings.rateLimit.capacity, settings.rateLimit.refillPerSecond, now),
        search: new TokenBucket(
          settings.searchRateLimit.capacity,
          settings.searchRateLimit.refillPerSecond,
          now,
        ),
      },
    );
  }

  get apiCalls(): number {
    return this.calls;
  }

  /**
   * Batch upsert keyed on the anchor property: a repeat after a lost response finds the record the first
   * attempt made and updates it. (`created` then reports `false`, since HubSpot cannot tell us the record was
   * ours from the first attempt.)
   */
  async upsertByAnchor(object: string, entityId: string, properties: Properties): Promise<UpsertResult> {
    const [outcome] = await this.upsertManyByAnchor(object, [{ entityId, properties }]);
    if (outcome === undefined)
      throw new ConnectorError(`HubSpot upsert of ${object} returned nothing`, 'retryable');
    if (!outcome.ok) throw outcome.error;
    return outcome.value;
  }

  async upsertManyByAnchor(
    object: string,
    inputs: readonly AnchoredInput[],
  ): Promise<InputOutcome<UpsertResult>[]> {
    if (inputs.length === 0) return [];
    this.checkBatchSize(inputs.length);
    const anchor = this.settings.anchorProperty;
    const operation = `upsert of ${object} by ${anchor}`;
    const answer = await this.call('standard', operation, () =>
      this.batchApi.upsert(
        object,
        {
          inputs: inputs.map(({ entityId, properties }) => ({
            id: entityId,
            idProperty: anchor,
            properties: toWire({ ...properties, [anchor]: entityId }),
          })),
        },
        this.callOptions,
      ),
    );
    const results = new Map<string, UpsertResult>();
    for (const result of answer.results) {
      const key = result.properties[anchor] ?? (inputs.length === 1 ? inputs[0]!.entityId : undefined);
      if (key !== undefined && key !== null) results.set(key, { id: result.id, created: result._new });
    }
    const errors = 'errors' in answer ? (answer.errors ?? []) : [];
    return outcomesOf(
      inputs.map((i) => i.entityId),
      results,
      errors,
      operation,
    );
  }

  async create(object: string, properties: Properties): Promise<TargetRecord> {
    const record = await this.call('standard', `create of ${object}`, () =>
      this.basicApi.create(object, { properties: toWire(properties), associations: [] }, this.callOptions),
    );
    return toRecord(record);
  }

  async update(object: string, id: string, properties: Properties): Promise<TargetRecord> {
    const record = await this.call('standard', `update of ${object} ${id}`, () =>
      this.basicApi.update(object, id, { properties: toWire(properties) }, undefined, this.callOptions),
    );
    return toRecord(record);
  }

  async updateMany(object: string, inputs: readonly UpdateInput[]): Promise<InputOutcome<TargetRecord>[]> {
    if (inputs.length === 0) return [];
    this.checkBatchSize(inputs.length);
    const operation = `batch update of ${object}`;
    const answer: BatchAnswer<WireRecord> = await this.call('standard', operation, () =>
      this.batchApi.update(
        object,
        { inputs: inputs.map(({ id, properties }) => ({ id, properties: toWire(properties) })) },
        this.callOptions,
      ),
    );
    const results = new Map(answer.results.map((r) => [r.id, toRecord(r)]));
    return outcomesOf(
      inputs.map((i) => i.id),
      results,
      answer.errors ?? [],
      operation,
    );
  }

  /** As HubSpot compares values in reads by unique property and in search `EQ`: case-insensitively. */
  holdsValue(record: TargetRecord, probe: KeyProbe): boolean {
    const actual = record.properties[probe.property];
    return typeof actual === 'string' && actual.trim().toLowerCase() === probe.value.trim().toLowerCase();
  }

  get batchLimit(): number {
    return this.settings.lookupLimits.batchSize;
  }

  secondaryEmailProperty(object: string): string | undefined {
    return this.settings.secondaryEmailProperties[object];
  }

  async read(
    object: string,
    ids: readonly string[],
    properties?: readonly string[],
  ): Promise<TargetRecord[]> {
    const unique = [...new Set(ids)];
    const records: TargetRecord[] = [];
    for (let i = 0; i < unique.length; i += this.settings.lookupLimits.batchSize) {
      const chunk = unique.slice(i, i + this.settings.lookupLimits.batchSize);
      records.push(...(await this.batchRead(object, 'hs_object_id', chunk, properties ?? [])));
    }
    return records;
  }

  async findByKeys(
    object: string,
    probes: readonly KeyProbe[],
    properties: readonly string[] = [],
  ): Promise<TargetRecord[]> {
    const direct = new Set([this.settings.anchorProperty, ...(this.settings.uniqueProperties[object] ?? [])]);
    const plan = planKeyLookups(probes, direct, this.settings.lookupLimits);
    const wanted = [
      ...new Set([...properties, ...probes.map((p) => p.property), this.settings.anchorProperty]),
    ];
    const found = new Map<string, TargetRecord>();
    for (const read of plan.reads) {
      for (const record of await this.batchRead(object, read.property, read.values, wanted)) {
        found.set(record.id, record);
      }
    }
    for (const groups of plan.searches) {
      for (const record of await this.searchAll(object, groups, wanted)) {
        if (!found.has(record.id)) found.set(record.id, record);
      }
    }
    return [...found.values()];
  }

  async listAll(object: string, properties?: readonly string[]): Promise<TargetRecord[]> {
    const records: TargetRecord[] = [];
    let after: string | undefined;
    do {
      const cursor = after;
      const page = await this.call('standard', `list of ${object}`, () =>
        this.basicApi.getPage(
          object,
          this.settings.listPageSize,
          cursor,
          properties?.slice(),
          undefined,
          undefined,
          false,
          this.callOptions,
        ),
      );
      records.push(...page.results.map(toRecord));
      after = page.paging?.next?.after;
    } while (after !== undefined);
    return records;
  }

  async listPage(object: string, properties: readonly string[], cursor?: string): Promise<ListedPage> {
    const page = await this.call('standard', `list of ${object}`, () =>
      this.basicApi.getPage(
        object,
        this.settings.listPageSize,
        cursor,
        this.listedProperties(object, properties),
        undefined,
        undefined,
        false,
        this.callOptions,
      ),
    );
    return listed(page.results, object, page.paging?.next?.after);
  }

  /**
   * Search by last-modified time (`lastmodifieddate` on contacts, `hs_lastmodifieddate` on other objects)
   * `GTE since`, ascending, `listPageSize` a page; restarts from the last time seen before the offset
   * reaches HubSpot's cap of results per query.
   */
  async changedPage(
    object: string,
    since: number,
    properties: readonly string[],
    cursor?: string,
  ): Promise<ListedPage> {
    const at = decodeChangedCursor(cursor, since);
    const stamp = lastModifiedProperty(object);
    const limit = this.settings.listPageSize;
    const page = await this.call('search', `search of ${object} changed since ${at.since}`, () =>
      this.searchApi.doSearch(
        object,
        {
          filterGroups: [
            {
              filters: [
                { propertyName: stamp, operator: 'GTE' as FilterOperatorEnum, value: String(at.since) },
              ],
            },
          ],
          // The SDK types sorts as strings; HubSpot takes (and the SDK passes) objects.
          sorts: [{ propertyName: stamp, direction: 'ASCENDING' }] as unknown as string[],
          properties: this.listedProperties(object, properties),
          limit,
          ...(at.offset === 0 ? {} : { after: String(at.offset) }),
        },
        this.callOptions,
      ),
    );
    const records = listedRecords(page.results, object);
    const after = page.paging?.next?.after;
    let next;
    try {
      next = nextChangedCursor(
        at,
        after === undefined ? undefined : Number(after),
        limit,
        this.settings.searchResultCap,
        records.at(-1)?.modifiedAt,
      );
    } catch (error) {
      throw new ConnectorError(`HubSpot search of ${object}: ${(error as Error).message}`, 'rejected');
    }
    return { records, ...(next === undefined ? {} : { next: encodeChangedCursor(next) }) };
  }

  async latestChange(object: string): Promise<number | undefined> {
    const stamp = lastModifiedProperty(object);
    const page = await this.call('search', `search of ${object}'s latest change`, () =>
      this.searchApi.doSearch(
        object,
        {
          filterGroups: [],
          sorts: [{ propertyName: stamp, direction: 'DESCENDING' }] as unknown as string[],
          properties: [stamp],
          limit: 1,
        },
        this.callOptions,
      ),
    );
    return listedRecords(page.results, object)[0]?.modifiedAt;
  }

  async archivedPage(object: string, cursor?: string): Promise<ListedPage> {
    const page = await this.call('standard', `list of archived ${object}`, () =>
      this.basicApi.getPage(
        object,
        this.settings.listPageSize,
        cursor,
        [MERGED_IDS],
        undefined,
        undefined,
        true,
        this.callOptions,
      ),
    );
    return listed(page.results, object, page.paging?.next?.after);
  }

  private listedProperties(object: string, properties: readonly string[]): string[] {
    return [
      ...new Set([...properties, this.settings.anchorProperty, MERGED_IDS, lastModifiedProperty(object)]),
    ];
  }

  /** One page of one record, tried once: the cheapest call that needs a valid token and a working API. */
  async ping(object: string): Promise<void> {
    await this.call(
      'standard',
      `probe of ${object}`,
      () => this.basicApi.getPage(object, 1, undefined, [], undefined, undefined, false, this.callOptions),
      1,
    );
  }

  async checkSetup(required: readonly RequiredProperty[]): Promise<SetupCheck> {
    return checkHubSpotSetup(
      {
        ping: (object) => this.ping(object),
        listProperties: async (object) => {
          const answer = await this.call('standard', `read of the ${object} properties`, () =>
            this.propertiesApi.getAll(object, false, undefined, this.callOptions as PropertiesCallOptions),
          );
          return answer.results;
        },
        tokenScopes: () => this.tokenScopes(),
      },
      required,
    );
  }

  /** `POST /crm/v3/properties/{object}`; a property of that name already there (409) is left as it is. */
  async createProperty(property: RequiredProperty): Promise<void> {
    try {
      await this.call('standard', `creation of ${property.object} property ${property.name}`, () =>
        this.propertiesApi.create(
          property.object,
          propertyCreateBody(property) as unknown as PropertyCreate,
          this.callOptions as PropertiesCallOptions,
        ),
      );
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'conflict') return;
      throw err;
    }
  }

  /**
   * The private-app token introspection (`POST /oauth/v2/private-apps/get/access-token-info`, the token in
   * the body, never in a URL): its scopes, or `undefined` when HubSpot does not answer it (an OAuth token).
   */
  private async tokenScopes(): Promise<readonly string[] | undefined> {
    this.calls += 1;
    const response = await fetch(`${this.settings.basePath}${TOKEN_INFO_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ tokenKey: this.settings.accessToken }),
      signal: AbortSignal.timeout(this.settings.retry.timeoutMs),
    });
    if (!response.ok) return undefined;
    const body = (await response.json()) as { scopes?: unknown };
    const scopes = body.scopes;
    return Array.isArray(scopes) && scopes.every((s) => typeof s === 'string') ? scopes : undefined;
  }

  /** Batch read by id or by a unique-value property; values HubSpot does not know are left out. */
  private async batchRead(
    object: string,
    idProperty: string,
    values: readonly string[],
    properties: readonly string[],
  ): Promise<TargetRecord[]> {
    const operation = `batch read of ${object} by ${idProperty}`;
    const answer: BatchAnswer<WireRecord> = await this.call('standard', operation, () =>
      this.batchApi.read(
        object,
        {
          inputs: values.map((id) => ({ id })),
          properties: properties.slice(),
          propertiesWithHistory: [],
          ...(idProperty === 'hs_object_id' ? {} : { idProperty }),
        },
        false,
        this.callOptions,
      ),
    );
    const failure = answer.errors?.find((e) => e.category !== 'OBJECT_NOT_FOUND');
    if (failure !== undefined) throw fromBatchError(failure, operation);
    return answer.results.map(toRecord);
  }

  private async searchAll(
    object: string,
    groups: readonly SearchFilterSpec[],
    properties: readonly string[],
  ): Promise<TargetRecord[]> {
    const operation = `search of ${object}`;
    const filterGroups = groups.map((filter) => ({
      filters: [
        {
          propertyName: filter.propertyName,
          operator: filter.operator as FilterOperatorEnum,
          ...(filter.value === undefined ? {} : { value: filter.value }),
          ...(filter.values === undefined ? {} : { values: filter.values.slice() }),
        },
      ],
    }));
    const records: TargetRecord[] = [];
    let after: string | undefined;
    do {
      if (after !== undefined && Number(after) >= SEARCH_RESULT_CAP) {
        throw new ConnectorError(
          `HubSpot ${operation}: identity keys matched more than ${SEARCH_RESULT_CAP} records`,
          'rejected',
        );
      }
      const cursor = after;
      const page = await this.call('search', operation, () =>
        this.searchApi.doSearch(
          object,
          {
            filterGroups,
            properties: properties.slice(),
            limit: SEARCH_PAGE_SIZE,
            ...(cursor === undefined ? {} : { after: cursor }),
          },
          this.callOptions,
        ),
      );
      records.push(...page.results.map(toRecord));
      after = page.paging?.next?.after;
    } while (after !== undefined);
    return records;
  }

  private checkBatchSize(count: number): void {
    if (count > this.batchLimit)
      throw new ConnectorError(
        `a HubSpot batch takes at most ${this.batchLimit} inputs; ${count} were given`,
        'rejected',
      );
  }

  private async call<T>(
    lane: Lane,
    operation: string,
    attempt: () => Promise<T>,
    attempts?: number,
  ): Promise<T> {
    try {
      return await this.runner.run(lane, attempt, attempts);
    } catch (error) {
      throw toConnectorError(error, operation);
    }
  }
}

export function createHubSpotConnector(options: HubSpotConnectorOptions): HubSpotConnector {
  return new HubSpotConnector(options);
}

/** HubSpot clears a property with an empty string. */
function toWire(properties: Properties): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(properties)) out[name] = value ?? '';
  return out;
}

/**
 * One outcome per input key, in input order: its result, or the batch error naming it (HubSpot names the
 * inputs of an error in `context.ids`). An error naming no input goes to the inputs left without an outcome.
 */
function outcomesOf<T>(
  keys: readonly string[],
  results: ReadonlyMap<string, T>,
  errors: readonly StandardError[],
  operation: string,
): InputOutcome<T>[] {
  const failed = new Map<string, ConnectorError>();
  let unnamed: ConnectorError | undefined;
  for (const error of errors) {
    const named = error.context?.['ids'] ?? [];
    const mapped = fromBatchError(error, operation);
    if (named.length === 0) unnamed ??= mapped;
    for (const id of named) failed.set(id, mapped);
  }
  return keys.map((key): InputOutcome<T> => {
    const value = results.get(key);
    if (value !== undefined) return { ok: true, value };
    const error =
      failed.get(key) ??
      unnamed ??
      new ConnectorError(`HubSpot ${operation} returned no result for one input`, 'retryable');
    return { ok: false, error };
  });
}

/** HubSpot keeps a contact's last change in `lastmodifieddate`, every other object's in `hs_lastmodifieddate`. */
function lastModifiedProperty(object: string): string {
  return object === 'contacts' || object === '0-1' ? 'lastmodifieddate' : 'hs_lastmodifieddate';
}

function listed(results: readonly WireRecord[], object: string, after: string | undefined): ListedPage {
  return { records: listedRecords(results, object), ...(after === undefined ? {} : { next: after }) };
}

function listedRecords(results: readonly WireRecord[], object: string): ListedRecord[] {
  const stamp = lastModifiedProperty(object);
  return results.map((r) => {
    const modifiedAt = timeOf(r.properties[stamp]) ?? r.updatedAt?.getTime() ?? 0;
    const mergedIds = (r.properties[MERGED_IDS] ?? '').split(';').filter((id) => id.trim() !== '');
    return {
      ...toRecord(r),
      modifiedAt,
      mergedIds,
      ...(r.archivedAt === undefined ? {} : { archivedAt: r.archivedAt.getTime() }),
    };
  });
}

/** A HubSpot date property: ISO text or epoch milliseconds. */
function timeOf(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : undefined;
}

function toRecord(record: WireRecord): TargetRecord {
  return { id: record.id, properties: { ...record.properties } };
}
