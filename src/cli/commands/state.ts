import type { ProjectSchema } from '../../domain/project-schema.js';
import { table } from '../render.js';
import type { Session } from '../session.js';

export interface StateOptions {
  readonly type?: string;
  readonly terminal?: boolean;
}

const typed = (o: StateOptions) => (o.type ? { type: o.type } : {});
const pick = (schema: ProjectSchema, type: string | undefined) =>
  schema.types.filter((w) => type === undefined || w.type === type.toLowerCase());

/** `state list [-t TYPE]`: each type's states in workflow order, with their roles. */
export async function stateList(s: Session, o: StateOptions): Promise<void> {
  const schema = await (await s.project()).schema();
  const rows = pick(schema, o.type).flatMap((w) =>
    w.states.map((state) => ({
      type: w.type,
      state,
      initial: state === w.initial,
      terminal: w.terminal.includes(state),
      work: state === w.work,
    })),
  );
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((r) => r.state));
  const role = (r: (typeof rows)[number]) =>
    [r.initial ? 'initial' : '', r.work ? 'work' : '', r.terminal ? 'terminal' : ''].filter(Boolean).join(', ');
  s.out(
    table(
      [{ header: 'TYPE' }, { header: 'STATE' }, { header: 'ROLE' }],
      rows.map((r) => [r.type, r.state, role(r)]),
      s.width,
      s.paint,
    ),
  );
}

export async function stateAdd(s: Session, state: string, o: StateOptions): Promise<void> {
  const schema = await (await s.project()).addState(state, { ...typed(o), ...(o.terminal ? { terminal: true } : {}) });
  s.done(schema, state, `State added: ${state}${o.terminal ? ' (terminal)' : ''}`);
}

export async function stateDelete(s: Session, state: string, o: StateOptions): Promise<void> {
  const schema = await (await s.project()).removeState(state, typed(o));
  s.done(schema, state, `State deleted: ${state}`);
}

/** `state transition list [-t TYPE]`. */
export async function transitionList(s: Session, o: StateOptions): Promise<void> {
  const schema = await (await s.project()).schema();
  const rows = pick(schema, o.type).flatMap((w) => w.transitions.map(([from, to]) => ({ type: w.type, from, to })));
  if (s.json) return s.printJson(rows);
  if (s.quiet) return s.lines(rows.map((r) => `${r.from} ${r.to}`));
  s.out(
    table(
      [{ header: 'TYPE' }, { header: 'FROM' }, { header: 'TO' }],
      rows.map((r) => [r.type, r.from, r.to]),
      s.width,
      s.paint,
    ),
  );
}

export async function transitionAdd(s: Session, from: string, to: string, o: StateOptions): Promise<void> {
  const schema = await (await s.project()).addTransition(from, to, typed(o));
  s.done(schema, `${from} ${to}`, `Transition added: ${from} -> ${to}`);
}

export async function transitionDelete(s: Session, from: string, to: string, o: StateOptions): Promise<void> {
  const schema = await (await s.project()).removeTransition(from, to, typed(o));
  s.done(schema, `${from} ${to}`, `Transition deleted: ${from} -> ${to}`);
}
