import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubSpotEmulatorApp } from './emulator-app.js';

export interface ServedApp {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Serves the emulator app over `node:http`. This layer reads bodies (keeping at most `maxBodyBytes`) and
 * carries out lost responses: `drop` closes the connection at once, `hang` keeps it silent for `hangMs`.
 */
export async function serveOnLoopback(app: HubSpotEmulatorApp): Promise<ServedApp> {
  const { host, port, maxBodyBytes, faults } = app.options;
  const hanging = new Set<NodeJS.Timeout>();

  const server = createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      const message = error instanceof Error ? error.message : String(error);
      res.writeHead(500, { 'content-type': 'application/json;charset=utf-8' });
      res.end(
        JSON.stringify({
          status: 'error',
          message: `Emulator failure: ${message}`,
          category: 'INTERNAL_ERROR',
        }),
      );
    });
  });

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size <= maxBodyBytes) chunks.push(buffer);
    }
    const response = await app.handle({
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
      bodyTooLarge: size > maxBodyBytes,
    });
    if (response.afterCommit === 'drop') {
      req.socket.destroy();
      return;
    }
    if (response.afterCommit === 'hang') {
      const timer = setTimeout(() => {
        hanging.delete(timer);
        req.socket.destroy();
      }, faults.hangMs);
      hanging.add(timer);
      return;
    }
    const payload = response.body === undefined ? '' : JSON.stringify(response.body);
    const headers: Record<string, string | number> = { ...response.headers };
    if (payload !== '') {
      headers['content-type'] = 'application/json;charset=utf-8';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    res.writeHead(response.status, headers);
    res.end(payload);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${bound}`,
    port: bound,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const timer of hanging) clearTimeout(timer);
        hanging.clear();
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeAllConnections();
      }),
  };
}
