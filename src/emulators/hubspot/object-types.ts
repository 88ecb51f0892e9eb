/** The CRM objects the emulator serves, with the per-object facts HubSpot's API exposes. */
export const OBJECT_TYPES = ['contacts', 'companies'] as const;
export type ObjectType = (typeof OBJECT_TYPES)[number];

export interface ObjectTypeInfo {
  /** Upper-case singular, as HubSpot names the object in batch error messages. */
  readonly label: string;
  /** Contacts keep `lastmodifieddate`; every other object uses `hs_lastmodifieddate`. */
  readonly lastModifiedProperty: string;
  /** Returned when a read names no properties. */
  readonly defaultProperties: readonly string[];
  /** Matched by the free-text `query` of a search. */
  readonly queryProperties: readonly string[];
}

export const OBJECT_TYPE_INFO: Readonly<Record<ObjectType, ObjectTypeInfo>> = {
  contacts: {
    label: 'CONTACT',
    lastModifiedProperty: 'lastmodifieddate',
    defaultProperties: ['createdate', 'email', 'firstname', 'hs_object_id', 'lastmodifieddate', 'lastname'],
    queryProperties: ['email', 'firstname', 'lastname', 'phone', 'company'],
  },
  companies: {
    label: 'COMPANY',
    lastModifiedProperty: 'hs_lastmodifieddate',
    defaultProperties: ['createdate', 'domain', 'hs_lastmodifieddate', 'hs_object_id', 'name'],
    queryProperties: ['name', 'domain', 'website', 'phone'],
  },
};

/** HubSpot accepts the plural name and the object type id in the path. */
const ALIASES: Readonly<Record<string, ObjectType>> = {
  contacts: 'contacts',
  '0-1': 'contacts',
  companies: 'companies',
  '0-2': 'companies',
};

export function resolveObjectType(name: string): ObjectType | undefined {
  return ALIASES[name.toLowerCase()];
}

/** Properties HubSpot maintains itself: always echoed, never written by a client. */
export function systemProperties(type: ObjectType): readonly string[] {
  return ['hs_object_id', 'createdate', OBJECT_TYPE_INFO[type].lastModifiedProperty];
}
