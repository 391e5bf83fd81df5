/**
 * A real HTTP server on 127.0.0.1 that answers requests from a script, one step per request (the last
 * step repeats), and records what it was sent: the Slack webhook client is tested against real sockets,
 * status lines and headers rather than a mocked `fetch`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  readonly method: string;
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: string;
}

/** One scripted answer; `hang` never answers (the client must time out). */
export type Step =
  | { readonly status: number; readonly body?: string; readonly headers?: Readonly<Record<string, string>> }
  | { readonly hang: true };

export interface ScriptedServer {
  /** The webhook URL, with a secret-looking path. */
  readonly url: string;
  readonly received: ReceivedRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(steps: readonly Step[]): Promise<ScriptedServer> {
  const received: ReceivedRequest[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        path: request.url ?? '',
        contentType: request.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const step = steps[Math.min(received.length - 1, steps.length - 1)];
      if (step === undefined || 'hang' in step) return;
      response.writeHead(step.status, { 'content-type': 'text/plain', ...(step.headers ?? {}) });
      response.end(step.body ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/services/T000/B000/SECRETTOKEN`,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
