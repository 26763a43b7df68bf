import { spawn } from 'node:child_process';
import { childEnv } from '../../base/child-env.ts';
import { redactUrls } from '../secrets/redact.ts';

/** The transports git may ever use; git's `ext::` (runs a command) and the rest are refused. */
export const gitProtocols = ['https', 'ssh', 'git', 'file'] as const;
export type GitProtocol = (typeof gitProtocols)[number];

export interface GitOptions {
  /** The repository to run in (an absolute path of ours, never from a payload). */
  cwd?: string;
  /** Written to git's stdin (revision lists: no argument length limit, nothing read as an option). */
  input?: string;
  signal?: AbortSignal;
  /** stdout beyond this many bytes fails the call with `GitOutputTooLarge`. */
  maxBytes?: number;
  /** The transports this call may use (a subset of gitProtocols). */
  protocols?: readonly GitProtocol[];
}

export class GitError extends Error {
  override name = 'GitError';
  constructor(
    message: string,
    readonly code: number | null,
  ) {
    super(message);
  }
}

export class GitOutputTooLarge extends GitError {
  override name = 'GitOutputTooLarge';
}

/**
 * Runs git without a shell. It can never ask for a password (it would hang), never run
 * a transport helper (`ext::`), and never speak another protocol than `protocols`,
 * whatever a config or a repository says. Callers put `--` before positional arguments.
 */
export function runGit(args: string[], options: GitOptions = {}): Promise<string> {
  const env = childEnv(process.env);
  const child = spawn('git', ['-c', 'protocol.ext.allow=never', ...args], {
    cwd: options.cwd,
    // BatchMode: an unknown ssh host key or a passphrase fails at once instead of waiting for a terminal.
    env: { GIT_SSH_COMMAND: 'ssh -o BatchMode=yes', ...env, GIT_TERMINAL_PROMPT: '0', GIT_ALLOW_PROTOCOL: (options.protocols ?? gitProtocols).join(':'), LC_ALL: 'C' },
    stdio: ['pipe', 'pipe', 'pipe'],
    signal: options.signal,
    shell: false,
  });
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  const chunks: Buffer[] = [];
  let size = 0;
  let stderr = '';
  let tooLarge = false;
  child.stdout.on('data', (chunk: Buffer) => {
    size += chunk.length;
    if (size > maxBytes) {
      tooLarge = true;
      child.kill('SIGKILL');
    } else chunks.push(chunk);
  });
  child.stderr.on('data', (chunk: Buffer) => {
    if (stderr.length < 8192) stderr += chunk.toString('utf8');
  });
  child.stdin.on('error', () => {}); // git may exit before reading it all; its exit code tells why
  child.stdin.end(options.input ?? '');
  const what = `git ${args.find((arg, i) => !arg.startsWith('-') && args[i - 1] !== '-c') ?? ''}`.trim();
  return new Promise((resolve, reject) => {
    child.once('error', (err) => reject(new GitError(`${what}: ${err.message}`, null)));
    child.once('close', (code) => {
      if (tooLarge) reject(new GitOutputTooLarge(`${what}: output larger than ${maxBytes} bytes`, code));
      else if (code === 0) resolve(Buffer.concat(chunks).toString('utf8'));
      else reject(new GitError(`${what} failed (exit ${code}): ${redactUrls(stderr.trim()) || 'no message'}`, code));
    });
  });
}
