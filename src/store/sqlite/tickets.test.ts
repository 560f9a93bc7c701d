import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import type { Docket, Project } from '../../core/docket.js';
import { openDocket } from '../../open.js';
import type { SqliteDatabase } from './driver.js';
import { Statements } from './statements.js';
import { labelPageSql, labelPlan, SqliteTickets } from './tickets.js';

// A label filter is joined one of two ways depending on how common the label is (see labelPlan);
// both must give the same pages as the filter's plain meaning, in number order, across cursors.
const PRIORITIES = ['urgent', 'high', 'medium', 'low', 'none'] as const;

describe('label filters on SQLite', () => {
  const tmp = tempDir();
  const path = join(tmp.dir, 'labels.db');
  let docket: Docket;
  let doc: Project;
  const expected = new Map<string, number[]>();

  beforeAll(async () => {
    docket = await openDocket(path, { synchronous: 'off' });
    await docket.createProject({ key: 'doc' });
    await docket.createProject({ key: 'other' });
    doc = docket.project('doc', { actor: 'alice' });
    const other = docket.project('other', { actor: 'alice' });
    for (let n = 1; n <= 600; n++) {
      // 'some' is fetched (fewer than the probe threshold) yet spans several pages.
      const labels = [n % 12 !== 0 ? 'common' : '', n % 97 === 0 ? 'rare' : '', n % 4 === 0 ? 'some' : ''].filter(
        Boolean,
      );
      // Another project's tickets, numbered alike and labelled alike, in between: never listed here.
      if (n % 50 === 0) await other.create({ title: `elsewhere ${n}`, labels: ['rare', 'some', 'common'] });
      await doc.create({ title: `ticket ${n}`, labels, priority: PRIORITIES[n % PRIORITIES.length]! });
      // Every third ticket closed, so the open filter has work to do on both plans.
      if (n % 3 === 0) await doc.close(n);
      for (const l of labels) if (n % 3 !== 0) expected.set(l, [...(expected.get(l) ?? []), n]);
    }
  });
  afterAll(async () => {
    await docket.close();
    tmp.cleanup();
  });

  it('sizes labels: a common one is probed ticket by ticket, a rare one fetched and sorted', () => {
    const db = new Database(path, { readonly: true });
    const s = new Statements(db as unknown as SqliteDatabase);
    try {
      expect(labelPlan(s, 1, 'common')).toBe('probe');
      expect(labelPlan(s, 1, 'rare')).toBe('fetch');
      expect(labelPlan(s, 1, 'some')).toBe('fetch');
      expect(labelPlan(s, 1, 'absent')).toBe('fetch');
    } finally {
      db.close();
    }
  });

  it("walks a rare label's index in number order, with no sort, for a page in either direction", () => {
    const db = new Database(path, { readonly: true });
    try {
      for (const direction of ['ASC', 'DESC'] as const) {
        const sql = labelPageSql(' AND t.closed_at IS NULL AND tl.number > ?', direction);
        const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('rare', 1, 0, 50) as { detail: string }[];
        const steps = plan.map((p) => p.detail);
        expect(steps[0]).toMatch(
          /SEARCH tl USING COVERING INDEX ticket_labels_label \(label=\? AND project_id=\? AND number>\?\)/,
        );
        expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/);
      }
    } finally {
      db.close();
    }
  });

  for (const label of ['common', 'some', 'rare', 'absent']) {
    for (const order of ['asc', 'desc'] as const) {
      it(`lists open tickets labelled ${label}, page by page, in number order (${order})`, async () => {
        // A label no ticket carries is refused by core (the store's plan for it is checked above).
        if (label === 'absent') {
          await expect(doc.list({ state: 'open', label, order })).rejects.toMatchObject({ code: 'validation' });
          return;
        }
        const seen: number[] = [];
        let after: number | undefined;
        do {
          const page = await doc.list({
            state: 'open',
            label,
            limit: 30,
            order,
            ...(after === undefined ? {} : { after }),
          });
          seen.push(...page.items.map((t) => t.number));
          after = page.next ?? undefined;
        } while (after !== undefined);
        const all = expected.get(label) ?? [];
        expect(seen).toEqual(order === 'asc' ? all : [...all].reverse());
      });
    }

    // Only boards ask the store for priority order, never with a label; the store answers it all the same.
    it(`lists open tickets labelled ${label} by priority, then number`, async () => {
      const db = new Database(path, { readonly: true });
      try {
        const s = new Statements(db as unknown as SqliteDatabase);
        const page = await new SqliteTickets(s).list(1, { open: true, label, limit: 500, order: 'priority' });
        const rank = (n: number) => PRIORITIES.length - (n % PRIORITIES.length);
        const all = [...(expected.get(label) ?? [])].sort((a, b) => rank(b) - rank(a) || a - b);
        expect(page.map((t) => t.number)).toEqual(all);
      } finally {
        db.close();
      }
    });

    it(`finds ready tickets labelled ${label}`, async () => {
      if (label === 'absent') {
        await expect(doc.ready({ label, limit: 500 })).rejects.toMatchObject({ code: 'validation' });
        return;
      }
      const ready = await doc.ready({ label, limit: 500 });
      expect(ready.map((t) => t.number).sort((a, b) => a - b)).toEqual(expected.get(label) ?? []);
    });
  }
});
