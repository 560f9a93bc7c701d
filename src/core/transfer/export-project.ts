import { notFound } from '../../domain/errors.js';
import { formatDue } from '../../domain/planning.js';
import type { HistoryRow, ImportRefKey, ImportRefRow, Store, StoreReader } from '../../store/store.js';
import { COUNTED, type Counted, EXPORT_FORMAT, EXPORT_VERSION, OPTIONAL_COUNTS, PAGE, toIso } from './format.js';

export type LineWriter = (line: string) => void | Promise<void>;

const iso = (ms: number | null) => (ms === null ? null : toIso(ms));

/**
 * Writes a whole project as JSON Lines (docs/export-format.md), page by page from one consistent
 * snapshot, so memory stays flat at any size. `write` gets each line without its newline.
 */
export function exportProjectLines(
  store: Store,
  key: string,
  write: LineWriter,
  onProgress?: (done: number, total: number) => void,
): Promise<{ tickets: number }> {
  return store.read((tx) => exportProjectFrom(tx, key, write, onProgress));
}

/** The same, from a snapshot the caller holds (a whole-store move reads every project from one). */
export async function exportProjectFrom(
  tx: StoreReader,
  key: string,
  write: LineWriter,
  onProgress?: (done: number, total: number) => void,
): Promise<{ tickets: number }> {
  const rec = await tx.projects.byKey(key.trim().toLowerCase());
  if (!rec) {
    const keys = (await tx.projects.all()).map((p) => p.key);
    throw notFound('project', `'${key}'${keys.length ? `; projects here: ${keys.join(', ')}` : ''}`, {
      project: key,
    });
  }
  const counts = Object.fromEntries(COUNTED.map((k) => [k, 0])) as Record<Counted, number>;
  const emit = async (record: Counted, body: Record<string, unknown>) => {
    counts[record]++;
    await write(JSON.stringify({ record, ...body }));
  };

  await write(
    JSON.stringify({
      record: 'header',
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      project: { key: rec.key, name: rec.name, createdAt: toIso(rec.createdAt) },
      schema: JSON.parse(await tx.projects.schema(rec.id)) as unknown,
    }),
  );
  for (const e of await tx.directory.entities(rec.id)) {
    await emit('entity', { slug: e.slug, name: e.name, kind: e.kind, createdAt: toIso(e.createdAt) });
  }
  for (const c of await tx.directory.categories(rec.id))
    await emit('category', { slug: c.slug, createdAt: toIso(c.createdAt) });

  for (const m of await tx.milestones.list(rec.id)) {
    await emit('milestone', {
      key: m.key,
      name: m.name,
      description: m.description,
      due: m.dueAt === null ? null : formatDue(m.dueAt, m.dueDay),
      closedAt: iso(m.closedAt),
      createdAt: toIso(m.createdAt),
    });
  }

  const total = (await tx.upkeep.tally(rec.id)).reduce((n, r) => n + r.count, 0);
  await exportTickets(tx, rec.id, emit, (done) => onProgress?.(done, total));
  await exportRest(tx, rec.id, emit);

  for (const w of await tx.webhooks.list(rec.id)) {
    await write(
      JSON.stringify({
        record: 'webhook',
        url: w.url,
        events: w.kinds,
        type: w.filterType,
        label: w.filterLabel,
        format: w.format,
        secret: w.secret,
        active: w.active,
        pausedReason: w.pausedReason,
        createdAt: toIso(w.createdAt),
      }),
    );
  }
  await write(JSON.stringify({ record: 'counter', lastNumber: await tx.transfer.lastNumber(rec.id) }));
  // A count that may be absent is left out at zero, so a project without it exports as it always did.
  const ended = Object.fromEntries(
    Object.entries(counts).filter(([k, v]) => v > 0 || !OPTIONAL_COUNTS.has(k as Counted)),
  );
  await write(JSON.stringify({ record: 'end', counts: ended }));
  onProgress?.(counts.ticket, total);
  return { tickets: counts.ticket };
}

type Emit = (record: Counted, body: Record<string, unknown>) => Promise<void>;

/** The pages `fetch(after)` returns, oldest first, until a short page; `cursor` says where the next starts. */
async function* pages<T, C>(first: C, fetch: (after: C) => Promise<T[]>, cursor: (last: T) => C): AsyncGenerator<T[]> {
  for (let after = first; ; ) {
    const page = await fetch(after);
    yield page;
    if (page.length < PAGE) return;
    after = cursor(page[page.length - 1]!);
  }
}

async function exportTickets(tx: StoreReader, projectId: number, emit: Emit, progress: (done: number) => void) {
  let done = 0;
  const tickets = pages(
    0,
    (after) => tx.tickets.list(projectId, { after, limit: PAGE, order: 'asc' }),
    (t) => t.number,
  );
  for await (const page of tickets) {
    for (const t of page) {
      await emit('ticket', {
        number: t.number,
        type: t.type,
        title: t.title,
        description: t.description,
        status: t.status,
        priority: t.priority,
        assignee: t.assignee,
        category: t.category,
        labels: t.labels,
        createdBy: t.createdBy,
        createdAt: toIso(t.createdAt),
        updatedAt: toIso(t.updatedAt),
        closedAt: iso(t.closedAt),
        leaseUntil: iso(t.leaseUntil),
        version: t.version,
        ...(t.dueAt != null ? { due: formatDue(t.dueAt, t.dueDay ?? false) } : {}),
        ...(t.estimate != null ? { estimate: t.estimate } : {}),
        ...(t.milestone != null ? { milestone: t.milestone } : {}),
        ...(t.fields != null ? { fields: t.fields } : {}),
      });
    }
    done += page.length;
    if (page.length) progress(done);
  }
}

const byId = (row: { id: number }) => row.id;

/** Comments, links, references, events with their history, audit lines, idempotency keys and import references, each in id order. */
async function exportRest(tx: StoreReader, projectId: number, emit: Emit) {
  for await (const page of pages(0, (after) => tx.activity.comments({ projectId }, { after, limit: PAGE }), byId)) {
    for (const c of page) {
      await emit('comment', {
        ticket: c.ticketNumber,
        author: c.author,
        body: c.body,
        status: c.status,
        createdAt: toIso(c.createdAt),
      });
    }
  }
  for await (const page of pages(0, (after) => tx.links.page(projectId, after, PAGE), byId)) {
    for (const l of page) {
      await emit('link', {
        source: l.sourceNumber,
        type: l.type,
        target: l.targetNumber,
        createdBy: l.createdBy,
        createdAt: toIso(l.createdAt),
      });
    }
  }
  for await (const page of pages(0, (after) => tx.references.page(projectId, after, PAGE), byId)) {
    for (const r of page) {
      await emit('reference', {
        ticket: r.ticketNumber,
        kind: r.kind,
        key: r.key,
        subject: r.subject,
        author: r.author,
        time: r.time === null ? null : toIso(r.time),
        branch: r.branch,
        url: r.url,
        createdBy: r.createdBy,
        createdAt: toIso(r.createdAt),
      });
    }
  }
  for await (const page of pages(0, (after) => tx.activity.events(projectId, { after, limit: PAGE }), byId)) {
    const rows = await tx.activity.historyOfEvents(
      projectId,
      page.map((e) => e.id),
    );
    const byEvent = new Map<number, HistoryRow[]>();
    for (const r of rows) byEvent.set(r.eventId, [...(byEvent.get(r.eventId) ?? []), r]);
    for (const e of page) {
      await emit('event', {
        kind: e.kind,
        ticket: e.ticketNumber,
        actor: e.actor,
        at: toIso(e.at),
        changes: (byEvent.get(e.id) ?? []).map((h) => ({
          ticket: h.ticketNumber,
          field: h.field,
          old: h.old,
          new: h.new,
          ...(h.actor !== e.actor ? { actor: h.actor } : {}),
          ...(h.at !== e.at ? { at: toIso(h.at) } : {}),
        })),
      });
    }
  }
  for await (const page of pages(0, (after) => tx.activity.audit(projectId, { after, limit: PAGE }), byId)) {
    for (const a of page) await emit('audit', { kind: a.kind, actor: a.actor, at: toIso(a.at), line: a.line });
  }
  const keys = pages(
    '',
    (after) => tx.replies.createdPage(projectId, after, PAGE),
    (i) => i.key,
  );
  for await (const page of keys) {
    for (const i of page) {
      await emit('idempotency', {
        key: i.key,
        hash: i.requestHash,
        ticket: i.ticketNumber,
        createdAt: toIso(i.createdAt),
      });
    }
  }
  const refs = pages<ImportRefRow, ImportRefKey | null>(
    null,
    (after) => tx.imports.page(projectId, after, PAGE),
    (r) => ({ source: r.source, externalId: r.externalId }),
  );
  for await (const page of refs) {
    for (const r of page) {
      await emit('import_ref', {
        source: r.source,
        id: r.externalId,
        url: r.url,
        ticket: r.ticketNumber,
        hash: r.hash,
        at: toIso(r.at),
      });
    }
  }
}
