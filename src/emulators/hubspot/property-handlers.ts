import type { HandlerResult } from './handler-context.js';
import { HubSpotError } from './hubspot-error.js';
import type { PropertyCatalog } from './property-catalog.js';
import type { ObjectStore } from './record-store.js';
import type { Endpoint } from './router.js';

/**
 * `GET /crm/v3/properties/{object}` → `{results}`; `GET …/{name}` → the definition or 404;
 * `POST /crm/v3/properties/{object}` → 201 with the definition (a name in use: 409). A property created with
 * `hasUniqueValue` holds unique values from then on.
 */
export function propertyRoute(
  endpoint: Extract<Endpoint, `properties/${string}`>,
  catalog: PropertyCatalog,
  store: ObjectStore,
  name: string | undefined,
  body: unknown,
  now: number,
): HandlerResult {
  switch (endpoint) {
    case 'properties/list':
      return { status: 200, body: { results: catalog.list() } };
    case 'properties/read': {
      const found = catalog.get(name ?? '');
      if (found === undefined)
        throw new HubSpotError(
          404,
          'OBJECT_NOT_FOUND',
          `Unable to find property ${name ?? ''} for ${store.type}`,
        );
      return { status: 200, body: found };
    }
    case 'properties/create': {
      const created = catalog.create(body, now);
      if (created.hasUniqueValue) store.addUniqueProperty(created.name);
      return { status: 201, body: created };
    }
  }
}
