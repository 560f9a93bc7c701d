import { describe, expect, it } from 'vitest';
import { type Project, storeOf } from '../../src/core/docket.js';
import type { EventKind } from '../../src/domain/events.js';
import type { HistoryEntry } from '../../src/domain/records.js';
import type { Ticket } from '../../src/domain/ticket.js';
import { doctor, importProject } from '../../src/transfer.js';
import { exportLines, feed } from '../transfer/helpers.js';
import { BACKENDS } from './backends.js';
import { useFixture } from './fixture.js';

/**
 * Every admin operation that can touch tickets, with the event it writes and how many history rows
 * it must add on the tickets `seed` makes. A new admin operation that rewrites tickets belongs here.
 */
interface AdminOperation {
  readonly name: string;
  readonly event: EventKind;
  readonly rows: number;
  run(doc: Project): Promise<unknown>;
}

const OPERATIONS: readonly AdminOperation[] = [
  { name: 'rename a priority', event: 'project.changed', rows: 3, run: (d) => d.renamePriority('high', 'important') },
  { name: 'add a priority (re-ranks)', event: 'project.changed', rows: 0, run: (d) => d.addPriority('critical', 1) },
  { name: 'remove a priority (re-ranks)', event: 'project.changed', rows: 0, run: (d) => d.removePriority('none') },
  {
    name: 'remove an unused state',
    event: 'project.changed',
    rows: 0,
    run: (d) => d.removeState('deferred', { type: 'decision' }),
  },
  {
    name: 'remove an entity with force',
    event: 'entity.changed',
    rows: 3,
    run: (d) => d.removeEntity('bob', { force: true }),
  },
  { name: 'rename a category', event: 'category.changed', rows: 3, run: (d) => d.renameCategory('back-end', 'server') },
  {
    name: 'delete a category with force',
    event: 'category.changed',
    rows: 3,
    run: (d) => d.removeCategory('back-end', { force: true }),
  },
];

/** Ticket fields history records, by the name its rows use. */
const TRACKED = {
  title: (t: Ticket) => t.title,
  description: (t: Ticket) => t.description || null,
  type: (t: Ticket) => t.type,
  status: (t: Ticket) => t.status,
  priority: (t: Ticket) => t.priority,
  assignee: (t: Ticket) => t.assignee,
  category: (t: Ticket) => t.category,
  labels: (t: Ticket) => t.labels.join(', ') || null,
  lease: (t: Ticket) => t.leaseUntil,
} as const;

/** Fields without history rows of their own: no admin operation may change them. */
const UNTRACKED = (t: Ticket) => ({ id: t.id, createdBy: t.createdBy, createdAt: t.createdAt, closedAt: t.closedAt });

/** Tickets in every combination the operations above care about: shared and lone values, open and closed. */
async function seed(doc: Project, bob: Project): Promise<void> {
  await doc.addCategory('back-end');
  await doc.addCategory('web');
  await doc.addEntity('bob');
  await doc.addEntity('carol');
  await doc.create({ title: 'a', priority: 'high', assignee: 'bob', category: 'back-end', labels: ['x', 'y'] });
  await doc.create({ title: 'b', type: 'bug', priority: 'high', assignee: 'carol', category: 'web' });
  const claimed = await doc.create({ title: 'c', priority: 'low', category: 'back-end', description: 'text' });
  await bob.claim(claimed.id, { leaseMinutes: 30 });
  const closed = await doc.create({ title: 'd', type: 'feature', priority: 'high', assignee: 'bob' });
  await doc.close(closed.id);
  const done = await doc.create({ title: 'e', priority: 'medium', category: 'back-end' });
  await doc.close(done.id);
  await doc.create({ title: 'f', type: 'decision', priority: 'urgent' });
}

async function tickets(doc: Project): Promise<Map<string, { ticket: Ticket; history: HistoryEntry[] }>> {
  const out = new Map<string, { ticket: Ticket; history: HistoryEntry[] }>();
  for (const ticket of (await doc.list({ limit: 500 })).items) {
    out.set(ticket.id, { ticket, history: await doc.history(ticket.id, 1000) });
  }
  return out;
}

for (const backend of BACKENDS) {
  describe(`admin operations write history for every ticket field they change [${backend.name}]`, () => {
    const fx = useFixture(backend);

    for (const op of OPERATIONS) {
      it(`${op.name}: one history row per changed field, none for the rest, all under its event`, async () => {
        await seed(fx.doc, fx.docket.project('doc', { actor: 'bob' }));
        const before = await tickets(fx.doc);
        const lastEvent = await fx.doc.lastChangeId();
        fx.advance(60_000);
        const at = new Date(fx.now).toISOString();
        await op.run(fx.doc);
        const after = await tickets(fx.doc);

        expect([...after.keys()]).toEqual([...before.keys()]);
        const added: HistoryEntry[] = [];
        for (const [id, was] of before) {
          const now = after.get(id)!;
          expect(UNTRACKED(now.ticket), id).toEqual(UNTRACKED(was.ticket));
          const seen = new Set(was.history.map((h) => h.id));
          const rows = now.history.filter((h) => !seen.has(h.id));
          expect(now.history.slice(0, was.history.length), `${id}: older rows kept`).toEqual(was.history);
          const expected = Object.entries(TRACKED)
            .map(([field, get]) => ({ field, old: get(was.ticket), new: get(now.ticket) }))
            .filter((c) => c.old !== c.new)
            .map((c) => ({ ...c, actor: 'alice', at }));
          expect(
            rows.map(({ id: _id, ...r }) => r),
            `${id}: its new history rows`,
          ).toEqual(expected);
          if (expected.length) {
            expect(now.ticket.updatedAt, `${id}: updatedAt`).toBe(at);
            expect(now.ticket.version, `${id}: version`).toBe(was.ticket.version + 1);
          }
          added.push(...rows);
        }
        expect(added).toHaveLength(op.rows);

        // The rows belong to the operation's one event, so the feed and an export carry them with it.
        const written = await storeOf(fx.docket).read(async (tx) => {
          const p = (await tx.projects.byKey('doc'))!;
          const events = await tx.activity.events(p.id, { after: lastEvent, limit: 1000 });
          return {
            events,
            history: await tx.activity.historyOfEvents(
              p.id,
              events.map((e) => e.id),
            ),
          };
        });
        expect(written.events.map((e) => [e.kind, e.actor, e.ticketId])).toEqual([[op.event, 'alice', null]]);
        expect(written.history.map((h) => h.id).sort((a, b) => a - b)).toEqual(
          added.map((h) => h.id).sort((a, b) => a - b),
        );
      });
    }

    it('an export carries the rows these operations write, and an import brings them back', async () => {
      await seed(fx.doc, fx.docket.project('doc', { actor: 'bob' }));
      await fx.doc.renamePriority('high', 'important');
      await fx.doc.removeEntity('bob', { force: true });
      await fx.doc.renameCategory('back-end', 'server');
      await fx.doc.removeCategory('web', { force: true });
      const lines = await exportLines(fx.docket, 'doc');
      const changes = lines.filter((l) => l.startsWith('{"record":"event"') && l.includes('"ticket":null'));
      expect(changes.join('\n')).toContain('"field":"category","old":"back-end","new":"server"');
      const target = await backend.open();
      try {
        await importProject(target.docket, feed(lines));
        expect(await exportLines(target.docket, 'doc')).toEqual(lines);
        expect(await doctor(target.docket)).toEqual({ problems: [], fixed: [] });
      } finally {
        await target.cleanup();
      }
    });
  });
}
