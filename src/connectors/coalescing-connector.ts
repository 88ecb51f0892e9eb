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

export interface CoalescingOptions {
  /** Batch calls of one kind (per object) in flight at once; calls made meanwhile wait for the next (2). */
  readonly maxInFlight?: number;
  /**
   * How long a batch that is not full waits for more calls before it is sent (0: it goes on the next turn
   * of the event loop). A bulk import trades this much latency for fuller batches: fewer API calls.
   */
  readonly lingerMs?: number;
}

const DEFAULT_MAX_IN_FLIGHT = 2;
/** A batch refused as a whole with this many inputs or fewer is sent again input by input, else in halves. */
const SPLIT_BELOW = 4;

/**
 * A `TargetConnector` in front of another that turns the single-record calls made at the same time (the
 * gate resolves many events at once, each under its own locks) into the target's batch calls: upserts by
 * anchor, updates, key lookups and reads. A call waits at most for the batch calls already in flight; alone,
 * it is sent as it is, so a quiet gate pays nothing for the batching.
 *
 * Each caller gets the outcome of its own input, as if it had called alone: a batch carries one input per
 * record (a second input for the same anchor or id waits for the next batch); an input the target refused
 * alone fails alone; a batch refused as a whole (two inputs giving one unique value to two records) is sent
 * again in halves down to a few inputs, then input by input, so that each caller gets its own answer; and the records of a shared lookup are
 * handed to each caller by its own probes (`holdsValue`). Calls without a batch form (create, list) pass
 * through.
 */
export class CoalescingConnector implements TargetConnector {
  readonly system: string;
  readonly batchLimit: number;
  private readonly maxInFlight: number;
  private readonly lingerMs: number;
  private readonly queues = new Map<string, CallQueue<unknown, unknown>>();

  constructor(
    readonly inner: TargetConnector,
    options: CoalescingOptions = {},
  ) {
    this.system = inner.system;
    this.batchLimit = Math.max(1, inner.batchLimit);
    this.maxInFlight = options.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT;
    if (!Number.isInteger(this.maxInFlight) || this.maxInFlight < 1)
      throw new RangeError(`maxInFlight must be a whole number ≥ 1, got ${this.maxInFlight}`);
    this.lingerMs = options.lingerMs ?? 0;
    if (!Number.isInteger(this.lingerMs) || this.lingerMs < 0)
      throw new RangeError(`lingerMs must be a whole number ≥ 0, got ${this.lingerMs}`);
  }

  get apiCalls(): number {
    return this.inner.apiCalls;
  }

  upsertByAnchor(object: string, entityId: string, properties: Properties): Promise<UpsertResult> {
    return this.queue<AnchoredInput, UpsertResult>(`upsert\u0000${object}`, () => ({
      keyOf: (input) => input.entityId,
      send: (inputs) => this.inner.upsertManyByAnchor(object, inputs),
      single: (input) => this.inner.upsertByAnchor(object, input.entityId, input.properties),
    })).push({ entityId, properties });
  }

  upsertManyByAnchor(
    object: string,
    inputs: readonly AnchoredInput[],
  ): Promise<InputOutcome<UpsertResult>[]> {
    return this.inner.upsertManyByAnchor(object, inputs);
  }

  create(object: string, properties: Properties): Promise<TargetRecord> {
    return this.inner.create(object, properties);
  }

  update(object: string, id: string, properties: Properties): Promise<TargetRecord> {
    return this.queue<UpdateInput, TargetRecord>(`update\u0000${object}`, () => ({
      keyOf: (input) => input.id,
      send: (inputs) => this.inner.updateMany(object, inputs),
      single: (input) => this.inner.update(object, input.id, input.properties),
    })).push({ id, properties });
  }

  updateMany(object: string, inputs: readonly UpdateInput[]): Promise<InputOutcome<TargetRecord>[]> {
    return this.inner.updateMany(object, inputs);
  }

  read(object: string, ids: readonly string[], properties?: readonly string[]): Promise<TargetRecord[]> {
    return this.queue<readonly string[], TargetRecord[]>(
      `read\u0000${object}\u0000${propertiesKey(properties)}`,
      () => ({
        send: async (inputs) => {
          const records = await this.inner.read(object, [...new Set(inputs.flat())], properties);
          const byId = new Map(records.map((r) => [r.id, r]));
          return inputs.map((ids) => ({
            ok: true as const,
            value: [...new Set(ids)].flatMap((id) => byId.get(id) ?? []),
          }));
        },
        single: (input) => this.inner.read(object, input, properties),
      }),
    ).push(ids);
  }

  findByKeys(
    object: string,
    probes: readonly KeyProbe[],
    properties?: readonly string[],
  ): Promise<TargetRecord[]> {
    return this.queue<readonly KeyProbe[], TargetRecord[]>(
      `find\u0000${object}\u0000${propertiesKey(properties)}`,
      () => ({
        send: async (inputs) => {
          const records = await this.inner.findByKeys(object, inputs.flat(), properties);
          return inputs.map((own) => ({
            ok: true as const,
            value: records.filter((r) => own.some((probe) => this.inner.holdsValue(r, probe))),
          }));
        },
        single: (input) => this.inner.findByKeys(object, input, properties),
      }),
    ).push(probes);
  }

  holdsValue(record: TargetRecord, probe: KeyProbe): boolean {
    return this.inner.holdsValue(record, probe);
  }

  listAll(object: string, properties?: readonly string[]): Promise<TargetRecord[]> {
    return this.inner.listAll(object, properties);
  }

  secondaryEmailProperty(object: string): string | undefined {
    return this.inner.secondaryEmailProperty?.(object);
  }

  private queue<I, T>(name: string, make: () => QueueCalls<I, T>): CallQueue<I, T> {
    let queue = this.queues.get(name) as CallQueue<I, T> | undefined;
    if (queue === undefined) {
      queue = new CallQueue<I, T>(make(), this.batchLimit, this.maxInFlight, this.lingerMs);
      this.queues.set(name, queue as CallQueue<unknown, unknown>);
    }
    return queue;
  }
}

interface QueueCalls<I, T> {
  /** Inputs with one key go to different batches (one input per record); absent: no such limit. */
  readonly keyOf?: (input: I) => string;
  /** The batch call: one outcome per input, in order. */
  readonly send: (inputs: I[]) => Promise<InputOutcome<T>[]>;
  /** The call for one input alone. */
  readonly single: (input: I) => Promise<T>;
}

interface Waiter<I, T> {
  readonly input: I;
  readonly resolve: (value: T) => void;
  readonly reject: (error: unknown) => void;
}

/** The calls of one kind waiting for a batch, and the batches of that kind in flight. */
class CallQueue<I, T> {
  private pending: Waiter<I, T>[] = [];
  private inFlight = 0;
  private scheduled = false;
  /** The timer of a batch that waits to fill up (`lingerMs`). */
  private lingering: NodeJS.Timeout | undefined;

  constructor(
    private readonly calls: QueueCalls<I, T>,
    private readonly limit: number,
    private readonly maxInFlight: number,
    private readonly lingerMs: number,
  ) {}

  push(input: I): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.pending.push({ input, resolve, reject });
      // A batch that waited to fill up goes as soon as it is full.
      if (this.lingering !== undefined && this.pending.length >= this.limit) {
        clearTimeout(this.lingering);
        this.lingering = undefined;
        this.scheduled = false;
      }
      this.schedule();
    });
  }

  /**
   * Sends on the next turn of the event loop, so that the calls made in this one join the batch — or, with
   * `lingerMs`, once the batch is full or has waited that long.
   */
  private schedule(): void {
    if (this.scheduled || this.inFlight >= this.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    const send = (): void => {
      this.scheduled = false;
      this.lingering = undefined;
      while (this.inFlight < this.maxInFlight && this.pending.length > 0) {
        const batch = this.take();
        this.inFlight++;
        void this.run(batch).finally(() => {
          this.inFlight--;
          this.schedule();
        });
      }
    };
    if (this.lingerMs > 0 && this.pending.length < this.limit)
      this.lingering = setTimeout(send, this.lingerMs);
    else setImmediate(send);
  }

  /** Up to `limit` waiters in arrival order, one per key; the others keep their place. */
  private take(): Waiter<I, T>[] {
    const { keyOf } = this.calls;
    if (keyOf === undefined) return this.pending.splice(0, this.limit);
    const batch: Waiter<I, T>[] = [];
    const rest: Waiter<I, T>[] = [];
    const keys = new Set<string>();
    for (const waiter of this.pending) {
      const key = keyOf(waiter.input);
      if (batch.length < this.limit && !keys.has(key)) {
        keys.add(key);
        batch.push(waiter);
      } else rest.push(waiter);
    }
    this.pending = rest;
    return batch;
  }

  private async run(batch: readonly Waiter<I, T>[]): Promise<void> {
    if (batch.length === 1) return this.alone(batch[0]!);
    let outcomes: InputOutcome<T>[];
    try {
      outcomes = await this.calls.send(batch.map((w) => w.input));
    } catch (error) {
      // Refused as a whole: one input's doing. A small batch is sent again input by input, a larger one in
      // halves (a few calls find the input at fault, instead of one call per input), so that each input gets
      // its own answer. A failure after the connector's retries is every input's.
      if (error instanceof ConnectorError && error.kind !== 'retryable') {
        if (batch.length <= SPLIT_BELOW) await Promise.all(batch.map((w) => this.alone(w)));
        else {
          const half = Math.ceil(batch.length / 2);
          await Promise.all([this.run(batch.slice(0, half)), this.run(batch.slice(half))]);
        }
        return;
      }
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i];
      if (outcome === undefined)
        w.reject(new ConnectorError('the batch call returned no outcome for an input', 'retryable'));
      else if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.error);
    });
  }

  private async alone(waiter: Waiter<I, T>): Promise<void> {
    try {
      waiter.resolve(await this.calls.single(waiter.input));
    } catch (error) {
      waiter.reject(error);
    }
  }
}

function propertiesKey(properties: readonly string[] | undefined): string {
  return properties === undefined ? '*' : properties.join('\u0001');
}
