import { unstorableTextReason } from '../store/storable-text.js';
import { HttpError } from './http-error.js';

export type HttpMethod = 'GET' | 'POST';

/** A route: method and path template (`/v1/review/{id}`), as documented in docs/openapi.yaml. */
export interface RouteSpec<H> {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: H;
}

export interface RouteMatch<H> {
  readonly route: RouteSpec<H>;
  readonly params: Readonly<Record<string, string>>;
}

interface Compiled<H> {
  readonly route: RouteSpec<H>;
  /** Literal segments, or `{name}` parameters as `{ param: name }`. */
  readonly segments: readonly (string | { readonly param: string })[];
}

/**
 * A table router over path templates. An unknown path is a 404; a known path with another method is a 405
 * naming the allowed ones.
 */
export class Router<H> {
  readonly #routes: Compiled<H>[];

  constructor(routes: readonly RouteSpec<H>[]) {
    this.#routes = routes.map((route) => ({
      route,
      segments: route.path
        .split('/')
        .slice(1)
        .map((s) => (s.startsWith('{') && s.endsWith('}') ? { param: s.slice(1, -1) } : s)),
    }));
  }

  get routes(): readonly RouteSpec<H>[] {
    return this.#routes.map((c) => c.route);
  }

  match(method: string, pathname: string): RouteMatch<H> {
    const parts = pathname.split('/').slice(1);
    const allowed: string[] = [];
    for (const compiled of this.#routes) {
      const params = matchSegments(compiled.segments, parts);
      if (params === null) continue;
      if (compiled.route.method === method || (method === 'HEAD' && compiled.route.method === 'GET')) {
        return { route: compiled.route, params };
      }
      allowed.push(compiled.route.method);
    }
    if (allowed.length > 0) {
      throw new HttpError(
        'method_not_allowed',
        `${method} is not allowed here; use ${allowed.join(', ')}`,
        'method',
        {
          headers: { allow: allowed.join(', ') },
        },
      );
    }
    throw new HttpError('not_found', 'no such route; see docs/openapi.yaml', 'url');
  }
}

function matchSegments(
  segments: Compiled<unknown>['segments'],
  parts: readonly string[],
): Record<string, string> | null {
  if (segments.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const part = parts[i] ?? '';
    if (typeof segment === 'string') {
      if (segment !== part) return null;
    } else if (segment !== undefined) {
      if (part === '') return null;
      params[segment.param] = decodeSegment(part, segment.param);
    }
  }
  return params;
}

function decodeSegment(part: string, name: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(part);
  } catch {
    throw new HttpError(
      'invalid_path',
      `the ${name} in the URL is not valid percent-encoding`,
      `path.${name}`,
    );
  }
  // Percent-encoding cannot smuggle a lone surrogate past decodeURIComponent, but it can a NUL.
  const reason = unstorableTextReason(decoded);
  if (reason !== undefined)
    throw new HttpError('invalid_path', `the ${name} in the URL ${reason}`, `path.${name}`);
  return decoded;
}
