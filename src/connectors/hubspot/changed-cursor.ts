/**
 * The cursor of HubSpot's changed-records listing: a search by last-modified time `>= since`, sorted
 * ascending, paged by offset. Search serves at most `cap` results per query, so before the offset reaches
 * it the listing starts a new query from the last time seen (records of that time come again; callers
 * de-duplicate).
 */
export interface ChangedCursor {
  readonly since: number;
  readonly offset: number;
}

export function encodeChangedCursor(cursor: ChangedCursor): string {
  return `${cursor.since}:${cursor.offset}`;
}

export function decodeChangedCursor(text: string | undefined, since: number): ChangedCursor {
  if (text === undefined) return { since, offset: 0 };
  const match = /^(\d+):(\d+)$/.exec(text);
  if (match === null) throw new RangeError(`not a changed-records cursor: '${text}'`);
  return { since: Number(match[1]), offset: Number(match[2]) };
}

/**
 * Where the next page starts: the next offset of the same query, or — when that would pass the cap — a new
 * query from `lastSeen`. Undefined when the query has no next page. Throws when a new query would start
 * where this one did (more than `cap` records changed within one millisecond).
 */
export function nextChangedCursor(
  cursor: ChangedCursor,
  nextOffset: number | undefined,
  pageSize: number,
  cap: number,
  lastSeen: number | undefined,
): ChangedCursor | undefined {
  if (nextOffset === undefined) return undefined;
  if (nextOffset + pageSize <= cap) return { since: cursor.since, offset: nextOffset };
  if (lastSeen === undefined || lastSeen <= cursor.since)
    throw new RangeError(
      `more than ${cap} records changed at ${new Date(cursor.since).toISOString()}: the listing cannot move past them`,
    );
  return { since: lastSeen, offset: 0 };
}
