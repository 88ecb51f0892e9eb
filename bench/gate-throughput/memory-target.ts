import { setTimeout as sleep } from 'node:timers/promises';
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
} from '../../src/connectors/target-connector.js';

/**
 * A target connector over an in-memory object store, for measuring the gate's own cost: unique `email` and
 * anchor values (case-insensitive), key lookups that are always current, and a fixed latency per call
 * (0: the call still yields to the event loop once, as a network answer would).
 */
export class MemoryTarget implements TargetConnector {
  readonly system = 'hubspot';
  apiCalls = 0;
  private readonly records = new Map<string, Record<string, string | null>>();
  private readonly unique = new Map<string, Map<string, string>>();
  /** Every property's values (lower case) to the records holding them, for lookups of other keys. */
  private readonly byValue = new Map<string, Set<string>>();
  private nextId = 1;

  constructor(
    private readonly latencyMs = 0,
    private readonly uniqueProperties: readonly string[] = ['email', 'lanekeeper_id'],
  ) {
    for (const property of uniqueProperties) this.unique.set(property, new Map());
  }

  get size(): number {
    return this.records.size;
  }

  async upsertByAnchor(_object: string, entityId: string, properties: Properties): Promise<UpsertResult> {
    await this.call();
    return this.upsertNow(entityId, properties);
  }

  private upsertNow(entityId: string, properties: Properties): UpsertResult {
    const existing = this.unique.get('lanekeeper_id')?.get(entityId.toLowerCase());
    if (existing !== undefined) {
      this.write(existing, properties);
      return { id: existing, created: false };
    }
    const id = this.insert({ ...properties, lanekeeper_id: entityId });
    return { id, created: true };
  }

  async upsertManyByAnchor(
    _object: string,
    inputs: readonly AnchoredInput[],
  ): Promise<InputOutcome<UpsertResult>[]> {
    await this.call();
    return inputs.map(({ entityId, properties }) => settleNow(() => this.upsertNow(entityId, properties)));
  }

  async updateMany(_object: string, inputs: readonly UpdateInput[]): Promise<InputOutcome<TargetRecord>[]> {
    await this.call();
    return inputs.map(({ id, properties }) => settleNow(() => this.updateNow(id, properties)));
  }

  holdsValue(record: TargetRecord, probe: KeyProbe): boolean {
    const actual = record.properties[probe.property];
    return typeof actual === 'string' && actual.toLowerCase() === probe.value.toLowerCase();
  }

  readonly batchLimit = 100;

  async create(_object: string, properties: Properties): Promise<TargetRecord> {
    await this.call();
    const id = this.insert({ ...properties });
    return { id, properties: { ...this.records.get(id)! } };
  }

  async update(_object: string, id: string, properties: Properties): Promise<TargetRecord> {
    await this.call();
    return this.updateNow(id, properties);
  }

  private updateNow(id: string, properties: Properties): TargetRecord {
    if (!this.records.has(id)) throw new ConnectorError(`no record ${id}`, 'not_found', 404);
    this.write(id, properties);
    return { id, properties: { ...this.records.get(id)! } };
  }

  async read(
    _object: string,
    ids: readonly string[],
    properties?: readonly string[],
  ): Promise<TargetRecord[]> {
    await this.call();
    return ids.flatMap((id) => {
      const record = this.records.get(id);
      return record === undefined ? [] : [{ id, properties: pick(record, properties) }];
    });
  }

  async findByKeys(
    _object: string,
    probes: readonly KeyProbe[],
    properties?: readonly string[],
  ): Promise<TargetRecord[]> {
    await this.call();
    const found = new Set<string>();
    for (const { property, value } of probes) {
      const index = this.unique.get(property);
      if (index !== undefined) {
        const id = index.get(value.toLowerCase());
        if (id !== undefined) found.add(id);
        continue;
      }
      for (const id of this.byValue.get(`${property}\u0000${value.toLowerCase()}`) ?? []) found.add(id);
    }
    return [...found].map((id) => ({ id, properties: pick(this.records.get(id)!, properties) }));
  }

  async listAll(_object: string, properties?: readonly string[]): Promise<TargetRecord[]> {
    await this.call();
    return [...this.records].map(([id, record]) => ({ id, properties: pick(record, properties) }));
  }

  private async call(): Promise<void> {
    this.apiCalls++;
    if (this.latencyMs > 0) await sleep(this.latencyMs);
    else await new Promise((resolve) => setImmediate(resolve));
  }

  private insert(properties: Record<string, string | null>): string {
    const id = String(this.nextId++);
    this.claimUnique(id, properties);
    this.records.set(id, properties);
    this.indexValues(id, properties);
    return id;
  }

  private write(id: string, properties: Properties): void {
    this.claimUnique(id, properties);
    const record = this.records.get(id)!;
    for (const property of this.uniqueProperties) {
      const before = record[property];
      if (properties[property] !== undefined && before !== undefined && before !== null)
        this.unique.get(property)!.delete(before.toLowerCase());
    }
    this.unindexValues(id, record);
    Object.assign(record, properties);
    this.indexUnique(id, record);
    this.indexValues(id, record);
  }

  private indexValues(id: string, record: Properties): void {
    for (const [property, value] of Object.entries(record)) {
      if (value === null || value === '') continue;
      const key = `${property}\u0000${value.toLowerCase()}`;
      const ids = this.byValue.get(key) ?? new Set<string>();
      ids.add(id);
      this.byValue.set(key, ids);
    }
  }

  private unindexValues(id: string, record: Properties): void {
    for (const [property, value] of Object.entries(record))
      if (value !== null && value !== '')
        this.byValue.get(`${property}\u0000${value.toLowerCase()}`)?.delete(id);
  }

  private claimUnique(id: string, properties: Properties): void {
    for (const property of this.uniqueProperties) {
      const value = properties[property];
      if (value === undefined || value === null || value === '') continue;
      const holder = this.unique.get(property)!.get(value.toLowerCase());
      if (holder !== undefined && holder !== id)
        throw new ConnectorError(`${property} is held by ${holder}`, 'conflict', 409, holder);
    }
    if (!this.records.has(id)) this.indexUnique(id, properties);
  }

  private indexUnique(id: string, properties: Properties): void {
    for (const property of this.uniqueProperties) {
      const value = properties[property];
      if (value !== undefined && value !== null && value !== '')
        this.unique.get(property)!.set(value.toLowerCase(), id);
    }
  }
}

function settleNow<T>(fn: () => T): InputOutcome<T> {
  try {
    return { ok: true, value: fn() };
  } catch (error) {
    if (error instanceof ConnectorError) return { ok: false, error };
    throw error;
  }
}

function pick(record: Record<string, string | null>, properties?: readonly string[]): Properties {
  if (properties === undefined) return { ...record };
  return Object.fromEntries(properties.map((p) => [p, record[p] ?? null]));
}
