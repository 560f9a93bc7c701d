import { z } from 'zod';
import type { Project } from '../../core/docket.js';
import type { Scope } from '../../domain/access.js';
import type { ProjectSchema } from '../../domain/project-schema.js';
import { ENTITY_KINDS } from '../../domain/records.js';
import { historyLine, when } from '../render.js';
import { flag, input, num, text } from '../schema.js';
import { type Call, defineTool } from '../tool.js';
import { defined, need } from './args.js';

const ACTIONS = [
  'projects',
  'project_add',
  'schema',
  'config',
  'config_set',
  'entities',
  'entity_set',
  'entity_remove',
  'categories',
  'category_add',
  'category_rename',
  'category_remove',
  'state_add',
  'state_remove',
  'transition_add',
  'transition_remove',
  'priority_add',
  'priority_rename',
  'priority_remove',
  'audit',
  'changes',
] as const;
type Action = (typeof ACTIONS)[number];
const READS: ReadonlySet<Action> = new Set([
  'projects',
  'schema',
  'config',
  'entities',
  'categories',
  'audit',
  'changes',
]);

const schema = input({
  action: z.enum(ACTIONS),
  project: text.optional(),
  name: text.optional(),
  value: z.coerce.string().optional(),
  type: text.optional(),
  kind: z.enum(ENTITY_KINDS).optional(),
  terminal: flag.optional(),
  force: flag.optional(),
  after: num.optional(),
  limit: num.optional(),
});
type Args = z.output<typeof schema>;

export function renderSchema(s: ProjectSchema): string {
  const lines = s.types.map((wf) => {
    const states = wf.states.map((state) => {
      const marks = [
        state === wf.initial ? 'initial' : '',
        state === wf.work ? 'work' : '',
        wf.terminal.includes(state) ? 'closed' : '',
      ].filter(Boolean);
      const to = wf.transitions.filter(([from]) => from === state).map(([, next]) => next);
      return `${state}${marks.length ? ` (${marks.join(', ')})` : ''}${to.length ? ` > ${to.join(', ')}` : ''}`;
    });
    return `${wf.type}: ${states.join('; ')}`;
  });
  const options = Object.entries(s.options).map(([k, v]) => `${k}=${v}`);
  return [...lines, `priorities: ${s.priorities.join(', ')}`, `options: ${options.join(', ')}`].join('\n');
}

async function projectWide(a: Args, call: Call): Promise<string> {
  if (a.action === 'projects') {
    const all = await call.projects();
    return all.length ? all.map((p) => `${p.key} ${p.prefix}: ${p.name}`).join('\n') : 'no projects';
  }
  const key = need(a.name, 'name (the project key)', 'project_add');
  // Only a token's reach is checked here: the project does not exist yet.
  await call.project(key, 'admin');
  const p = await call.docket.createProject(defined({ key, prefix: a.value }) as { key: string });
  return `project ${p.key} created; ids look like ${p.prefix}1`;
}

async function onProject(doc: Project, a: Args): Promise<string> {
  const name = (what = 'name') => need(a.name, what, a.action);
  const value = (what = 'value') => need(a.value, what, a.action);
  const type = defined({ type: a.type });
  switch (a.action) {
    case 'schema':
      return renderSchema(await doc.schema());
    case 'config':
      return Object.entries(await doc.config())
        .map(([k, v]) => `${k}=${v}`)
        .join('\n');
    case 'config_set': {
      const options = await doc.setConfig(name('name (the option)'), a.value ?? value());
      return `${a.name}=${options[a.name as keyof typeof options]}`;
    }
    case 'entities': {
      if (a.name) {
        const e = await doc.entity(a.name);
        return `${e.slug} ${e.kind}: ${e.name} (since ${when(e.createdAt)})`;
      }
      const all = await doc.entities();
      return all.length
        ? all.map((e) => `${e.slug} ${e.kind}${e.name !== e.slug ? `: ${e.name}` : ''}`).join('\n')
        : 'no entities';
    }
    case 'entity_set': {
      const e = await doc.updateEntity(
        defined({ slug: name('name (the slug)'), name: a.value, kind: a.kind }) as { slug: string },
      );
      return `${e.slug} ${e.kind}: ${e.name}`;
    }
    case 'entity_remove':
      await doc.removeEntity(name(), defined({ force: a.force }));
      return `removed entity ${a.name}`;
    case 'categories': {
      const all = await doc.categories();
      return all.length ? all.map((c) => c.slug).join(', ') : 'no categories';
    }
    case 'category_add':
      return `added category ${(await doc.addCategory(name())).slug}`;
    case 'category_rename':
      await doc.renameCategory(name(), value('value (the new name)'));
      return `renamed category ${a.name} to ${a.value}`;
    case 'category_remove':
      await doc.removeCategory(name(), defined({ force: a.force }));
      return `removed category ${a.name}`;
    case 'state_add':
      return renderSchema(await doc.addState(name(), defined({ type: a.type, terminal: a.terminal })));
    case 'state_remove':
      return renderSchema(await doc.removeState(name(), type));
    case 'transition_add':
      return renderSchema(await doc.addTransition(name('name (from)'), value('value (to)'), type));
    case 'transition_remove':
      return renderSchema(await doc.removeTransition(name('name (from)'), value('value (to)'), type));
    case 'priority_add':
      return `priorities: ${(await doc.addPriority(name(), a.value === undefined ? undefined : Number(a.value))).priorities.join(', ')}`;
    case 'priority_rename':
      return `priorities: ${(await doc.renamePriority(name(), value('value (the new name)'))).priorities.join(', ')}`;
    case 'priority_remove':
      return `priorities: ${(await doc.removePriority(name())).priorities.join(', ')}`;
    case 'audit': {
      const rows = await doc.audit(a.after, a.limit);
      return rows.length ? rows.map((r) => `${r.id} ${when(r.at)} ${r.line}`).join('\n') : 'no audit lines';
    }
    case 'changes': {
      const events = await doc.changes(a.after, a.limit);
      if (!events.length) return 'no changes';
      return events
        .map((e) => {
          const head = `${e.id} ${e.kind}${e.ticket ? ` ${e.ticket}` : ''}`;
          const rows = e.changes.map((c) =>
            historyLine({ id: 0, field: c.field, old: c.old, new: c.new, actor: e.actor, at: e.at }),
          );
          return rows.length
            ? `${head}\n${rows.map((r) => ` ${r}`).join('\n')}`
            : `${head} ${when(e.at)}${e.actor ? ` ${e.actor}` : ''}`;
        })
        .join('\n');
    }
    default:
      throw new Error(`unhandled admin action ${a.action}`);
  }
}

export const ticketAdminTool = defineTool({
  name: 'ticket_admin',
  description:
    'Setup and logs. name, value: entity_set slug, display name; config_set key, value; *_rename old, new; transition_* from, to; project_add key, prefix; priority_add name, position.',
  input: schema,
  annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
  async run(a, call) {
    if (a.action === 'projects' || a.action === 'project_add') return projectWide(a, call);
    const needs: Scope = READS.has(a.action) ? 'read' : 'admin';
    return onProject(await call.project(a.project, needs), a);
  },
});
