import { HubSpotEmulatorApp, type EmulatorRequest, type EmulatorResponse } from './emulator-app.js';
import { z } from 'zod';
import { errorBody, HubSpotError } from './hubspot-error.js';
import { resolveObjectType } from './object-types.js';

/** Path prefix of the admin routes; no HubSpot API path starts with it. */
export const ADMIN_PREFIX = '/__emulator';

/**
 * The emulator with a small admin API for tests and scripts that run it as its own process:
 * - `GET /__emulator/records/{object}`: `{ object, total, results }`, the current records with every property;
 * - `POST /__emulator/records/{object}` `{records: [{properties, createdAt?, updatedAt?}]}` → `{ids}`: records
 *   that were in the CRM before any sync (`preload`), many at once, outside the rate limit;
 * - `GET /__emulator/stats`: request counters (per endpoint, rate-limited, faults);
 * - `PUT /__emulator/outage {status}`: every API request is answered with `status` (503: HubSpot down; 401:
 *   the token revoked) until `DELETE /__emulator/outage`; `GET /__emulator/outage` shows the current one.
 * Admin requests need one of the accepted bearer tokens and count neither against the rate limit nor in the
 * statistics; every other request goes to the HubSpot API as usual.
 */
export class HubSpotEmulatorAdminApp extends HubSpotEmulatorApp {
  override async handle(request: EmulatorRequest): Promise<EmulatorResponse> {
    const url = new URL(request.url, 'http://emulator.invalid');
    if (url.pathname !== ADMIN_PREFIX && !url.pathname.startsWith(`${ADMIN_PREFIX}/`))
      return super.handle(request);
    return this.admin(request.method.toUpperCase(), url.pathname, request.headers.authorization, request);
  }

  private admin(
    method: string,
    pathname: string,
    authorization: string | string[] | undefined,
    request: EmulatorRequest,
  ): EmulatorResponse {
    const header = Array.isArray(authorization) ? authorization[0] : authorization;
    const token = /^Bearer\s+(\S+)$/i.exec(header ?? '')?.[1];
    if (token === undefined || !this.options.tokens.includes(token))
      return reply(401, errorBody('INVALID_AUTHENTICATION', 'The admin API needs an accepted access token.'));
    const segments = pathname
      .slice(ADMIN_PREFIX.length)
      .split('/')
      .filter((s) => s !== '');
    if (method === 'POST' && segments.length === 2 && segments[0] === 'records')
      return this.preloadRoute(segments[1] ?? '', request);
    if (segments.length === 1 && segments[0] === 'outage') return this.outageRoute(method, request.body);
    if (method !== 'GET')
      return reply(
        405,
        errorBody(
          'VALIDATION_ERROR',
          `The admin API answers GET, POST on ${ADMIN_PREFIX}/records/{object}, and PUT and DELETE on ${ADMIN_PREFIX}/outage.`,
        ),
      );
    if (segments.length === 1 && segments[0] === 'stats') return reply(200, this.stats());
    if (segments.length === 2 && segments[0] === 'records') {
      const object = segments[1] ?? '';
      if (resolveObjectType(object) === undefined)
        return reply(404, errorBody('OBJECT_NOT_FOUND', `The emulator has no object '${object}'`));
      const results = this.records(object);
      return reply(200, { object, total: results.length, results });
    }
    return reply(
      404,
      errorBody(
        'OBJECT_NOT_FOUND',
        `No such admin route; use ${ADMIN_PREFIX}/records/{object}, ${ADMIN_PREFIX}/stats or ${ADMIN_PREFIX}/outage`,
      ),
    );
  }

  /** `POST /__emulator/records/{object} {records: [{properties, createdAt?, updatedAt?}]}` → `{ ids }`. */
  private preloadRoute(object: string, request: EmulatorRequest): EmulatorResponse {
    if (resolveObjectType(object) === undefined)
      return reply(404, errorBody('OBJECT_NOT_FOUND', `The emulator has no object '${object}'`));
    if (request.bodyTooLarge === true)
      return reply(
        413,
        errorBody(
          'VALIDATION_ERROR',
          `Request body exceeds ${this.options.maxBodyBytes} bytes; send fewer records per request`,
        ),
      );
    let body: z.output<typeof preloadBody>;
    try {
      body = preloadBody.parse(JSON.parse(request.body));
    } catch (error) {
      const detail =
        error instanceof z.ZodError
          ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
          : String(error);
      return reply(
        400,
        errorBody(
          'VALIDATION_ERROR',
          `expected {records: [{properties, createdAt?, updatedAt?}]}: ${detail}`,
        ),
      );
    }
    try {
      return reply(200, { ids: this.preload(object, body.records) });
    } catch (error) {
      if (error instanceof HubSpotError) return reply(error.status, error.toBody());
      throw error;
    }
  }

  private outageRoute(method: string, body: string): EmulatorResponse {
    if (method === 'GET') return reply(200, { outage: this.currentOutage ?? null });
    if (method === 'DELETE') {
      this.endOutage();
      return reply(200, { outage: null });
    }
    if (method !== 'PUT')
      return reply(405, errorBody('VALIDATION_ERROR', 'The outage route answers GET, PUT and DELETE.'));
    let status: unknown;
    try {
      status = (JSON.parse(body === '' ? '{}' : body) as { status?: unknown }).status ?? 503;
    } catch {
      return reply(
        400,
        errorBody('VALIDATION_ERROR', 'PUT /__emulator/outage takes a JSON body {"status": 503}.'),
      );
    }
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 400 || status > 599)
      return reply(400, errorBody('VALIDATION_ERROR', 'status must be a whole number from 400 to 599.'));
    this.startOutage({ status });
    return reply(200, { outage: { status } });
  }
}

const preloadBody = z
  .object({
    records: z.array(
      z
        .object({
          properties: z.record(z.string(), z.union([z.string(), z.null()])),
          createdAt: z.number().int().nonnegative().optional(),
          updatedAt: z.number().int().nonnegative().optional(),
        })
        .strict(),
    ),
  })
  .strict();

function reply(status: number, body: unknown): EmulatorResponse {
  return { status, headers: {}, body };
}
