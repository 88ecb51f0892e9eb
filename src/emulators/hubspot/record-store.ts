import type { EmulatorClock } from './emulator-clock.js';
import { OBJECT_TYPE_INFO, systemProperties, type ObjectType } from './object-types.js';
import { validationError } from './hubspot-error.js';
import { SearchIndex } from './search-index.js';

/** Ids of the records merged into this one, `;`-separated: HubSpot maintains it. */
export const MERGED_IDS = 'hs_merged_object_ids';
export type PropertyMap = Record<string, string | null>;

/** Where HubSpot keeps a contact's further email addresses (`;`-separated); each one finds the contact. */
export const ADDITIONAL_EMAILS = 'hs_additional_emails';

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
  private readonly readOnly: ReadonlySet<string>;
  /** Merged-away id → the id of the record it was merged into. */
  private readonly mergedInto = new Map<string, string>();

  constructor(
    readonly type: ObjectType,
    uniqueProperties: readonly string[],
    private readonly env: StoreEnvironment,
    options: { readonly readOnly?: readonly string[] } = {},
  ) {
    const names = type === 'contacts' ? ['email', ...uniqueProperties] : uniqueProperties;
    for (const name of names) this.unique.set(name, new Map());
    this.system = new Set(systemProperties(type));
    this.readOnly = new Set(options.readOnly ?? []);
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
      if (this.readOnly.has(name))
        throw validationError(
          `Property values were not valid: [{"isValid":false,"message":"${name} is a read only property; its value cannot be set.","error":"READ_ONLY_VALUE","name":"${name}"}]`,
        );
      if (this.system.has(name) || name === MERGED_IDS) continue;
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

  /**
   * A new record. `history` gives it the create and last-modified times of a record that was there before
   * (the admin preload): searchable at once, as a record written long ago is.
   */
  create(properties: PropertyMap, history?: { createdAt: number; updatedAt: number }): StoredRecord {
    const now = this.env.clock.now();
    const id = this.env.nextId();
    const createdAt = history?.createdAt ?? now;
    const record: StoredRecord = { id, properties: {}, createdAt, updatedAt: createdAt };
    Object.assign(record.properties, properties, {
      hs_object_id: id,
      createdate: new Date(createdAt).toISOString(),
    });
    this.active.set(id, record);
    if (history === undefined) this.touch(record, now);
    else this.touch(record, history.updatedAt, history.updatedAt);
    this.indexUnique(record, {}, properties);
    return record;
  }

  /**
   * Merges `loserId` into `primaryId`: the primary keeps its values and takes the loser's where it has none,
   * lists the loser (and what the loser had absorbed) in `hs_merged_object_ids`, and the loser is archived.
   * A contact's second email goes to `hs_additional_emails`.
   */
  merge(primaryId: string, loserId: string): StoredRecord | undefined {
    const primary = this.active.get(primaryId);
    const loser = this.active.get(loserId);
    if (primary === undefined || loser === undefined || primary === loser) return undefined;
    const taken: PropertyMap = {};
    for (const [name, value] of Object.entries(loser.properties)) {
      if (this.system.has(name) || name === MERGED_IDS || value === null) continue;
      if (this.unique.has(name) && !(name === 'email' && this.type === 'contacts')) continue;
      const held = primary.properties[name];
      if (held === undefined || held === null || held === '') taken[name] = value;
    }
    const loserEmail = loser.properties['email'];
    if (this.type === 'contacts' && typeof loserEmail === 'string') {
      const held = primary.properties['email'];
      if (typeof held === 'string' && held !== '' && held !== loserEmail) {
        const extra = addressesOf(primary.properties[ADDITIONAL_EMAILS]);
        taken[ADDITIONAL_EMAILS] = [...new Set([...extra, loserEmail])].join(';');
      }
    }
    const merged = [
      ...splitIds(primary.properties[MERGED_IDS]),
      loserId,
      ...splitIds(loser.properties[MERGED_IDS]),
    ];
    this.archive(loserId);
    for (const id of [loserId, ...splitIds(loser.properties[MERGED_IDS])]) this.mergedInto.set(id, primaryId);
    for (const [from, to] of this.mergedInto) if (to === loserId) this.mergedInto.set(from, primaryId);
    return this.update(primary, { ...taken, [MERGED_IDS]: [...new Set(merged)].join(';') });
  }

  /** The record a merged-away id now lives in, when it was merged. */
  survivorOf(id: string): StoredRecord | undefined {
    const into = this.mergedInto.get(id);
    return into === undefined ? undefined : this.active.get(into);
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
    const emails = this.unique.get('email');
    for (const address of addressesOf(record.properties[ADDITIONAL_EMAILS]))
      if (emails?.get(address) === id) emails.delete(address);
    this.search.remove(id, now);
    return true;
  }

  private touch(record: StoredRecord, now: number, visibleAt = now + this.env.indexingDelayMs): void {
    record.updatedAt = now;
    record.properties[OBJECT_TYPE_INFO[this.type].lastModifiedProperty] = new Date(now).toISOString();
    this.search.write(
      {
        id: record.id,
        properties: { ...record.properties },
        createdAt: record.createdAt,
        updatedAt: record.updatedAt,
      },
      visibleAt,
    );
  }

  private indexUnique(record: StoredRecord, before: PropertyMap, written: PropertyMap): void {
    const emails = this.unique.get('email');
    if (this.type === 'contacts' && emails !== undefined && ADDITIONAL_EMAILS in written) {
      // A further address finds its contact like the email property does; the first holder keeps it.
      for (const old of addressesOf(before[ADDITIONAL_EMAILS]))
        if (emails.get(old) === record.id && old !== this.uniqueKey('email', record.properties.email ?? ''))
          emails.delete(old);
      for (const address of addressesOf(written[ADDITIONAL_EMAILS]))
        if (!emails.has(address)) emails.set(address, record.id);
    }
    for (const [property, index] of this.unique) {
      if (!(property in written)) continue;
      const old = before[property];
      if (old !== undefined && old !== null) index.delete(this.uniqueKey(property, old));
      const value = written[property];
      if (value !== undefined && value !== null) index.set(this.uniqueKey(property, value), record.id);
    }
  }
}

function addressesOf(list: string | null | undefined): string[] {
  return (list ?? '')
    .split(';')
    .map((e) => e.trim().toLowerCase())
    .filter((e) => e !== '');
}

function splitIds(value: string | null | undefined): string[] {
  return (value ?? '').split(';').filter((id) => id !== '');
}
