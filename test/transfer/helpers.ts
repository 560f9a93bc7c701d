import { join } from 'node:path';
import type { Docket, Project } from '../../src/core/docket.js';
import { type OpenOptions, openDocket } from '../../src/open.js';
import { parseSchemaFile } from '../../src/domain/schema-file.js';
import { exportProject } from '../../src/transfer.js';
import { tempDir } from '../support/temp.js';

/** A fresh database file in its own temp folder; `synchronous: off` because these tests never crash. */
export async function freshDocket(
  options: OpenOptions = {},
): Promise<{ docket: Docket; path: string; dir: string; cleanup: () => Promise<void> }> {
  const tmp = tempDir('docket-transfer-');
  const path = join(tmp.dir, 'docket.db');
  const docket = await openDocket(path, { synchronous: 'off', ...options });
  return {
    docket,
    path,
    dir: tmp.dir,
    cleanup: async () => {
      await docket.close();
      tmp.cleanup();
    },
  };
}

export async function exportLines(docket: Docket, project: string): Promise<string[]> {
  const lines: string[] = [];
  await exportProject(docket, project, (line) => {
    lines.push(line);
  });
  return lines;
}

/** Lines as a reader hands them over: one at a time, asynchronously. */
export async function* feed(lines: readonly string[]): AsyncIterable<string> {
  for (const line of lines) yield line;
}

/** A project that has been through most of what Docket does, so its export exercises every record. */
export async function busyProject(docket: Docket): Promise<Project> {
  await docket.createProject({ key: 'doc', name: 'Docket itself' });
  const doc = docket.project('doc', { actor: 'alice' });
  await doc.addEntity({ slug: 'bot-7', name: 'Build bot', kind: 'agent' });
  await doc.addCategory('backend');
  const a = await doc.create({ title: 'Login fails', type: 'bug', description: 'SSO users', labels: ['auth', 'p1'] });
  const b = await doc.create({ title: 'Release 2.4', assignee: 'bob', category: 'backend', idempotencyKey: 'req-1' });
  const c = await doc.create({ title: 'Decide on tokens', type: 'decision', priority: 'high' });
  const d = await doc.create({ title: 'Epic: auth', type: 'feature' });
  await doc.move(a.id, 'confirmed');
  await doc.comment(a.id, { body: 'Reproduced on staging', status: 'in_progress' });
  await doc.as('bob').comment(b.id, 'On it');
  await doc.link(a.id, 'blocks', b.id);
  await doc.link(d.id, 'parent', a.id);
  await doc.link(c.id, 'related', d.id);
  await doc.link(c.id, 'duplicate', b.id);
  await doc.unlink({ source: c.id, type: 'duplicate', target: b.id });
  await doc.update(b.id, { title: 'Release 2.4.0', description: 'Cut the branch', priority: 'urgent' });
  await doc.addLabels(b.id, ['release']);
  await doc.removeLabels(a.id, ['p1']);
  await doc.close(a.id);
  await doc.close(c.id, { resolution: 'deferred' });
  await doc.reopen(c.id);
  await doc.as('bot-7').claim(d.id, { leaseMinutes: 30 });
  await doc.unassign(b.id);
  await doc.setConfig('audit_prune_keep_days', 7);
  await doc.addState('blocked', { type: 'task' });
  await doc.removeState('blocked', { type: 'task' });
  await doc.close(b.id);
  return doc;
}

const SCHEMA = '[fields.team]\ntype = "enum"\nvalues = ["ui", "api"]\n[fields.signed]\ntype = "bool"\n';

/** A project with milestones (one closed, one dated) and tickets carrying every planning value. */
export async function plannedProject(docket: Docket): Promise<void> {
  await docket.createProject({ key: 'pl', schema: parseSchemaFile(SCHEMA, 'PL-').schema });
  const pl = docket.project('pl', { actor: 'ann' });
  await pl.addMilestone({ key: 'v1', name: 'First', description: 'the start', due: '2026-03-01' });
  await pl.addMilestone({ key: 'v2', due: '2026-04-01T12:00+02:00' });
  await pl.closeMilestone('v1');
  await pl.create({
    title: 'a',
    due: '2026-02-01',
    estimate: 2.5,
    milestone: 'v1',
    fields: { team: 'ui', signed: true },
  });
  await pl.create({ title: 'b', due: '2026-02-01T09:30Z', milestone: 'v2' });
  await pl.create({ title: 'c' });
}
