// Legacy scripts started by a small Python process rather than by Node. Node forks itself to
// spawn (libuv has no vfork path), copying its page tables and faulting its pages back in
// afterwards; Python's os.posix_spawn uses glibc's vfork-like clone, whose cost does not grow
// with the spawning process. Measured on 2 cores, a spawner and this process together took
// about a third of the CPU per script that a spawner forking itself took. No compiler is needed; without
// python3 (3.9 or later) the spawner spawns from Node (spawn-direct.js).
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { CUT_NOTE, joinLines, OUTPUT_LIMIT, reply } from './spawn-reply.js';

/** @typedef {import('./spawn-protocol.ts').SpawnRequest} SpawnRequest */
/** @typedef {import('./spawn-protocol.ts').SpawnReply} SpawnReply */

// Reads the scripts' environment ("name value..."), then "id file cwd out err arg1 arg2 [name value]..." lines (each field an x and its bytes in
// hex, so that any byte is safe), spawns `file` in a session of its own (so that a timeout can end its whole
// process group) with stdin /dev/null and stdout and stderr to the files `out` and `err`, and
// writes "p id pid" once started, "d id returncode" once ended (-N for a signal), or
// "e id errno message" if it could not start. One thread spawns, one reaps.
const PROGRAM = String.raw`
import os, signal, sys, threading
if not hasattr(os, 'posix_spawn') or sys.version_info < (3, 9):
    sys.exit(3)
lock = threading.Lock()
more = threading.Event()
jobs = {}
def say(line):
    sys.stdout.write(line + '\n')
    sys.stdout.flush()
def reap():
    while True:
        try:
            pid, status = os.waitpid(-1, 0)
        except ChildProcessError:
            more.wait()
            more.clear()
            continue
        with lock:
            job = jobs.pop(pid, None)
            if job is not None:
                say('d %s %d' % (job, os.waitstatus_to_exitcode(status)))
threading.Thread(target=reap, daemon=True).start()
# The environment scripts get is genvoy's, given as the first line: a launcher such as a pyenv
# shim may have changed this process's own (its PATH first of all).
first = [bytes.fromhex(f[1:]).decode() for f in sys.stdin.readline().split()]
base = {first[i]: first[i + 1] for i in range(0, len(first), 2)}
# Python ignores these; a script gets them back at their defaults, as subprocess gives them.
restore = [getattr(signal, name) for name in ('SIGPIPE', 'SIGXFZ', 'SIGXFSZ') if hasattr(signal, name)]
say('ready')
for line in sys.stdin:
    fields = [bytes.fromhex(f[1:]) for f in line.split()]
    job, file, cwd, out, err, args, extra = fields[0].decode(), fields[1], fields[2], fields[3], fields[4], fields[5:7], fields[7:]
    env = dict(base)
    env.update({extra[i].decode(): extra[i + 1].decode() for i in range(0, len(extra), 2)})
    write = os.O_WRONLY | os.O_CREAT | os.O_TRUNC
    with lock:
        try:
            if os.getcwd().encode() != cwd:
                os.chdir(cwd)
            pid = os.posix_spawn(file, [file] + args, env, setsid=True, setsigdef=restore, file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, '/dev/null', os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 1, out, write, 0o600),
                (os.POSIX_SPAWN_OPEN, 2, err, write, 0o600)])
        except OSError as e:
            say('e %s %d %s' % (job, e.errno, (e.strerror or str(e)).encode().hex()))
            continue
        jobs[pid] = job
        say('p %s %d' % (job, pid))
        more.set()
`;

/**
 * Starts the Python process; resolves with a runner once it says it is ready, or with
 * undefined if there is no python3 able to run it.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ execute(request: SpawnRequest, payloadFile: string, started: number): Promise<SpawnReply>; close(): void } | undefined>}
 */
export function startCoprocess(env) {
  return new Promise((resolve) => {
    const child = spawn('python3', ['-I', '-S', '-c', PROGRAM], { env, detached: true, stdio: ['pipe', 'pipe', 'inherit'] });
    /** @type {Map<string, { started(pid: number): void; done(fields: string[]): void }>} */
    const jobs = new Map();
    let ready = false;
    child.once('error', () => resolve(undefined));
    child.once('exit', () => {
      if (!ready) return resolve(undefined);
      // Its scripts go on in their own sessions, but nothing would report them: the spawner ends, and genvoy answers them as failed.
      process.exit(1);
    });
    child.stdin.on('error', () => {}); // its exit says it
    child.stdin.write(`${Object.entries(env).flatMap(([name, value]) => (value === undefined ? [] : [name, value])).map(hex).join(' ')}\n`);
    // In a session of its own, as genvoy's Ctrl-C is genvoy's to act on; it ends when its input does.
    child.unref();
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line === 'ready') {
        ready = true;
        return resolve({ execute, close: () => child.stdin.end() });
      }
      const fields = line.split(' ');
      const job = jobs.get(fields[1] ?? '');
      if (!job) return;
      if (fields[0] === 'p') job.started(Number(fields[2]));
      else job.done(fields);
    });

    /** @type {(request: SpawnRequest, payloadFile: string, started: number) => Promise<SpawnReply>} */
    function execute(request, payloadFile, started) {
      const key = String(request.id);
      const out = join(tmpdir(), `genvoy-${randomUUID()}.out`);
      const err = `${out.slice(0, -4)}.err`;
      return new Promise((resolve) => {
        let timedOut = false;
        /** @type {number | undefined} */
        let group; // the script's pid, which leads its session and process group
        const kill = () => {
          try {
            if (group) process.kill(-group, 'SIGKILL');
          } catch {}
        };
        const timer = setTimeout(() => {
          timedOut = true;
          kill();
        }, request.timeoutMs);
        const job = {
          /** @param {number} pid */
          started(pid) {
            group = pid;
            if (timedOut) kill(); // its start was reported only after its time was up
          },
          /** @param {string[]} fields */
          done(fields) {
            jobs.delete(key);
            clearTimeout(timer);
            resolve(finish(fields));
          },
        };
        jobs.set(key, job);
        const vars = Object.entries(request.vars).flat();
        child.stdin.write(`${[key, request.file, request.cwd, out, err, payloadFile, request.event, ...vars].map(hex).join(' ')}\n`);

        /** @param {string[]} fields @returns {SpawnReply} */
        function finish([kind, , code, message]) {
          const stdout = readOutput(out);
          const stderr = readOutput(err);
          if (kind === 'e') {
            const why = Buffer.from(message ?? '', 'hex').toString();
            return reply(request.id, code === '2' ? 127 : 126, '', `cannot run ${request.file}: ${why}`, 'failed', started);
          }
          const returncode = Number(code);
          if (timedOut) return reply(request.id, -9, stdout, joinLines(stderr, `killed after ${request.timeoutMs / 1000} s (hook_timeout_s)`), 'timeout', started);
          return reply(request.id, returncode, stdout, stderr, returncode === 0 ? 'ok' : 'failed', started);
        }
      });
    }
  });
}

/** Hex after an x, so that an empty value is a field too. @param {string} text */
function hex(text) {
  return `x${Buffer.from(text).toString('hex')}`;
}

/**
 * A script's output file, up to OUTPUT_LIMIT, then removed; '' if it was never made. Read
 * without the thread pool: these are small local files, and this process has nothing else to do.
 * @param {string} file
 */
function readOutput(file) {
  let fd;
  try {
    fd = openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const { size } = fstatSync(fd);
    if (size === 0) return '';
    const buffer = Buffer.allocUnsafe(Math.min(size, OUTPUT_LIMIT));
    const bytesRead = readSync(fd, buffer, 0, buffer.length, 0);
    return buffer.toString('utf8', 0, bytesRead) + (size > OUTPUT_LIMIT ? CUT_NOTE : '');
  } finally {
    closeSync(fd);
    try {
      unlinkSync(file);
    } catch {}
  }
}
