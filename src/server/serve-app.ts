import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { App } from './create-app.js';
import { HttpError } from './http-error.js';

/** An app bound to a socket. `close()` stops accepting, lets requests in flight finish, then returns. */
export interface ServedApp {
  readonly url: string;
  readonly server: Server;
  close(options?: { drainTimeoutMs?: number }): Promise<void>;
}

/** Methods the fetch `Request` cannot carry; no route uses them. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);

/** Serves `app` with node:http on `host:port` (port 0: any free port). */
export async function serveApp(app: App, options: { host: string; port: number }): Promise<ServedApp> {
  let closing = false;
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 30_000 }, (req, res) => {
    void handle(app, req, res, () => closing);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => answerClientError(err, socket));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${host}:${address.port}`,
    server,
    close: ({ drainTimeoutMs = 10_000 } = {}) =>
      new Promise<void>((resolve) => {
        closing = true;
        const force = setTimeout(() => server.closeAllConnections(), drainTimeoutMs);
        force.unref();
        server.close(() => {
          clearTimeout(force);
          resolve();
        });
        server.closeIdleConnections();
      }),
  };
}

/** Answers one request; while the server closes, answers end their connection instead of keeping it alive. */
async function handle(
  app: App,
  req: IncomingMessage,
  res: ServerResponse,
  closing: () => boolean,
): Promise<void> {
  const response = await answer(app, req);
  try {
    const body = req.method === 'HEAD' ? null : Buffer.from(await response.arrayBuffer());
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => (headers[key] = value));
    if (body !== null) headers['content-length'] = String(body.byteLength);
    // An answer given before the body was read (401, 403, 413, …): reading the rest could take long and the
    // next request on this connection would wait behind it, so the connection ends with this answer.
    const unread = !req.complete;
    if (closing() || unread) headers['connection'] = 'close';
    res.writeHead(response.status, headers);
    res.end(body);
    if (unread) discardBody(req);
  } catch {
    res.destroy();
  }
}

/** What is left of a body nobody will read is thrown away as it comes, until the connection closes. */
function discardBody(req: IncomingMessage): void {
  req.removeAllListeners('data');
  req.on('data', () => {});
  req.resume();
}

async function answer(app: App, req: IncomingMessage): Promise<Response> {
  let request: Request;
  try {
    request = toRequest(req);
  } catch (err) {
    const error =
      err instanceof HttpError ? err : new HttpError('bad_request', 'the request could not be read', '');
    return app.refuse(req.method ?? '', error);
  }
  try {
    return await app.fetch(request);
  } catch {
    return app.refuse(req.method ?? '', new HttpError('internal', 'internal error'));
  }
}

/** node:http request → fetch Request, with a body stream that never tears the socket down. */
function toRequest(req: IncomingMessage): Request {
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHODS.has(method)) {
    throw new HttpError('method_not_allowed', `${method} is not allowed`, 'method');
  }
  const target = req.url ?? '/';
  if (!target.startsWith('/')) throw new HttpError('bad_request', 'the request target must be a path', 'url');
  let url: URL;
  try {
    url = new URL(`http://lanekeeper.local${target}`);
  } catch {
    throw new HttpError('bad_request', 'the request target is not a valid URL', 'url');
  }
  const headers = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '');
  }
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    ...(hasBody ? { body: bodyStream(req), duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * The request body as a web stream. Cancelling (a body over the limit) stops reading and lets node discard
 * the rest, instead of destroying the socket the answer must go out on.
 */
function bodyStream(req: IncomingMessage): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>(
    {
      start(controller) {
        req.on('data', (chunk: Buffer) => {
          if (done) return;
          controller.enqueue(new Uint8Array(chunk));
          if ((controller.desiredSize ?? 0) <= 0) req.pause();
        });
        req.once('end', () => {
          if (!done) controller.close();
          done = true;
        });
        req.once('error', (err) => {
          if (!done) controller.error(err);
          done = true;
        });
      },
      pull() {
        req.resume();
      },
      cancel() {
        done = true;
        req.resume();
      },
    },
    { highWaterMark: 16 },
  );
}

/** Malformed HTTP never reaches the app; it still gets a JSON answer. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (!socket.writable || err.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const error = new HttpError(
    tooLarge ? 'header_too_large' : 'bad_request',
    tooLarge ? 'the request headers are too large' : 'malformed HTTP request',
    tooLarge ? 'header' : '',
  );
  const body = JSON.stringify(error.body());
  socket.end(
    `HTTP/1.1 ${error.status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `content-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\n` +
      `connection: close\r\n\r\n${body}`,
  );
}
