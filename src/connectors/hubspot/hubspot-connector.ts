import { Client } from '@hubspot/api-client';
import type {
  BasicApi,
  BatchApi,
  FilterOperatorEnum,
  PromiseConfigurationOptions,
  SearchApi,
  StandardError,
} from '@hubspot/api-client/lib/codegen/crm/objects/index.js';
import {
  ConnectorError,
  type KeyProbe,
  type Properties,
  type TargetConnector,
  type TargetRecord,
  type UpsertResult,
} from '../target-connector.js';
import {
  resolveHubSpotOptions,
  type HubSpotConnectorOptions,
  type ResolvedHubSpotOptions,
} from './hubspot-connector-options.js';
import { classifyHubSpotFailure, fromBatchError, toConnectorError } from './hubspot-errors.js';
import { planKeyLookups, type SearchFilterSpec } from './key-lookup-plan.js';
import { RequestRunner } from './request-runner.js';
import { createTimeoutAgent } from './timeout-agent.js';
import { TokenBucket } from './token-bucket.js';

type Lane = 'standard' | 'search';

interface WireRecord {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
}

interface BatchAnswer<R> {
  readonly results: readonly R[];
  readonly errors?: readonly StandardError[];
}

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
export class HubSpotConnector implements TargetConnector {
  readonly system = 'hubspot';
  private calls = 0;
  private readonly settings: ResolvedHubSpotOptions;
  private readonly basicApi: BasicApi;
  private readonly batchApi: BatchApi;
  private readonly searchApi: SearchApi;
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
    const anchor = this.settings.anchorProperty;
    const operation = `upsert of ${object} by ${anchor}`;
    const answer = await this.call('standard', operation, () =>
      this.batchApi.upsert(
        object,
        {
          inputs: [
            { id: entityId, idProperty: anchor, properties: toWire({ ...properties, [anchor]: entityId }) },
          ],
        },
        this.callOptions,
      ),
    );
    const failure = 'errors' in answer ? answer.errors?.[0] : undefined;
    if (failure !== undefined) throw fromBatchError(failure, operation);
    const result = answer.results[0];
    if (result === undefined)
      throw new ConnectorError(`HubSpot ${operation} returned no result`, 'retryable');
    return { id: result.id, created: result._new };
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

  private async call<T>(lane: Lane, operation: string, attempt: () => Promise<T>): Promise<T> {
    try {
      return await this.runner.run(lane, attempt);
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

function toRecord(record: WireRecord): TargetRecord {
  return { id: record.id, properties: { ...record.properties } };
}
