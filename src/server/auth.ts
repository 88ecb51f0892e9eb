import { createHash, timingSafeEqual } from 'node:crypto';
import type { Secret } from '../config/secret.js';
import { HttpError } from './http-error.js';

/** Who is calling: a lane's integration user (posting to its lanes) or an operator. */
export type Principal =
  | { readonly kind: 'lane'; readonly user: string; readonly lanes: ReadonlySet<string> }
  | { readonly kind: 'operator'; readonly user: 'operator' };

/** Bearer tokens: one per integration user (shared by its lanes), and the operators'. */
export interface AuthConfig {
  readonly lanes: Readonly<Record<string, { readonly user: string; readonly token: Secret }>>;
  readonly operatorToken: Secret;
}

interface KnownToken {
  readonly digest: Buffer;
  readonly principal: Principal;
}

export type Authenticate = (authorization: string | null) => Principal;

/**
 * Builds the token check. Tokens are compared as SHA-256 digests with `timingSafeEqual`, against every known
 * token without stopping early, so the time taken says nothing about how close a guess was.
 */
export function createAuthenticator(config: AuthConfig): Authenticate {
  const byUser = new Map<string, { token: Secret; lanes: Set<string> }>();
  for (const [lane, { user, token }] of Object.entries(config.lanes)) {
    const entry = byUser.get(user) ?? { token, lanes: new Set<string>() };
    entry.lanes.add(lane);
    byUser.set(user, entry);
  }
  const known: KnownToken[] = [...byUser].map(([user, { token, lanes }]) => ({
    digest: digest(token.reveal()),
    principal: { kind: 'lane', user, lanes },
  }));
  known.push({
    digest: digest(config.operatorToken.reveal()),
    principal: { kind: 'operator', user: 'operator' },
  });

  return (authorization) => {
    const match = /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization ?? '');
    if (match?.[1] === undefined) {
      throw new HttpError(
        'unauthorized',
        authorization === null ? 'missing Authorization: Bearer <token>' : 'malformed Authorization header',
        'header.authorization',
        { headers: { 'www-authenticate': 'Bearer' } },
      );
    }
    const presented = digest(match[1]);
    let found: Principal | undefined;
    for (const entry of known) {
      if (timingSafeEqual(entry.digest, presented) && found === undefined) found = entry.principal;
    }
    if (found === undefined) {
      throw new HttpError('unauthorized', 'unknown token', 'header.authorization', {
        headers: { 'www-authenticate': 'Bearer error="invalid_token"' },
      });
    }
    return found;
  };
}

function digest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
