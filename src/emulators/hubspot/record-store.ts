import type { EmulatorClock } from './emulator-clock.js';
import { OBJECT_TYPE_INFO, systemProperties, type ObjectType } from './object-types.js';
import { SearchIndex } from './search-index.js';

export type PropertyMap = Record<string, string | null>;

export interface StoredRecord {
  readonly id: string;
  readonly properties: PropertyMap;
  readonly createdAt: number;
  updatedAt: number;
  archivedAt?: number;
}

/** A write that would give a unique-value property a value another record already holds. */
export interface UniqueConflict {
  readonly property: string;
  readonly value: string;
  /** `undefined` when the other holder is another input of the same batch. */
  readonly existingId: string | undefined;
}

export interface StoreEnvironment {
  readonly clock: EmulatorClock;
  readonly nextId: () => string;
  readonly indexingDelayMs: number;
}

/**
 * One object's records with their unique-value indexes (contact email, configured unique properties) and
 * the lagging search index. Writes are assumed checked: callers ask `conflictFor` first, so that a batch can
 * be refused before anything is written.
 */
export class ObjectStore {
  readonly search = new SearchIndex();
  private readonly active = new Map<string, StoredRecord>();
  private readonly archived = new Map<string, StoredRecord>();
  private readonly unique = new Map<string, Map<string, string>>();
  private readonly system: ReadonlySet<string>;

  constructor(
    readonly type: ObjectType,
    uniqueProperties: readonly string[],
    private readonly env: StoreEnvironment,
  ) {
    const names = type === 'contacts' ? ['email', ...uniqueProperties] : uniqueProperties;
    for (const name of names) this.unique.set(name, new Map());
    this.system = new Set(systemProperties(type));
  }

  get uniqueProperties(): readonly string[] {
    return [...this.unique.keys()];
  }

  /** A property created with unique values (through the properties API) from now on. */
  addUniqueProperty(property: string): void {
    if (this.unique.has(property)) return;
    const index = new Map<string, string>();
    for (const record of this.active.values()) {
      const value = record.properties[property];
      if (value !== undefined && value !== null) index.set(this.uniqueKey(property, value), record.id);
    }
    this.unique.set(property, index);
  }

  isUnique(property: string): boolean {
    return this.unique.has(property);
  }

  /** The form a unique value is compared in: HubSpot treats emails case-insensitively. */
  uniqueKey(property: string, value: string): string {
    return property === 'email' ? value.trim().toLowerCase() : value;
  }

  get(id: string, archived = false): StoredRecord | undefined {
    return (archived ? this.archived : this.active).get(id);
  }

  /** Looks a record up by `hs_object_id` or by a unique-value property. */
  find(idProperty: string, value: string): StoredRecord | undefined {
    if (idProperty === 'hs_object_id') return this.active.get(value);
    const id = this.unique.get(idProperty)?.get(this.uniqueKey(idProperty, value));
    return id === undefined ? undefined : this.active.get(id);
  }

  list(archived = false): StoredRecord[] {
    return [...(archived ? this.archived : this.active).values()];
  }

  /**
   * Cleans client-supplied values: numbers and booleans become strings, an empty string clears the value,
   * HubSpot-maintained properties are ignored, and emails are stored lower-cased.
   */
  clean(input: Readonly<Record<string, string | null>>): PropertyMap {
    const out: PropertyMap = {};
    for (const [name, raw] of Object.entries(input)) {
      if (this.system.has(name)) continue;
      const value = raw === null || raw === '' ? null : raw;
      out[name] = name === 'email' && value !== null ? value.trim().toLowerCase() : value;
    }
    return out;
  }

  conflictFor(properties: PropertyMap, exceptId?: string): UniqueConflict | undefined {
    for (const [property, index] of this.unique) {
      const value = properties[property];
      if (value === undefined || value === null) continue;
      const holder = index.get(this.uniqueKey(property, value));
      if (holder !== undefined && holder !== exceptId) return { property, value, existingId: holder };
    }
    return undefined;
  }

  create(properties: PropertyMap): StoredRecord {
    const now = this.env.clock.now();
    const id = this.env.nextId();
    const record: StoredRecord = { id, properties: {}, createdAt: now, updatedAt: now };
    Object.assign(record.properties, properties, {
      hs_object_id: id,
      createdate: new Date(now).toISOString(),
    });
    this.active.set(id, record);
    this.touch(record, now);
    this.indexUnique(record, {}, properties);
    return record;
  }

  update(record: StoredRecord, properties: PropertyMap): StoredRecord {
    const before = { ...record.properties };
    Object.assign(record.properties, properties);
    this.touch(record, this.env.clock.now());
    this.indexUnique(record, before, properties);
    return record;
  }

  archive(id: string): boolean {
    const record = this.active.get(id);
    if (record === undefined) return false;
    const now = this.env.clock.now();
    this.active.delete(id);
    record.archivedAt = now;
    this.archived.set(id, record);
    for (const [property, index] of this.unique) {
      const value = record.properties[property];
      if (value !== undefined && value !== null) index.delete(this.uniqueKey(property, value));
    }
    this.search.remove(id, now);
    return true;
  }

  private touch(record: StoredRecord, now: number): void {
    record.updatedAt = now;
    record.properties[OBJECT_TYPE_INFO[this.type].lastModifiedProperty] = new Date(now).toISOString();
    this.search.write(
      {
        id: record.id,
        properties: { ...record.properties },
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
      },
      now + this.env.indexingDelayMs,
    );
  }

  private indexUnique(record: StoredRecord, before: PropertyMap, written: PropertyMap): void {
    for (const [property, index] of this.unique) {
      if (!(property in written)) continue;
      const old = before[property];
      if (old !== undefined && old !== null) index.delete(this.uniqueKey(property, old));
      const value = written[property];
      if (value !== undefined && value !== null) index.set(this.uniqueKey(property, value), record.id);
    }
  }
}
