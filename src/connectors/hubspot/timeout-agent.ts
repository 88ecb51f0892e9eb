import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';

type ConnectionCallback = (err: Error | null, stream: Duplex) => void;

/**
 * The HubSpot SDK cannot abort a request, so a silent connection would otherwise stay open after our
 * timeout gave up on it. These agents destroy a socket that stays idle for `timeoutMs` (the SDK's fetch then
 * fails with a network error); the agent's `timeout` option keeps that limit on reused keep-alive sockets.
 */
class HttpTimeoutAgent extends http.Agent {
  constructor(private readonly idleMs: number) {
    super({ keepAlive: true, timeout: idleMs });
  }

  override createConnection(options: http.ClientRequestArgs, callback?: ConnectionCallback) {
    return guard(super.createConnection(options, callback), this.idleMs);
  }
}

class HttpsTimeoutAgent extends https.Agent {
  constructor(private readonly idleMs: number) {
    super({ keepAlive: true, timeout: idleMs });
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectionCallback) {
    return guard(super.createConnection(options, callback), this.idleMs);
  }
}

function guard(socket: Duplex | null | undefined, idleMs: number): Duplex | null | undefined {
  socket?.on('timeout', () => socket.destroy(new Error(`socket idle for ${idleMs} ms`)));
  return socket;
}

export function createTimeoutAgent(baseUrl: string, timeoutMs: number): http.Agent {
  return baseUrl.startsWith('https:') ? new HttpsTimeoutAgent(timeoutMs) : new HttpTimeoutAgent(timeoutMs);
}
