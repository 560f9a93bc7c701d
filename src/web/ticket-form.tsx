import type { JSX } from 'preact';
import { useState } from 'preact/hooks';
import { ApiError, messageOf, projectPath, request } from './api.js';
import { revealCard } from './reveal.js';
import type { BoardStore, BoardState } from './store.js';
import { human } from './text.js';
import type { FieldDef, Ticket } from './types.js';
import { Dialog } from './ui.js';

export type FormMode = { readonly kind: 'create' } | { readonly kind: 'edit'; readonly ticket: Ticket } | null;

interface Fields {
  type: string;
  title: string;
  description: string;
  priority: string;
  assignee: string;
  category: string;
  labels: string;
  due: string;
  estimate: string;
  milestone: string;
}

const fieldsOf = (t: Ticket): Fields => ({
  type: t.type,
  title: t.title,
  description: t.description,
  priority: t.priority,
  assignee: t.assignee ?? '',
  category: t.category ?? '',
  labels: t.labels.join(', '),
  due: t.due ?? '',
  estimate: t.estimate === undefined ? '' : String(t.estimate),
  milestone: t.milestone ?? '',
});

/** The custom fields the form offers: those declared for the type, then any other the ticket holds. */
const fieldNames = (defs: readonly FieldDef[], type: string, values: Record<string, string>): string[] => {
  const names = defs.filter((d) => !d.types || d.types.includes(type)).map((d) => d.name);
  return [...names, ...Object.keys(values).filter((k) => !names.includes(k))];
};

/** Custom field values as the form edits them: text, which the server reads by the field's type. */
const customOf = (t: Ticket | null): Record<string, string> =>
  Object.fromEntries(Object.entries(t?.fields ?? {}).map(([k, v]) => [k, String(v)]));

const labelList = (s: string) =>
  s
    .split(',')
    .map((l) => l.trim())
    .filter(Boolean);

/**
 * Create and edit a ticket. Nothing is checked here: the server's validation messages are shown
 * beside the fields they name, so the form says exactly what the API says.
 */
export function TicketForm({
  store,
  state,
  mode,
  onClose,
}: {
  store: BoardStore;
  state: BoardState;
  mode: FormMode;
  onClose: () => void;
}) {
  const open = mode !== null;
  return (
    <Dialog
      open={open}
      label={mode?.kind === 'edit' ? `Edit ${mode.ticket.id}` : 'New ticket'}
      class="form-dialog"
      onClose={onClose}
    >
      {mode && (
        <FormBody
          key={mode.kind === 'edit' ? mode.ticket.id : 'new'}
          store={store}
          state={state}
          mode={mode}
          onClose={onClose}
        />
      )}
    </Dialog>
  );
}

function FormBody({
  store,
  state,
  mode,
  onClose,
}: {
  store: BoardStore;
  state: BoardState;
  mode: NonNullable<FormMode>;
  onClose: () => void;
}) {
  const schema = state.project!.schema;
  const initial: Fields =
    mode.kind === 'edit'
      ? fieldsOf(mode.ticket)
      : {
          type: state.route.filters.type ?? schema.types[0]?.type ?? '',
          title: '',
          description: '',
          priority: '',
          assignee: '',
          category: '',
          labels: '',
          due: '',
          estimate: '',
          milestone:
            state.route.filters.milestone && state.route.filters.milestone !== 'none'
              ? state.route.filters.milestone
              : '',
        };
  const [f, setF] = useState<Fields>(initial);
  const wasCustom = customOf(mode.kind === 'edit' ? mode.ticket : null);
  const [custom, setCustom] = useState<Record<string, string>>(wasCustom);
  const [errors, setErrors] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (key: keyof Fields) => (e: Event) => setF({ ...f, [key]: (e.currentTarget as HTMLInputElement).value });

  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErrors(null);
    try {
      let saved: Ticket;
      if (mode.kind === 'create') {
        const body: Record<string, unknown> = { type: f.type, title: f.title };
        if (f.description) body.description = f.description;
        if (f.priority) body.priority = f.priority;
        if (f.assignee.trim()) body.assignee = f.assignee.trim();
        if (f.category) body.category = f.category;
        if (f.labels.trim()) body.labels = labelList(f.labels);
        if (f.due.trim()) body.due = f.due.trim();
        if (f.estimate.trim()) body.estimate = f.estimate.trim();
        if (f.milestone) body.milestone = f.milestone;
        const fields = Object.fromEntries(Object.entries(custom).filter(([, v]) => v.trim() !== ''));
        if (Object.keys(fields).length) body.fields = fields;
        saved = await request<Ticket>('POST', projectPath(store.key, 'tickets'), { body });
        store.toast(`Created ${saved.id}`, 'info');
      } else {
        const was = fieldsOf(mode.ticket);
        const body: Record<string, unknown> = {};
        if (f.type !== was.type) body.type = f.type;
        if (f.title !== was.title) body.title = f.title;
        if (f.description !== was.description) body.description = f.description === '' ? null : f.description;
        if (f.priority !== was.priority) body.priority = f.priority;
        if (f.assignee.trim() !== was.assignee) body.assignee = f.assignee.trim() || null;
        if (f.category !== was.category) body.category = f.category || null;
        if (labelList(f.labels).join(',') !== labelList(was.labels).join(',')) body.labels = labelList(f.labels);
        // Planning values: an emptied box clears the value.
        if (f.due.trim() !== was.due) body.due = f.due.trim() || null;
        if (f.estimate.trim() !== was.estimate) body.estimate = f.estimate.trim() || null;
        if (f.milestone !== was.milestone) body.milestone = f.milestone || null;
        const fields: Record<string, string | null> = {};
        for (const [k, v] of Object.entries(custom)) if (v.trim() !== (wasCustom[k] ?? '')) fields[k] = v.trim() || null;
        if (Object.keys(fields).length) body.fields = fields;
        saved = Object.keys(body).length
          ? await request<Ticket>('PUT', projectPath(store.key, 'tickets', mode.ticket.id), {
              body,
              version: mode.ticket.version,
            })
          : mode.ticket;
      }
      store.upsert(saved);
      if (mode.kind === 'create') revealCard(saved.id);
      onClose();
    } catch (err) {
      setErrors({ message: messageOf(err), fields: err instanceof ApiError ? err.fieldErrors() : {} });
    } finally {
      setBusy(false);
    }
  };

  const field = (key: keyof Fields, label: string, control: (props: Record<string, unknown>) => JSX.Element) => {
    const error = errors?.fields[key];
    const id = `f-${key}`;
    return (
      <div class={`field${error ? ' invalid' : ''}`}>
        <label for={id}>{label}</label>
        {control({
          id,
          name: key,
          value: f[key],
          onInput: set(key),
          'aria-invalid': error ? 'true' : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
        })}
        {error && (
          <p class="field-error" id={`${id}-error`}>
            {error}
          </p>
        )}
      </div>
    );
  };

  return (
    <form class="ticket-form" noValidate onSubmit={submit}>
      <h2>{mode.kind === 'edit' ? `Edit ${mode.ticket.id}` : 'New ticket'}</h2>
      {errors && (
        <p class="error" role="alert">
          {errors.message}
        </p>
      )}
      {field('title', 'Title', (p) => (
        <input {...p} autofocus />
      ))}
      <div class="row">
        {field('type', 'Type', (p) => (
          <select {...p}>
            {schema.types.map((w) => (
              <option key={w.type} value={w.type}>
                {human(w.type)}
              </option>
            ))}
          </select>
        ))}
        {field('priority', 'Priority', (p) => (
          <select {...p}>
            {mode.kind === 'create' && <option value="">Default</option>}
            {schema.priorities.map((pr) => (
              <option key={pr} value={pr}>
                {human(pr)}
              </option>
            ))}
          </select>
        ))}
      </div>
      <div class="row">
        {field('assignee', 'Assignee', (p) => (
          <input {...p} list="entity-list" placeholder="nobody" />
        ))}
        {field('category', 'Category', (p) => (
          <select {...p}>
            <option value="">None</option>
            {state.categories.map((c) => (
              <option key={c.slug} value={c.slug}>
                {c.slug}
              </option>
            ))}
          </select>
        ))}
      </div>
      <datalist id="entity-list">
        {state.entities.map((e) => (
          <option key={e.slug} value={e.slug} />
        ))}
      </datalist>
      {field('labels', 'Labels (comma-separated)', (p) => (
        <input {...p} />
      ))}
      <div class="row">
        {field('due', 'Due (YYYY-MM-DD or a time with zone)', (p) => (
          <input {...p} placeholder="none" />
        ))}
        {field('estimate', 'Estimate', (p) => (
          <input {...p} inputMode="decimal" placeholder="none" />
        ))}
        {field('milestone', 'Milestone', (p) => (
          <select {...p}>
            <option value="">None</option>
            {state.milestones.map((m) => (
              <option key={m.key} value={m.key}>
                {m.state === 'closed' ? `${m.name} (closed)` : m.name}
              </option>
            ))}
          </select>
        ))}
      </div>
      {fieldNames(schema.fields ?? [], f.type, custom).map((name) => {
        const def = schema.fields?.find((d) => d.name === name);
        const id = `f-field-${name}`;
        const error = errors?.fields[`field.${name}`];
        const props = {
          id,
          name: `field.${name}`,
          value: custom[name] ?? '',
          onInput: (e: Event) => setCustom({ ...custom, [name]: (e.currentTarget as HTMLInputElement).value }),
          'aria-invalid': error ? ('true' as const) : undefined,
          'aria-describedby': error ? `${id}-error` : undefined,
        };
        const choices = def?.type === 'enum' ? (def.values ?? []) : def?.type === 'bool' ? ['true', 'false'] : null;
        return (
          <div key={name} class={`field${error ? ' invalid' : ''}`}>
            <label for={id}>
              {human(name)}
              {def?.required ? ' *' : ''}
            </label>
            {choices ? (
              <select {...props}>
                <option value="">{mode.kind === 'create' && def?.default !== undefined ? 'Default' : 'None'}</option>
                {choices.map((v) => (
                  <option key={v} value={v}>
                    {def?.type === 'bool' ? (v === 'true' ? 'yes' : 'no') : v}
                  </option>
                ))}
              </select>
            ) : (
              <input
                {...props}
                inputMode={def?.type === 'number' ? 'decimal' : undefined}
                placeholder={def?.type === 'date' ? 'YYYY-MM-DD' : undefined}
              />
            )}
            {error && (
              <p class="field-error" id={`${id}-error`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
      {field('description', 'Description (Markdown)', (p) => (
        <textarea {...p} rows={8} />
      ))}
      <div class="actions">
        <button type="button" class="secondary" onClick={onClose}>
          Cancel
        </button>
        <button type="submit" disabled={busy}>
          {mode.kind === 'edit' ? 'Save' : 'Create'}
        </button>
      </div>
    </form>
  );
}
