import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { parseSearchQuery } from '../../src/domain/search-query.js';
import { DEFAULT_WORKFLOWS, shortestPath } from '../../src/domain/workflow.js';
import { openDocket } from '../../src/open.js';
import type { SqliteDatabase } from '../../src/store/sqlite/driver.js';
import { toFts5 } from '../../src/store/sqlite/search.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { INSERT_LABEL } from '../../src/store/sqlite/tickets.js';
import { SEARCH_TERMS } from './corpus.js';
import { AGENTS, CATEGORIES, CLOSED_STATES, Drafts, ENTITIES, OPEN_STATES } from './draft.js';

export const CACHE_DIR = fileURLToPath(new URL('../.cache/', import.meta.url));
export const PROJECT = 'bench';
/** Bump when the generator changes, so cached datasets are rebuilt. */
const GENERATOR = 4;
const START = Date.UTC(2023, 0, 1);
const SPAN = 2 * 365 * 86_400_000;
const DAY = 86_400_000;

export interface DatasetMeta {
  readonly scale: number;
  readonly tickets: number;
  readonly open: number;
  readonly links: number;
  readonly comments: number;
  readonly history: number;
  readonly bytes: number;
  readonly buildSeconds: number;
  /** How many tickets each benchmark search term matches. */
  readonly matches: Readonly<Record<string, number>>;
}

export const scaleName = (n: number) => (n >= 1_000_000 ? `${n / 1_000_000}M` : `${n / 1000}k`);

/** The schema of a Docket database, as text to compare. */
function schemaOf(db: Database.Database): string {
  // sqlite_stat* come from PRAGMA optimize, not from Docket's migrations.
  const rows = db
    .prepare(
      "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY name",
    )
    .all() as {
    sql: string;
  }[];
  return rows.map((r) => r.sql).join('\n');
}

function freshSchema(): string {
  const db = new Database(':memory:');
  new SqliteStore(db as unknown as SqliteDatabase);
  const schema = schemaOf(db);
  db.close();
  return schema;
}

/**
 * A cached dataset is opened through Docket first, so newer migrations apply to it as they would to a
 * user's file; it is rebuilt only when the result differs from a fresh database's schema.
 */
async function usable(path: string): Promise<boolean> {
  const docket = await openDocket(path, { create: false });
  await docket.close();
  const db = new Database(path, { readonly: true });
  try {
    return schemaOf(db) === freshSchema();
  } finally {
    db.close();
  }
}

/** The cached database for `scale`, built first when missing (about 20 s per 100k tickets). */
export async function ensureDataset(
  scale: number,
  log: (line: string) => void,
): Promise<{ path: string; meta: DatasetMeta }> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const base = `core-${scaleName(scale)}-`;
  const name = `${base}g${GENERATOR}`;
  const path = join(CACHE_DIR, `${name}.db`);
  const metaPath = join(CACHE_DIR, `${name}.json`);
  for (const f of readdirSync(CACHE_DIR)) {
    if (f.startsWith(base) && !f.startsWith(`${name}.`)) rmSync(join(CACHE_DIR, f), { force: true });
  }
  if (existsSync(path) && existsSync(metaPath)) {
    if (await usable(path)) return { path, meta: JSON.parse(readFileSync(metaPath, 'utf8')) as DatasetMeta };
    log(`the ${scaleName(scale)} dataset's schema no longer matches Docket's (a migration was edited); rebuilding`);
  }
  for (const suffix of ['', '-wal', '-shm', '.json']) rmSync(path + suffix, { force: true });
  log(`building the ${scaleName(scale)}-ticket dataset in ${CACHE_DIR} (cached for later runs)…`);
  const started = performance.now();
  const building = `${path}.building`;
  for (const suffix of ['', '-wal', '-shm']) rmSync(building + suffix, { force: true });
  await createProject(building);
  const counts = populate(building, scale, log);
  const buildSeconds = Math.round((performance.now() - started) / 100) / 10;
  renameSync(building, path);
  const meta: DatasetMeta = { scale, ...counts, bytes: statSync(path).size, buildSeconds, matches: countMatches(path) };
  writeFileSync(metaPath, `${JSON.stringify(meta, null, 2)}\n`);
  log(`built ${scaleName(scale)} in ${buildSeconds} s (${Math.round(meta.bytes / 1e6)} MB)`);
  return { path, meta };
}

/** The project, its people, agents and categories go through the library, like a real setup. */
async function createProject(path: string): Promise<void> {
  const docket = await openDocket(path, { synchronous: 'off' });
  await docket.createProject({ key: PROJECT, name: 'Benchmark', entities: ENTITIES, categories: CATEGORIES });
  const p = docket.project(PROJECT);
  for (const slug of AGENTS) await p.updateEntity({ slug, kind: 'agent' });
  await docket.close();
}

/**
 * Tickets go in as raw rows in big transactions, into the tables and through the triggers
 * (full-text index, counts) that the library set up: the data Docket would have written, minutes faster.
 */
function populate(path: string, scale: number, log: (line: string) => void) {
  const db = new Database(path);
  db.pragma('synchronous = OFF');
  db.pragma('cache_size = -262144');
  const projectId = (db.prepare('SELECT id FROM projects WHERE key = ?').get(PROJECT) as { id: number }).id;
  const schema = JSON.parse(
    (db.prepare('SELECT schema FROM projects WHERE id = ?').get(projectId) as { schema: string }).schema,
  ) as { priorities: string[]; options: { display_prefix: string } };
  const prefix = schema.options.display_prefix;
  const rankOf = (p: string) => schema.priorities.length - 1 - schema.priorities.indexOf(p);
  const insTicket = db.prepare(
    'INSERT INTO tickets (project_id, number, type, title, description, status, priority, priority_rank, assignee, category, labels, created_by, created_at, updated_at, closed_at, lease_until) ' +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)',
  );
  const insLabel = db.prepare(INSERT_LABEL);
  const insEvent = db.prepare('INSERT INTO events (project_id, ticket_id, kind, actor, at) VALUES (?, ?, ?, ?, ?)');
  const insHistory = db.prepare(
    'INSERT INTO history (event_id, ticket_id, field, old, new, actor, at) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insAudit = db.prepare('INSERT INTO audit_log (project_id, at, actor, kind, line) VALUES (?, ?, ?, ?, ?)');
  const insComment = db.prepare(
    'INSERT INTO comments (ticket_id, author, body, status, created_at) VALUES (?, ?, ?, NULL, ?)',
  );
  const insLink = db.prepare(
    'INSERT INTO links (project_id, source_id, target_id, type, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const drafts = new Drafts(0x5eed + scale);
  const rng = drafts.rng;
  const openIds: number[] = [];
  let open = 0;
  let links = 0;
  let comments = 0;
  let history = 0;

  const event = (
    ticketId: number,
    kind: string,
    actor: string,
    at: number,
    rows: [string, string | null, string | null][],
    line: string,
  ) => {
    const eventId = Number(insEvent.run(projectId, ticketId, kind, actor, at).lastInsertRowid);
    for (const [field, old, value] of rows) insHistory.run(eventId, ticketId, field, old, value, actor, at);
    history += rows.length;
    insAudit.run(projectId, at, actor, kind, `${line} (${actor})`);
  };

  const addTicket = (number: number) => {
    const d = drafts.draft(0.75);
    const wf = DEFAULT_WORKFLOWS.find((w) => w.type === d.type)!;
    const createdAt = START + Math.floor((number / scale) * SPAN) + rng.int(3_600_000);
    // Older tickets are more often closed, as in a tracker that has been in use for a while.
    const closed = rng.chance(0.85 - 0.7 * (number / scale));
    const status = rng.weighted((closed ? CLOSED_STATES : OPEN_STATES)[d.type]!);
    const closedAt = closed ? createdAt + DAY + rng.int(60 * DAY) : null;
    const assignee = closed || rng.chance(0.6) ? d.assignee : null;
    const actor = drafts.assignee();
    const updatedAt = closedAt ?? createdAt + rng.int(10 * DAY);
    const id = Number(
      insTicket.run(
        projectId,
        number,
        d.type,
        d.title,
        d.description,
        status,
        d.priority,
        rankOf(d.priority),
        assignee,
        d.category,
        JSON.stringify(d.labels),
        actor,
        createdAt,
        updatedAt,
        closedAt,
      ).lastInsertRowid,
    );
    for (const label of d.labels) insLabel.run(id, label, projectId, number);
    const display = `${prefix}${number}`;
    const created: [string, string | null, string | null][] = [['created', null, d.title]];
    if (assignee) created.push(['assignee', null, assignee]);
    event(id, 'ticket.created', actor, createdAt, created, `Created ticket ${display}: ${d.title}`);
    if (status !== wf.initial) {
      const path = shortestPath(wf, wf.initial, [status]) ?? [status];
      let from = wf.initial;
      const steps: [string, string | null, string | null][] = path.map((to) => {
        const step: [string, string, string] = ['status', from, to];
        from = to;
        return step;
      });
      event(
        id,
        'ticket.moved',
        assignee ?? actor,
        updatedAt,
        steps,
        `Transitioned ticket ${display}: ${wf.initial} -> ${status}`,
      );
    }
    if (rng.chance(0.15)) {
      for (let c = 1 + rng.int(3); c > 0; c--) {
        const author = drafts.assignee();
        const body = drafts.corpus.comment();
        insComment.run(id, author, body, createdAt + c * 3_600_000);
        const shown = body.length > 200 ? `${body.slice(0, 199)}…` : body;
        event(
          id,
          'ticket.commented',
          author,
          createdAt + c * 3_600_000,
          [['comment', null, shown]],
          `Added comment to ticket ${display}`,
        );
        comments++;
      }
    }
    if (!closed) {
      open++;
      openIds.push(id);
      // A few open tickets wait on an earlier open one; blocks always point forward, so no cycles.
      if (openIds.length > 10 && rng.chance(0.04)) {
        insLink.run(projectId, openIds[rng.int(openIds.length - 1)]!, id, 'blocks', actor, createdAt);
        links++;
      }
    }
    if (number > 10 && rng.chance(0.05)) {
      insLink.run(projectId, 1 + rng.int(number - 1), id, 'parent', actor, createdAt);
      links++;
    } else if (number > 10 && rng.chance(0.01)) {
      insLink.run(projectId, 1 + rng.int(number - 1), id, 'related', actor, createdAt);
      links++;
    }
  };

  const batch = 10_000;
  for (let first = 1; first <= scale; first += batch) {
    db.transaction(() => {
      for (let n = first; n < first + batch && n <= scale; n++) addTicket(n);
    })();
    if (scale >= 200_000 && (first - 1 + batch) % 100_000 === 0) log(`  ${(first - 1 + batch) / 1000}k tickets…`);
  }
  db.prepare('UPDATE counters SET last_number = ? WHERE project_id = ?').run(scale, projectId);
  // What Docket's close-time `PRAGMA optimize` leaves on a database that has been in use: planner statistics.
  db.pragma('optimize = 0x10002');
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  return { tickets: scale, open, links, comments, history };
}

function countMatches(path: string): Record<string, number> {
  const db = new Database(path, { readonly: true });
  const stmt = db.prepare('SELECT count(*) AS n FROM tickets_fts WHERE tickets_fts MATCH ?');
  const out: Record<string, number> = {};
  for (const t of SEARCH_TERMS) out[t.query] = (stmt.get(toFts5(parseSearchQuery(t.query))) as { n: number }).n;
  db.close();
  return out;
}
