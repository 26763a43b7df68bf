import { generateKeyPairSync, randomBytes, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { standIn, type StandIn } from './stand-in.ts';

type Answer = { status?: number; body?: unknown; headers?: Record<string, string> };

/** A GitHub App's key pair, made for the test: GitHub keeps the public key, the App the private one. */
export function appKeys(): { privateKey: string; publicKey: string } {
  return generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
}

/** Why a request's `Authorization: Bearer <JWT>` is not the App's (RS256 under its key, `iss` its id, not expired), or undefined. */
export function jwtProblem(authorization: string | undefined, publicKey: string, appId: string): string | undefined {
  const jwt = /^bearer (\S+)$/i.exec(authorization ?? '')?.[1];
  if (!jwt) return 'no bearer token';
  const [header, payload, signature] = jwt.split('.');
  if (!header || !payload || !signature) return 'not a JWT';
  if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'RS256') return 'not RS256';
  if (!verify('sha256', Buffer.from(`${header}.${payload}`), publicKey, Buffer.from(signature, 'base64url'))) return 'signature does not verify';
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { iss?: unknown; exp?: number };
  if (String(claims.iss) !== appId) return `iss ${String(claims.iss)}`;
  if (!(typeof claims.exp === 'number' && claims.exp * 1000 > Date.now())) return 'expired';
  return undefined;
}

export interface GitHubApi extends StandIn {
  appId: string;
  privateKey: string;
  /** The installation tokens handed out, in order, with the installation each is for. */
  tokens: Array<{ token: string; installation: number }>;
  /** The JWTs the App signed, each with what was wrong with it (undefined: verified). */
  jwts: Array<string | undefined>;
  /** The comments posted: the issue's path and the Authorization they came with. */
  comments(): Array<{ path: string; authorization: string | undefined; body: string }>;
}

export interface GitHubApiOptions {
  /** When a new installation token expires (default: in an hour, as GitHub's do). */
  expiresAt?: (n: number) => Date;
  /** Answers a request before the stand-in does (a rate limit); undefined lets it through. */
  intercept?: (req: IncomingMessage) => Answer | undefined;
}

/**
 * A stand-in for GitHub's REST API, for a GitHub App made for the test: it exchanges a JWT
 * that verifies against the App's public key for an installation token, and takes comments on
 * issues from a holder of one of its tokens (or of `extraTokens`), as GitHub does; anything
 * else is 401 or 404.
 */
export async function gitHubApi({ expiresAt = () => new Date(Date.now() + 3_600_000), intercept }: GitHubApiOptions = {}, extraTokens: string[] = []): Promise<GitHubApi> {
  const { privateKey, publicKey } = appKeys();
  const appId = '123456';
  const tokens: GitHubApi['tokens'] = [];
  const jwts: GitHubApi['jwts'] = [];
  const server = await standIn((req) => {
    const intercepted = intercept?.(req);
    if (intercepted) return intercepted;
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const exchange = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(path);
    if (req.method === 'POST' && exchange) {
      const problem = jwtProblem(req.headers.authorization, publicKey, appId);
      jwts.push(problem);
      if (problem) return { status: 401, body: { message: `A JSON web token could not be decoded (${problem})` } };
      const token = `ghs_${randomBytes(18).toString('base64url')}`;
      tokens.push({ token, installation: Number(exchange[1]) });
      return { status: 201, body: { token, expires_at: expiresAt(tokens.length).toISOString(), permissions: { issues: 'write' }, repository_selection: 'all' } };
    }
    if (req.method === 'POST' && /^\/repos\/[^/]+\/[^/]+\/issues\/\d+\/comments$/.test(path)) {
      const held = /^token (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
      if (!held || !(tokens.some((t) => t.token === held) || extraTokens.includes(held))) return { status: 401, body: { message: 'Bad credentials' } };
      return { status: 201, body: { id: 1, body: 'posted' } };
    }
    return { status: 404, body: { message: 'Not Found' } };
  });
  return {
    ...server,
    appId,
    privateKey,
    tokens,
    jwts,
    comments: () =>
      server.requests
        .filter((r) => r.method === 'POST' && r.url.includes('/comments'))
        .map((r) => ({ path: new URL(r.url, 'http://x').pathname, authorization: r.headers.authorization, body: r.body })),
  };
}

/** GitHub's answer to a client over its secondary rate limit. */
export function secondaryLimit(retryAfterS: number): Answer {
  return { status: 403, headers: { 'retry-after': String(retryAfterS) }, body: { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' } };
}
