/** A record as search sees it: a copy taken when it was written. */
export interface IndexedDocument {
  readonly id: string;
  readonly properties: Readonly<Record<string, string | null>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface Version {
  readonly visibleAt: number;
  /** `null` marks an archived record. */
  readonly document: IndexedDocument | null;
}

/**
 * HubSpot's search is served from an index that trails the database: a write becomes searchable only after
 * the indexing delay, and until then search returns the previous version (or nothing, for a new record).
 */
export class SearchIndex {
  private readonly versions = new Map<string, Version[]>();

  write(document: IndexedDocument, visibleAt: number): void {
    const list = this.versions.get(document.id);
    const version = { visibleAt, document };
    if (list === undefined) this.versions.set(document.id, [version]);
    else list.push(version);
  }

  /** Archived records leave search at once. */
  remove(id: string, at: number): void {
    this.versions.get(id)?.push({ visibleAt: at, document: null });
  }

  /** Documents visible at `now`, in id order of first write. */
  visible(now: number): IndexedDocument[] {
    const documents: IndexedDocument[] = [];
    for (const list of this.versions.values()) {
      const current = latestVisible(list, now);
      if (current !== undefined && current.document !== null) documents.push(current.document);
    }
    return documents;
  }
}

function latestVisible(list: Version[], now: number): Version | undefined {
  for (let i = list.length - 1; i >= 0; i -= 1) {
    const version = list[i]!;
    if (version.visibleAt <= now) {
      // Older versions can never be the visible one again.
      if (i > 0) list.splice(0, i);
      return version;
    }
  }
  return undefined;
}
