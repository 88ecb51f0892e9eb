import type { TargetRecord } from './target-connector.js';

/**
 * The listing side of a target connector: every record of an object, and what changed since a time, so
 * that the target index can hold every record of the CRM (identity fields only) and stay fresh. A
 * connector that implements it can back a target index (`isRecordLister`).
 */

/** A record as a listing gives it. */
export interface ListedRecord extends TargetRecord {
  /** When the record last changed (epoch ms, as the CRM stamps it). */
  readonly modifiedAt: number;
  /** Ids of the records the CRM merged into this one. */
  readonly mergedIds: readonly string[];
  /** When the record was archived (epoch ms): in the archived listing only. */
  readonly archivedAt?: number;
}

export interface ListedPage {
  readonly records: readonly ListedRecord[];
  /** The cursor of the next page; absent on the last one. */
  readonly next?: string;
}

export interface RecordLister {
  /** One page of every current record of the object, in a stable order; `cursor` from the previous page. */
  listPage(object: string, properties: readonly string[], cursor?: string): Promise<ListedPage>;
  /**
   * One page of the records changed at or after `since` (epoch ms), oldest change first. Pages may repeat a
   * record (timestamps repeat, a long listing restarts from the last time seen): callers de-duplicate by id
   * and `modifiedAt`. The CRM's search may lag behind its writes: callers ask again from a time earlier
   * than the last one they saw (an overlap window).
   */
  changedPage(
    object: string,
    since: number,
    properties: readonly string[],
    cursor?: string,
  ): Promise<ListedPage>;
  /**
   * The time of the object's latest change (epoch ms, by the CRM's clock), or undefined when it holds no
   * record: where a refresh after a full listing starts, whatever the clock of the machine asking.
   */
  latestChange(object: string): Promise<number | undefined>;
  /** One page of the archived records (deleted or merged away), each with `archivedAt`. */
  archivedPage(object: string, cursor?: string): Promise<ListedPage>;
}

export function isRecordLister(connector: object): connector is RecordLister {
  const c = connector as Partial<RecordLister>;
  return (
    typeof c.listPage === 'function' &&
    typeof c.changedPage === 'function' &&
    typeof c.latestChange === 'function' &&
    typeof c.archivedPage === 'function'
  );
}
