/**
 * Planning pages (issue 15): a list page of 50 filtered by milestone and by overdue, against the
 * plain page, on a SQLite project of 100k tickets (1M with --large), and a create with due date,
 * estimate and milestone against a plain create, alternating in one run so machine load hits both
 * alike. Targets: each filtered page under 2 ms. Figures are medians; compare them as ratios.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDocket } from '../src/open.js';
import { tempDir } from '../test/support/temp.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';

const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 1);
const MILESTONES = 20;
const RUNS = 200;

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Tickets written straight into the file in one transaction: 1 in 3 closed, 1 in 2 dated, 1 in 5 in a milestone. */
function fill(path: string, projectId: number, n: number): void {
  const db = new Database(path);
  db.pragma('synchronous = OFF');
  const insert = db.prepare(
    'INSERT INTO tickets (project_id, number, type, title, description, status, priority, priority_rank, labels, created_at, updated_at, closed_at, due_at, due_day, estimate, milestone) ' +
      "VALUES (?, ?, 'task', ?, '', ?, 'medium', 2, '[]', ?, ?, ?, ?, ?, ?, ?)",
  );
  db.transaction(() => {
    for (let i = 1; i <= n; i++) {
      const closed = i % 3 === 0;
      const created = NOW - (n - i) * 60_000;
      const due = i % 2 === 0 ? NOW + ((i % 400) - 100) * DAY : null;
      insert.run(
        projectId,
        i,
        `Planned ticket ${i}`,
        closed ? 'done' : 'backlog',
        created,
        created,
        closed ? created + DAY : null,
        due,
        i % 4 === 0 ? 1 : 0,
        i % 7,
        i % 5 === 0 ? `m${i % MILESTONES}` : null,
      );
    }
    db.prepare('UPDATE counters SET last_number = ? WHERE project_id = ?').run(n, projectId);
  })();
  db.pragma('optimize');
  db.close();
}

export async function run(opts: BenchOptions): Promise<SectionResult> {
  const scale = opts.large ? 1_000_000 : 100_000;
  const tmp = tempDir('docket-planning-bench-');
  try {
    const path = join(tmp.dir, 'docket.db');
    let docket = await openDocket(path, { synchronous: 'off' });
    await docket.createProject({ key: 'plan' });
    for (let m = 0; m < MILESTONES; m++) await docket.project('plan').addMilestone({ key: `m${m}` });
    await docket.close();
    const started = performance.now();
    fill(path, 1, scale);
    const buildSeconds = (performance.now() - started) / 1000;
    docket = await openDocket(path, { synchronous: 'off' });
    const p = docket.project('plan', { actor: 'bench' });
    const cases: [string, () => Promise<unknown>][] = [
      ['list page of 50 (no filter)', () => p.list({ limit: 50, state: 'all' })],
      ['list page of 50: milestone', () => p.list({ limit: 50, state: 'all', milestone: 'm5' })],
      ['list page of 50: overdue', () => p.list({ limit: 50, overdue: true })],
      [
        'list page of 50: no milestone, due before',
        () => p.list({ limit: 50, milestone: null, dueBefore: '2026-01-01' }),
      ],
    ];
    const times = new Map(cases.map(([name]) => [name, [] as number[]]));
    for (let r = 0; r < RUNS; r++) {
      for (const [name, fn] of cases) {
        const t = performance.now();
        await fn();
        times.get(name)!.push(performance.now() - t);
      }
    }
    const creates = { plain: [] as number[], planned: [] as number[] };
    for (let r = 0; r < RUNS; r++) {
      let t = performance.now();
      await p.create({ title: `plain ${r}` });
      creates.plain.push(performance.now() - t);
      t = performance.now();
      await p.create({ title: `planned ${r}`, due: '2026-12-31', estimate: 3, milestone: 'm3' });
      creates.planned.push(performance.now() - t);
    }
    await docket.close();
    const base = median(times.get(cases[0]![0])!);
    const rows: (string | number)[][] = cases.map(([name]) => {
      const m = median(times.get(name)!);
      return [name, ms(m), `${(m / base).toFixed(2)}×`];
    });
    const plain = median(creates.plain);
    const planned = median(creates.planned);
    rows.push(
      ['create (plain)', ms(plain), '1.00×'],
      ['create with due, estimate, milestone', ms(planned), `${(planned / plain).toFixed(2)}×`],
    );
    return {
      title: `Planning on SQLite, ${scale.toLocaleString('en')} tickets (median of ${RUNS}, built in ${buildSeconds.toFixed(1)} s)`,
      columns: ['operation', 'ms', 'ratio'],
      rows,
      notes: [
        'List ratios are against the unfiltered page, create ratios against a plain create, all in one run on a shared machine.',
      ],
    };
  } finally {
    tmp.cleanup();
  }
}
