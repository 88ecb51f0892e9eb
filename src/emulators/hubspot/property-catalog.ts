import { z } from 'zod';
import { HubSpotError, validationError } from './hubspot-error.js';
import { OBJECT_TYPE_INFO, type ObjectType } from './object-types.js';

/** A custom property the emulated portal starts with (`customProperties`). */
export interface CustomPropertySpec {
  readonly name: string;
  readonly label?: string;
  readonly hasUniqueValue?: boolean;
}

/** A property definition as `GET /crm/v3/properties/{object}` returns it. */
export interface PropertyDefinition {
  readonly name: string;
  readonly label: string;
  readonly type: string;
  readonly fieldType: string;
  readonly groupName: string;
  readonly description: string;
  readonly options: readonly unknown[];
  readonly displayOrder: number;
  readonly hasUniqueValue: boolean;
  readonly hidden: boolean;
  readonly formField: boolean;
  readonly calculated: boolean;
  readonly externalOptions: boolean;
  readonly hubspotDefined?: boolean;
  readonly archived: boolean;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly modificationMetadata: {
    readonly archivable: boolean;
    readonly readOnlyDefinition: boolean;
    readonly readOnlyValue: boolean;
  };
}

/** HubSpot's own properties the emulator lists (a subset of a real portal's, those integrations write). */
const BUILT_IN: Readonly<Record<ObjectType, readonly string[]>> = {
  contacts: [
    'email',
    'firstname',
    'lastname',
    'phone',
    'mobilephone',
    'company',
    'jobtitle',
    'website',
    'address',
    'city',
    'state',
    'zip',
    'country',
    'hs_additional_emails',
    'lifecyclestage',
    'hubspot_owner_id',
  ],
  companies: [
    'name',
    'domain',
    'website',
    'phone',
    'address',
    'city',
    'state',
    'zip',
    'country',
    'industry',
    'numberofemployees',
    'hubspot_owner_id',
  ],
};

const TYPES = ['string', 'number', 'date', 'datetime', 'enumeration', 'bool'] as const;

const createBody = z
  .object({
    name: z.string().regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits and _'),
    label: z.string().min(1),
    type: z.enum(TYPES),
    fieldType: z.string().min(1),
    groupName: z.string().min(1),
    description: z.string().optional(),
    hasUniqueValue: z.boolean().optional(),
    hidden: z.boolean().optional(),
    formField: z.boolean().optional(),
    displayOrder: z.number().optional(),
    options: z.array(z.unknown()).optional(),
  })
  .passthrough();

/**
 * One object's property definitions: HubSpot's built-in ones, the portal's custom ones, and those created
 * through the properties API. Which of them hold unique values is what the record store enforces.
 */
export class PropertyCatalog {
  private readonly properties = new Map<string, PropertyDefinition>();

  constructor(
    readonly type: ObjectType,
    custom: readonly CustomPropertySpec[],
    at: number,
  ) {
    const info = OBJECT_TYPE_INFO[type];
    const system = ['hs_object_id', 'createdate', info.lastModifiedProperty];
    for (const name of [...system, ...BUILT_IN[type]])
      this.properties.set(name, definition(name, { hubspotDefined: true, unique: name === 'email' }, at));
    for (const spec of custom)
      this.properties.set(
        spec.name,
        definition(spec.name, { label: spec.label, unique: spec.hasUniqueValue === true }, at),
      );
  }

  list(): PropertyDefinition[] {
    return [...this.properties.values()];
  }

  get(name: string): PropertyDefinition | undefined {
    return this.properties.get(name);
  }

  /** `POST /crm/v3/properties/{object}`: a name in use → 409; a bad body → 400. */
  create(body: unknown, at: number): PropertyDefinition {
    const parsed = createBody.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw validationError(
        `Invalid input JSON: ${issue?.path.join('.') ?? ''} ${issue?.message ?? 'is invalid'}`.trim(),
      );
    }
    const input = parsed.data;
    if (this.properties.has(input.name))
      throw new HubSpotError(409, 'CONFLICT', `A property named '${input.name}' already exists.`);
    const created = {
      ...definition(input.name, { label: input.label, unique: input.hasUniqueValue === true }, at),
      type: input.type,
      fieldType: input.fieldType,
      groupName: input.groupName,
      description: input.description ?? '',
    };
    this.properties.set(input.name, created);
    return created;
  }
}

function definition(
  name: string,
  options: { label?: string | undefined; unique: boolean; hubspotDefined?: boolean },
  at: number,
): PropertyDefinition {
  const stamp = new Date(at).toISOString();
  return {
    name,
    label: options.label ?? name,
    type: 'string',
    fieldType: 'text',
    groupName: 'contactinformation',
    description: '',
    options: [],
    displayOrder: -1,
    hasUniqueValue: options.unique,
    hidden: false,
    formField: false,
    calculated: false,
    externalOptions: false,
    ...(options.hubspotDefined === true ? { hubspotDefined: true } : {}),
    archived: false,
    createdAt: stamp,
    updatedAt: stamp,
    modificationMetadata: {
      archivable: options.hubspotDefined !== true,
      readOnlyDefinition: options.hubspotDefined === true,
      readOnlyValue: false,
    },
  };
}
