import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as a carrier double received it. */
export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
}

/** What a double answers: an HTTP status and a JSON body. */
export interface DoubleAnswer {
  status: number;
  json: unknown;
}

/**
 * The HTTP side of a carrier double: a server on 127.0.0.1 (a free port) that hands every POST to `answer`.
 *
 * @example
 * ```ts
 * const server = await new LocalServer((req) => ({ status: 200, json: { ok: true } })).start();
 * await fetch(server.url, { method: 'POST', body: '{}' });
 * ```
 */
export class LocalServer {
  #server: Server | undefined;
  url = '';

  constructor(readonly answer: (request: ReceivedRequest) => DoubleAnswer) {}

  async start(): Promise<this> {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const { status, json } = req.method === 'POST' ? this.answer({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') }) : { status: 405, json: { message: 'POST only' } };
        res.writeHead(status, { 'Content-Type': 'application/json;charset=utf-8' }).end(JSON.stringify(json));
      });
    });
    await new Promise<void>((resolve) => this.#server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.#server?.close(resolve));
  }
}
