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
  | 'merge';

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

/** Matches `/crm/v3/objects/{object}[/{id} | /batch/{op} | /search]`; `undefined` when nothing fits. */
export function matchRoute(method: string, pathname: string): Route | undefined {
  const segments = pathname.split('/').filter((s) => s !== '');
  if (PREFIX.some((p, i) => segments[i] !== p)) return undefined;
  const [object, first, second, ...rest] = segments.slice(PREFIX.length);
  if (object === undefined || rest.length > 0) return undefined;
  const verb = method.toUpperCase();
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
  return endpoint !== 'read' && endpoint !== 'list' && endpoint !== 'archive';
}

function decodePathId(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
