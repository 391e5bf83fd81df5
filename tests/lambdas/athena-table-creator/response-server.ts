/**
 * A real HTTP server standing in for CloudFormation's pre-signed S3 response URL: it records every
 * request (method, path, headers, parsed body) and answers with the statuses it is given, in order
 * (200 once they run out).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedResponse {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Record<string, unknown>;
}

export interface ResponseServer {
  /** A URL shaped like a pre-signed one, on this server. */
  readonly url: string;
  readonly received: ReceivedResponse[];
  /** Statuses for the next requests, in order. */
  answerWith(...statuses: number[]): void;
  close(): Promise<void>;
}

export async function startResponseServer(): Promise<ResponseServer> {
  const received: ReceivedResponse[] = [];
  const statuses: number[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      received.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
      });
      res.statusCode = statuses.shift() ?? 200;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/cloudformation-custom-resource-response-useast1/arn%3Aaws%3Acloudformation%3Aus-east-1%3A111122223333%3Astack/iam-guard/AthenaViews?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=abc123`,
    received,
    answerWith: (...next) => void statuses.push(...next),
    close: () => new Promise((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };
}
