import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApp, type ServedApp } from '../../src/server/serve-app.js';
import { testPostgres } from '../store/postgres-test-db.js';
import { BILLING_TOKEN, WEB_TOKEN, openAppFixture, type AppFixture } from './server-fixture.js';

const postgres = await testPostgres('early-answers');
const backends = ['sqlite', ...(postgres === undefined ? [] : ['postgres'])] as const;
afterAll(() => postgres?.cleanup());

let fx: AppFixture;
let served: ServedApp;

interface Exchange {
  readonly reply: string;
  /** Milliseconds from the first byte written until the server closed the connection (or we gave up). */
  readonly closedAfterMs: number;
  readonly closedByServer: boolean;
}

/** Writes `first`, then — once an answer has come back — `second`, on one socket; gives up after `limitMs`. */
function exchange(first: Buffer, second: string, limitMs = 8_000): Promise<Exchange> {
  const url = new URL(served.url);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const started = performance.now();
    let sentSecond = false;
    let timedOut = false;
    const socket = connect(Number(url.port), url.hostname, () => socket.write(first, () => {}));
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      if (!sentSecond && Buffer.concat(chunks).includes('\r\n\r\n')) {
        sentSecond = true;
        if (socket.writable) socket.write(second, () => {});
      }
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      // Writing into a connection the server closed may reset it; what was answered is what counts.
      if (err.code !== 'ECONNRESET' && err.code !== 'EPIPE') reject(err);
    });
    socket.on('close', () =>
      resolve({
        reply: Buffer.concat(chunks).toString('latin1'),
        closedAfterMs: performance.now() - started,
        closedByServer: !timedOut,
      }),
    );
    setTimeout(() => {
      timedOut = true;
      socket.destroy();
    }, limitMs).unref();
  });
}

function post(headers: Record<string, string>, body: Buffer): Buffer {
  const head = Object.entries({ host: 'x', 'content-type': 'application/json', ...headers })
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  return Buffer.concat([
    Buffer.from(
      `POST /v1/lanes/web-forms/events HTTP/1.1\r\n${head}content-length: ${body.byteLength}\r\n\r\n`,
    ),
    body,
  ]);
}

const HEALTH = 'GET /healthz HTTP/1.1\r\nhost: x\r\n\r\n';
const large = Buffer.from(JSON.stringify({ payload: { note: 'y'.repeat(2_000_000) } }));

// The store matters here too: a 401/403 is recorded in the lineage before the answer goes out.
describe.each(backends)('an answer given before the body was read, on %s', (backend) => {
  beforeAll(async () => {
    fx = await openAppFixture({
      limits: { maxBodyBytes: 65_536 },
      ...(backend === 'postgres' && postgres !== undefined
        ? { postgres: { url: postgres.url, schema: await postgres.createSchema() } }
        : {}),
    });
    served = await serveApp(fx.app, { host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await served.close();
    await fx.close();
  });

  for (const [label, headers, status] of [
    ['413 (body over the limit)', { authorization: `Bearer ${WEB_TOKEN}` }, 413],
    ['401 (no token)', {}, 401],
    ['403 (token of another lane)', { authorization: `Bearer ${BILLING_TOKEN}` }, 403],
  ] as const) {
    it(`${label}: says Connection: close and closes at once, so a second request never hangs`, async () => {
      const result = await exchange(post(headers, large), HEALTH);
      const answers = result.reply.match(/HTTP\/1\.1 \d{3}/g) ?? [];
      expect(answers).toEqual([`HTTP/1.1 ${status}`]);
      expect(result.reply).toMatch(/\r\nconnection: close\r\n/i);
      expect(result.closedByServer).toBe(true);
      expect(result.closedAfterMs).toBeLessThan(4_000);
      expect(fx.logs()).not.toMatch(/"status":500/);
      // The server is fine: a new connection is answered at once.
      const fresh = await exchange(
        Buffer.from(HEALTH.replace('\r\n\r\n', '\r\nconnection: close\r\n\r\n')),
        '',
      );
      expect(fresh.reply).toMatch(/^HTTP\/1\.1 200/);
    });
  }

  it('keeps the connection alive when the whole (small) body had arrived', async () => {
    const small = Buffer.from(JSON.stringify({ payload: { email: 'ada@example.com' } }));
    const result = await exchange(
      post({}, small),
      HEALTH.replace('\r\n\r\n', '\r\nconnection: close\r\n\r\n'),
    );
    expect(result.reply.match(/HTTP\/1\.1 \d{3}/g)).toEqual(['HTTP/1.1 401', 'HTTP/1.1 200']);
    expect(result.reply.split('HTTP/1.1 200')[0]).not.toMatch(/connection: close/i);
  });
});
