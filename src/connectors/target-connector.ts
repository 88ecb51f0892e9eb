/**
 * The target connector port: how the gate reads and writes one CRM. One implementation per system
 * (`src/connectors/<system>/`), each tested against its emulator (`src/emulators/<system>/`) with the shared
 * conformance suite.
 *
 * Every method retries 429 and 5xx with exponential backoff and jitter (honouring `Retry-After` when sent)
 * up to the connector's attempt limit, then throws a `ConnectorError`.
 */

import type { RequiredProperty, SetupCheck } from './target-setup.js';

/** Property values as the CRM stores them (HubSpot: strings; null clears). */
export type Properties = Readonly<Record<string, string | null>>;

export interface TargetRecord {
  readonly id: string;
  readonly properties: Properties;
}

/** An exact identity key to verify against the target: a property and a normalized value. */
export interface KeyProbe {
  readonly property: string;
  readonly value: string;
}

export interface UpsertResult {
  readonly id: string;
  readonly created: boolean;
}

/** One input of `upsertManyByAnchor`. */
export interface AnchoredInput {
  readonly entityId: string;
  readonly properties: Properties;
}

/** One input of `updateMany`. */
export interface UpdateInput {
  readonly id: string;
  readonly properties: Properties;
}

/** What one input of a batch call came to: its result, or the error for that input alone. */
export type InputOutcome<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ConnectorError };

export type ConnectorErrorKind =
  /** Worth another attempt later (rate limit, 5xx, timeout, network). */
  | 'retryable'
  /** The target refused the input; another attempt will not help. */
  | 'rejected'
  /** A uniqueness conflict; `existingId` names the record that holds the value when the API says. */
  | 'conflict'
  | 'not_found';

export class ConnectorError extends Error {
  constructor(
    message: string,
    readonly kind: ConnectorErrorKind,
    readonly status?: number,
    readonly existingId?: string,
  ) {
    super(message);
    this.name = 'ConnectorError';
  }
}

export interface TargetConnector {
  /** `hubspot`, `salesforce`, `zendesk`. */
  readonly system: string;
  /** API calls made so far (each HTTP request counts, retries included). */
  readonly apiCalls: number;

  /**
   * Creates the record, or updates it when a record already carries `entityId` in the connector's anchor
   * property (a unique-value property written by Lanekeeper). Idempotent: repeating a call after a crash or a
   * timeout never makes a second record. Not subject to search-index lag.
   */
  upsertByAnchor(object: string, entityId: string, properties: Properties): Promise<UpsertResult>;
  /**
   * `upsertByAnchor` for up to `batchLimit` inputs with distinct entity ids in one API call; one outcome per
   * input, in input order. An input the target refused alone (a unique value another record holds) is a
   * failed outcome; a refusal of the call as a whole (an invalid batch) throws, as does a failure after the
   * connector's retries.
   */
  upsertManyByAnchor(object: string, inputs: readonly AnchoredInput[]): Promise<InputOutcome<UpsertResult>[]>;
  /** Plain create (what a naive sync does). A uniqueness conflict throws `ConnectorError` kind `conflict`. */
  create(object: string, properties: Properties): Promise<TargetRecord>;
  update(object: string, id: string, properties: Properties): Promise<TargetRecord>;
  /**
   * `update` for up to `batchLimit` inputs with distinct ids in one API call; one outcome per input, in input
   * order (an unknown id: `not_found`). A uniqueness conflict may refuse the whole call: it then throws.
   */
  updateMany(object: string, inputs: readonly UpdateInput[]): Promise<InputOutcome<TargetRecord>[]>;
  /** Records by id; unknown ids are left out. */
  read(object: string, ids: readonly string[], properties?: readonly string[]): Promise<TargetRecord[]>;
  /**
   * Records holding any of the probes' values, batched. Unique-value properties (contact email) are read
   * directly and are current; other properties go through search and may lag behind recent writes.
   */
  findByKeys(
    object: string,
    probes: readonly KeyProbe[],
    properties?: readonly string[],
  ): Promise<TargetRecord[]>;
  /**
   * Whether the record holds the probe's value as `findByKeys` compares values (HubSpot: case-insensitive),
   * so that the records of one lookup made for many callers can be handed to each caller by its own probes.
   */
  holdsValue(record: TargetRecord, probe: KeyProbe): boolean;
  /**
   * The property where the target keeps a record's further email addresses besides its email property
   * (HubSpot contacts: `hs_additional_emails`, a `;`-separated list), when the object has one.
   */
  secondaryEmailProperty?(object: string): string | undefined;
  /** Inputs one batch call takes at most (HubSpot: 100). */
  readonly batchLimit: number;
  /** Every record of the object (paged), for counting and for the detection job. */
  listAll(object: string, properties?: readonly string[]): Promise<TargetRecord[]>;
  /**
   * One cheap authenticated call, made once (no retries): resolves when the target answers, throws a
   * `ConnectorError` when it does not (5xx, timeout, network) or refuses the token (401, 403). The gate
   * probes a target that is down with it.
   */
  ping?(object: string): Promise<void>;
  /**
   * Checks that the target accepts the token, grants the scopes Lanekeeper's calls need, and has the
   * `required` properties (unique where asked). Problems come back in the result; it throws only when the
   * check itself could not run.
   */
  checkSetup?(required: readonly RequiredProperty[]): Promise<SetupCheck>;
  /** Creates a missing property (idempotent: one that exists already is left as it is). */
  createProperty?(property: RequiredProperty): Promise<void>;
}
