/** The endpoints of the CRM v3 objects API the emulator serves, named as in its statistics. */
export type Endpoint =
  | 'create'
  | 'read'
  | 'update'
  | 'archive'
  | 'list'
  | 'batch/read'
  | 'batch/create'
  | 'batch/update'
  | 'batch/upsert'
  | 'batch/archive'
  | 'search'
  | 'merge'
  | 'properties/list'
  | 'properties/read'
  | 'properties/create'
  | 'token-info';

export interface Route {
  readonly endpoint: Endpoint;
  readonly object: string;
  readonly id?: string;
}

const PREFIX = ['crm', 'v3', 'objects'];
const BATCH: Readonly<Record<string, Endpoint>> = {
  read: 'batch/read',
  create: 'batch/create',
  update: 'batch/update',
  upsert: 'batch/upsert',
  archive: 'batch/archive',
};

/** The private-app token introspection HubSpot documents (scopes of the token in the body). */
export const TOKEN_INFO_PATH = '/oauth/v2/private-apps/get/access-token-info';

/**
 * Matches `/crm/v3/objects/{object}[/{id} | /batch/{op} | /search]`, `/crm/v3/properties/{object}[/{name}]`
 * and the token introspection; `undefined` when nothing fits. The route's `id` of a property is its name.
 */
export function matchRoute(method: string, pathname: string): Route | undefined {
  const segments = pathname.split('/').filter((s) => s !== '');
  const verb = method.toUpperCase();
  if (pathname.replace(/\/+$/, '') === TOKEN_INFO_PATH)
    return verb === 'POST' ? { endpoint: 'token-info', object: '' } : undefined;
  if (segments[0] === 'crm' && segments[1] === 'v3' && segments[2] === 'properties') {
    const [object, name, ...rest] = segments.slice(3);
    if (object === undefined || rest.length > 0) return undefined;
    if (name === undefined) {
      if (verb === 'GET') return { endpoint: 'properties/list', object };
      if (verb === 'POST') return { endpoint: 'properties/create', object };
      return undefined;
    }
    const id = decodePathId(name);
    return verb === 'GET' && id !== undefined ? { endpoint: 'properties/read', object, id } : undefined;
  }
  if (PREFIX.some((p, i) => segments[i] !== p)) return undefined;
  const [object, first, second, ...rest] = segments.slice(PREFIX.length);
  if (object === undefined || rest.length > 0) return undefined;
  if (first === undefined) {
    if (verb === 'POST') return { endpoint: 'create', object };
    if (verb === 'GET') return { endpoint: 'list', object };
    return undefined;
  }
  if (first === 'batch' && second !== undefined) {
    const endpoint = BATCH[second];
    return verb === 'POST' && endpoint !== undefined ? { endpoint, object } : undefined;
  }
  if (second !== undefined) return undefined;
  if (first === 'search' && verb === 'POST') return { endpoint: 'search', object };
  if (first === 'merge' && verb === 'POST') return { endpoint: 'merge', object };
  const id = decodePathId(first);
  if (id === undefined) return undefined;
  if (verb === 'GET') return { endpoint: 'read', object, id };
  if (verb === 'PATCH') return { endpoint: 'update', object, id };
  if (verb === 'DELETE') return { endpoint: 'archive', object, id };
  return undefined;
}

/** Endpoints whose request carries a JSON body. */
export function takesBody(endpoint: Endpoint): boolean {
  return !['read', 'list', 'archive', 'properties/list', 'properties/read'].includes(endpoint);
}

/** The scope a request to `endpoint` of `object` needs. */
export function scopeFor(endpoint: Endpoint, object: string): string | undefined {
  if (endpoint === 'token-info') return undefined;
  if (endpoint === 'properties/list' || endpoint === 'properties/read') return `crm.schemas.${object}.read`;
  if (endpoint === 'properties/create') return `crm.schemas.${object}.write`;
  const reads: readonly Endpoint[] = ['read', 'list', 'batch/read', 'search'];
  return `crm.objects.${object}.${reads.includes(endpoint) ? 'read' : 'write'}`;
}

function decodePathId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
