// PostgreSQL only: rows an import or migration writes, held and sent by `COPY … FROM STDIN` a few
// thousand at a time instead of an INSERT (and a round trip) each; SQLite's inserts are calls into
// the library with no round trip to save, so it has no twin. Ids are taken from the tables' own
// sequences ahead of time, so a writer still learns a row's id at once and later rows can point at
// it. Statements sends whatever is held before any other statement, so every query of the
// transaction sees these rows, and foreign keys hold because tables go out parents first.

import { once } from 'node:events';
import type { PgCopyable, PgCopyIn, PgQueryable, PgTypes } from '../driver.js';

/** A value as COPY's text format reads it. */
type Value = string | number | boolean | null | readonly string[];

/** When this many rows are held, the next write sends them. */
const BATCH = 5000;
/** Ids taken from a sequence per round trip. */
const IDS = 2000;

/** Tables in the order they are sent: each only points at tables before it (or at rows already there). */
const ORDER = ['tickets', 'events', 'history', 'comments', 'links', 'audit_log'] as const;
export type CopyTable = (typeof ORDER)[number];

/** One value in COPY's text format: `\N` for null, backslash escapes for what would end a field or row. */
export function copyText(v: Value): string {
  if (v === null) return '\\N';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const text = typeof v === 'string' ? v : arrayLiteral(v);
  return text.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A text[] literal: every element quoted, so commas, braces, quotes and NULL-like words stay text. */
function arrayLiteral(items: readonly string[]): string {
  return `{${items.map((s) => `"${s.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

interface Held {
  readonly schema: string;
  readonly table: CopyTable;
  readonly columns: readonly string[];
  readonly lines: string[];
}

export class CopyBuffer {
  private readonly held = new Map<string, Held>();
  private readonly ids = new Map<string, number[]>();
  private count = 0;

  constructor(
    private readonly client: PgQueryable,
    private readonly copyFrom: (sql: string) => PgCopyIn,
    /** Sends the transaction's opening statements if they have not gone yet. */
    private readonly open: () => Promise<void>,
    private readonly types: PgTypes,
  ) {}

  /** How many rows are held. */
  get size(): number {
    return this.count;
  }

  /** The next id of `schema.table`'s identity column, from a block taken ahead. */
  async nextId(schema: string, table: CopyTable): Promise<number> {
    const key = `${schema}.${table}`;
    let free = this.ids.get(key);
    if (!free?.length) {
      await this.open();
      const { rows } = await this.client.query<{ id: number }>({
        text: 'SELECT nextval(pg_get_serial_sequence($1, $2)) AS id FROM generate_series(1, $3) ORDER BY 1',
        values: [`${quote(schema)}.${quote(table)}`, 'id', IDS],
        types: this.types,
      });
      free = rows.map((r) => Number(r.id)).reverse();
      this.ids.set(key, free);
    }
    return free.pop()!;
  }

  /** Holds a row of `schema.table` (values in `columns`' order); sends everything held when there is a batch. */
  async add(schema: string, table: CopyTable, columns: readonly string[], values: readonly Value[]): Promise<void> {
    const key = `${schema}.${table}\u0000${columns.join(',')}`;
    let held = this.held.get(key);
    if (!held) {
      held = { schema, table, columns, lines: [] };
      this.held.set(key, held);
    }
    held.lines.push(values.map(copyText).join('\t'));
    if (++this.count >= BATCH) await this.flush();
  }

  /** Sends every held row, parent tables first. */
  async flush(): Promise<void> {
    if (!this.count) return;
    const batches = [...this.held.values()].sort((a, b) => ORDER.indexOf(a.table) - ORDER.indexOf(b.table));
    this.held.clear();
    this.count = 0;
    await this.open();
    for (const b of batches) {
      if (!b.lines.length) continue;
      const target = `${quote(b.schema)}.${quote(b.table)} (${b.columns.map(quote).join(', ')})`;
      const stream = (this.client as unknown as PgCopyable).query(this.copyFrom(`COPY ${target} FROM STDIN`));
      // once() rejects when the stream emits 'error' first (a bad row, a broken connection).
      const done = once(stream, 'finish');
      stream.end(`${b.lines.join('\n')}\n`);
      await done;
    }
  }

  /** Forgets held rows (the transaction is being rolled back). */
  discard(): void {
    this.held.clear();
    this.count = 0;
  }
}
