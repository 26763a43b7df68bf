import type Database from 'libsql';
import { GroupCommit } from './group-commit.ts';
import { openJournalFile, type JournalOptions } from './journal-file.ts';
import { JournalReader } from './journal-reader.ts';
import { JournalSchedule } from './journal-schedule.ts';
import { JournalSearch } from './journal-search.ts';
import { JournalWriter } from './journal-writer.ts';
import { PayloadFiles } from './payload-files.ts';

/**
 * The durable record of every delivery genvoy accepted and of what each hook did with it.
 * One object for its callers over one connection to the file, made of parts that each keep
 * one concern: the writes (through group commit), the scheduling queries, the reads.
 */
export class Journal {
  readonly #db: Database.Database;
  readonly #commits: GroupCommit;
  readonly #writer: JournalWriter;
  readonly #schedule: JournalSchedule;
  readonly #reader: JournalReader;
  readonly #search: JournalSearch;

  constructor(readonly file: string, options: JournalOptions = {}) {
    this.#db = openJournalFile(file, options);
    this.#commits = new GroupCommit(this.#db);
    const files = new PayloadFiles(file);
    this.#writer = new JournalWriter(this.#db, this.#commits, files);
    this.#schedule = new JournalSchedule(this.#db);
    this.#reader = new JournalReader(this.#db, files);
    this.#search = new JournalSearch(this.#db);
  }

  accept(...args: Parameters<JournalWriter['accept']>) {
    return this.#writer.accept(...args);
  }

  record(...args: Parameters<JournalWriter['record']>) {
    return this.#writer.record(...args);
  }

  checkWritable(...args: Parameters<JournalWriter['checkWritable']>) {
    return this.#writer.checkWritable(...args);
  }

  has(...args: Parameters<JournalWriter['has']>) {
    return this.#writer.has(...args);
  }

  again(...args: Parameters<JournalWriter['again']>) {
    return this.#writer.again(...args);
  }

  restart(...args: Parameters<JournalWriter['restart']>) {
    return this.#writer.restart(...args);
  }

  restartFailed(...args: Parameters<JournalWriter['restartFailed']>) {
    return this.#writer.restartFailed(...args);
  }

  prune(...args: Parameters<JournalWriter['prune']>) {
    return this.#writer.prune(...args);
  }

  forget(...args: Parameters<JournalWriter['forget']>) {
    return this.#writer.forget(...args);
  }

  pending(...args: Parameters<JournalSchedule['pending']>) {
    return this.#schedule.pending(...args);
  }

  backlog() {
    return this.#schedule.backlog();
  }

  unfinished() {
    return this.#schedule.unfinished();
  }

  takeDue(...args: Parameters<JournalSchedule['takeDue']>) {
    return this.#schedule.takeDue(...args);
  }

  countPending() {
    return this.#schedule.countPending();
  }

  nextDue() {
    return this.#schedule.nextDue();
  }

  get(...args: Parameters<JournalReader['get']>) {
    return this.#reader.get(...args);
  }

  delivery(...args: Parameters<JournalReader['delivery']>) {
    return this.#reader.delivery(...args);
  }

  hooks(...args: Parameters<JournalReader['hooks']>) {
    return this.#reader.hooks(...args);
  }

  payload(...args: Parameters<JournalReader['payload']>) {
    return this.#reader.payload(...args);
  }

  list(...args: Parameters<JournalReader['list']>) {
    return this.#reader.list(...args);
  }

  histogram(...args: Parameters<JournalReader['histogram']>) {
    return this.#reader.histogram(...args);
  }

  find(...args: Parameters<JournalSearch['page']>) {
    return this.#search.page(...args);
  }

  history(...args: Parameters<JournalSearch['history']>) {
    return this.#search.history(...args);
  }

  seen() {
    return this.#reader.seen();
  }

  close(): void {
    this.#commits.close();
    this.#db.close();
  }
}
