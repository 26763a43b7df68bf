/**
 * Large payloads, kept in files beside the journal (`<journal_path>.payloads/`), their rows
 * holding the file's name. SQLite spends hundreds of ms of the calling thread, the one that
 * answers HTTP, on a 20 MB value, and again on each change of its row's state; a file is
 * written on libuv's threads, before the row that names it is committed.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, open } from 'node:fs/promises';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Payloads from this size on go to a file. */
export const FILE_BYTES = 256 * 1024;

/** What the payload column holds for a payload in a file: no JSON object starts so. */
const marker = '@file:';

/** A file no row names is left alone this long: its row may be about to be committed. */
const orphanMs = 3_600_000;

export class PayloadFiles {
  /** Undefined for a journal in memory: its payloads stay in it. */
  readonly #dir: string | undefined;

  constructor(journalFile: string) {
    this.#dir = journalFile === ':memory:' ? undefined : `${journalFile}.payloads`;
  }

  /** Writes a payload this large to a file of its own, synced, and returns what its row holds instead; undefined for one the row keeps. */
  async keep(json: Buffer): Promise<string | undefined> {
    if (this.#dir === undefined || json.length < FILE_BYTES) return undefined;
    await mkdir(this.#dir, { recursive: true });
    const name = `${randomUUID()}.json`;
    const file = await open(join(this.#dir, name), 'wx');
    try {
      await file.writeFile(json);
      await file.sync();
    } finally {
      await file.close();
    }
    return marker + name;
  }

  /** The payload's JSON text, from the column: the column itself, or the file it names. */
  text(column: string): string {
    if (!column.startsWith(marker)) return column;
    const file = join(this.#dir ?? '', column.slice(marker.length));
    try {
      return readFileSync(file, 'utf8');
    } catch (err) {
      throw new Error(`the journal's payload file ${file} cannot be read: ${(err as Error).message}`);
    }
  }

  /** Removes the files these columns name (rows deleted, or never committed). */
  remove(columns: readonly string[]): void {
    for (const column of columns) if (column.startsWith(marker)) rmSync(join(this.#dir!, column.slice(marker.length)), { force: true });
  }

  /** Removes the files no row names (left by a crash between a file and its row), once they are old enough. */
  sweep(named: (column: string) => boolean, now = Date.now()): void {
    if (this.#dir === undefined) return;
    let names: string[];
    try {
      names = readdirSync(this.#dir);
    } catch {
      return; // no large payload yet
    }
    for (const name of names) {
      const file = join(this.#dir, name);
      const stat = statSync(file, { throwIfNoEntry: false });
      if (stat && now - stat.mtimeMs > orphanMs && !named(marker + name)) rmSync(file, { force: true });
    }
  }
}
