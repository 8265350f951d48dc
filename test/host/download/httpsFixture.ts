import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer as createHttpServer } from 'node:http';
import { Agent, createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { makeTestCertificate } from './testCertificate';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A local server on 127.0.0.1. */
export interface LocalServer {
  /** e.g. http://127.0.0.1:40123 */
  readonly base: string;
  /** Paths requested so far, in order. */
  readonly requests: string[];
  close(): Promise<void>;
}

/** An https server with a certificate made at test time. */
export interface LocalHttpsServer extends LocalServer {
  /** An agent that trusts this server's certificate; nothing else about TLS changes. */
  readonly agent: Agent;
}

export async function startHttpsServer(handler: Handler): Promise<LocalHttpsServer> {
  const certificate = makeTestCertificate();
  const requests: string[] = [];
  const server = createHttpsServer({ cert: certificate.cert, key: certificate.key }, (request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const agent = new Agent({ ca: certificate.cert });
  return {
    base: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    agent,
    close: () => {
      agent.destroy();
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export async function startHttpServer(handler: Handler): Promise<LocalServer> {
  const requests: string[] = [];
  const server = createHttpServer((request, response) => {
    requests.push(request.url ?? '');
    handler(request, response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * Streams `total` bytes of zeros lazily, 64 KiB at a time and only as fast as the client reads, so
 * the test never holds them. `sent` counts what was handed to the socket; `closed` tells that the
 * client hung up before the end.
 */
export function streamZeros(response: ServerResponse, total: number, withLength: boolean): { sent: number; closed: Promise<boolean> } {
  const chunk = Buffer.alloc(64 * 1024);
  const progress = { sent: 0, closed: new Promise<boolean>((resolve) => response.on('close', () => resolve(!response.writableFinished))) };
  response.writeHead(200, withLength ? { 'content-length': total } : {});
  const pump = (): void => {
    while (progress.sent < total && !response.destroyed) {
      progress.sent += chunk.length;
      if (!response.write(chunk)) {
        response.once('drain', pump);
        return;
      }
    }
    if (!response.destroyed) response.end();
  };
  pump();
  return progress;
}
