import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A call the stand-in received: `POST /repos/acme/website/issues/1/comments`, its JSON body parsed. */
export interface ApiCall {
  method: string;
  /** The path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body?: unknown;
}

/** How the stand-in answers a call: 200 (201 for a POST) and `{}` unless told otherwise. */
export interface ApiAnswer {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface GitHubStandIn {
  /** Pass it as runHook's `githubApiUrl`. */
  url: string;
  /** Every call so far, in order. */
  calls: ApiCall[];
  close(): Promise<void>;
}

/**
 * A stand-in for GitHub's REST API on loopback, for a hook's test: it records each call and
 * answers as `answer` says (by `${method} ${path}`, such as `GET /repos/acme/website/pulls/1/files`).
 */
export async function gitHubStandIn(answer: (call: ApiCall) => ApiAnswer | undefined = () => undefined): Promise<GitHubStandIn> {
  const calls: ApiCall[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const call: ApiCall = { method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, ...(text === '' ? {} : { body: parseJson(text) }) };
      calls.push(call);
      let given: ApiAnswer | undefined;
      try {
        given = answer(call);
      } catch (err) {
        given = { status: 500, body: { message: `the stand-in's answer threw: ${(err as Error).message}` } };
      }
      res.writeHead(given?.status ?? (call.method === 'POST' ? 201 : 200), { 'content-type': 'application/json; charset=utf-8', ...given?.headers });
      res.end(JSON.stringify(given?.body ?? {}));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    close: () => new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve()))),
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
