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
} from './target-connector.js';

/** Prefix of the ids of records a dry run would create. */
export const DRY_RUN_ID_PREFIX = 'dry-run-';

/**
 * A `TargetConnector` for a lane in dry run: reads go to the real target, writes stay in an overlay held in
 * memory — creates get synthetic ids (`dry-run-1`), updates are kept as patches over the real records — and
 * later reads see the overlay, so that a later event of the same person in the same dry run finds the record
 * the dry run would have made. Nothing is ever written to the target.
 */
export class DryRunConnector implements TargetConnector {
  readonly system: string;
  readonly batchLimit: number;
  private readonly created = new Map<string, Map<string, Record<string, string | null>>>();
  private readonly patches = new Map<string, Map<string, Record<string, string | null>>>();
  private readonly anchors = new Map<string, Map<string, string>>();
  private nextId = 1;

  constructor(
    readonly inner: TargetConnector,
    private readonly anchorProperty: string,
  ) {
    this.system = inner.system;
    this.batchLimit = inner.batchLimit;
  }

  /** Calls made to the real target (reads only). */
  get apiCalls(): number {
    return this.inner.apiCalls;
  }

  async upsertByAnchor(object: string, entityId: string, properties: Properties): Promise<UpsertResult> {
    const anchors = mapOf(this.anchors, object);
    const known = anchors.get(entityId);
    if (known !== undefined) {
      this.patch(object, known, properties);
      return { id: known, created: false };
    }
    const id = `${DRY_RUN_ID_PREFIX}${this.nextId++}`;
    anchors.set(entityId, id);
    mapOf(this.created, object).set(id, { ...properties, [this.anchorProperty]: entityId });
    return { id, created: true };
  }

  async upsertManyByAnchor(
    object: string,
    inputs: readonly AnchoredInput[],
  ): Promise<InputOutcome<UpsertResult>[]> {
    const out: InputOutcome<UpsertResult>[] = [];
    for (const input of inputs)
      out.push({ ok: true, value: await this.upsertByAnchor(object, input.entityId, input.properties) });
    return out;
  }

  async create(object: string, properties: Properties): Promise<TargetRecord> {
    const id = `${DRY_RUN_ID_PREFIX}${this.nextId++}`;
    mapOf(this.created, object).set(id, { ...properties });
    return { id, properties: { ...properties } };
  }

  async update(object: string, id: string, properties: Properties): Promise<TargetRecord> {
    this.patch(object, id, properties);
    return { id, properties: { ...properties } };
  }

  async updateMany(object: string, inputs: readonly UpdateInput[]): Promise<InputOutcome<TargetRecord>[]> {
    const out: InputOutcome<TargetRecord>[] = [];
    for (const input of inputs)
      out.push({ ok: true, value: await this.update(object, input.id, input.properties) });
    return out;
  }

  async read(
    object: string,
    ids: readonly string[],
    properties?: readonly string[],
  ): Promise<TargetRecord[]> {
    const created = mapOf(this.created, object);
    const real = ids.filter((id) => !created.has(id));
    const found = real.length === 0 ? [] : await this.inner.read(object, real, properties);
    const byId = new Map(found.map((r) => [r.id, this.overlaid(object, r)]));
    return ids.flatMap((id) => {
      const own = created.get(id);
      if (own !== undefined) return [{ id, properties: { ...own } }];
      const record = byId.get(id);
      return record === undefined ? [] : [record];
    });
  }

  async findByKeys(
    object: string,
    probes: readonly KeyProbe[],
    properties?: readonly string[],
  ): Promise<TargetRecord[]> {
    const found = (await this.inner.findByKeys(object, probes, properties)).map((r) =>
      this.overlaid(object, r),
    );
    const holds = (r: TargetRecord): boolean => probes.some((p) => this.inner.holdsValue(r, p));
    const out = found.filter(holds);
    const seen = new Set(out.map((r) => r.id));
    // Real records a patch gave one of the values: the real lookup cannot know of them.
    const patched = [...mapOf(this.patches, object)].filter(
      ([id, patch]) => !seen.has(id) && holds({ id, properties: patch }),
    );
    if (patched.length > 0)
      for (const r of await this.read(
        object,
        patched.map(([id]) => id),
        properties,
      ))
        if (holds(r) && !seen.has(r.id)) {
          out.push(r);
          seen.add(r.id);
        }
    for (const [id, own] of mapOf(this.created, object)) {
      const record = { id, properties: { ...own } };
      if (!seen.has(id) && holds(record)) out.push(record);
    }
    return out;
  }

  holdsValue(record: TargetRecord, probe: KeyProbe): boolean {
    return this.inner.holdsValue(record, probe);
  }

  async listAll(object: string, properties?: readonly string[]): Promise<TargetRecord[]> {
    const real = (await this.inner.listAll(object, properties)).map((r) => this.overlaid(object, r));
    return [...real, ...[...mapOf(this.created, object)].map(([id, p]) => ({ id, properties: { ...p } }))];
  }

  private patch(object: string, id: string, properties: Properties): void {
    const own = mapOf(this.created, object).get(id);
    if (own !== undefined) {
      Object.assign(own, properties);
      return;
    }
    if (id.startsWith(DRY_RUN_ID_PREFIX))
      throw new ConnectorError(`no record '${id}' in this dry run`, 'not_found', 404);
    const patches = mapOf(this.patches, object);
    patches.set(id, { ...patches.get(id), ...properties });
  }

  private overlaid(object: string, record: TargetRecord): TargetRecord {
    const patch = this.patches.get(object)?.get(record.id);
    return patch === undefined ? record : { id: record.id, properties: { ...record.properties, ...patch } };
  }
}

function mapOf<V>(maps: Map<string, Map<string, V>>, object: string): Map<string, V> {
  let map = maps.get(object);
  if (map === undefined) maps.set(object, (map = new Map()));
  return map;
}
