import { DocketError, invalid } from '../../domain/errors.js';
import { parseInput, ProjectInputSchema } from '../../domain/inputs.js';
import { parseDue } from '../../domain/planning.js';
import { type ProjectSchema, priorityRank, schemaProblems } from '../../domain/project-schema.js';
import type { Store, StoreTx } from '../../store/store.js';
import {
  type ChangeLine,
  COUNTED,
  type Counted,
  EXPORT_FORMAT,
  EXPORT_VERSION,
  LINE_SCHEMAS,
  type ParsedLine,
  type RecordName,
} from './format.js';

export interface ImportOptions {
  /** Import under this key instead of the one in the file. */
  readonly project?: string;
  /** Called as tickets are written, with how many so far. */
  readonly onProgress?: (done: number) => void;
  /** When the import happens (epoch ms; default now): imported webhooks send what happens after it. */
  readonly now?: number;
}

const fail = (line: number, message: string) => new DocketError('validation', `line ${line}: ${message}`, { line });

/** Reads one line into a checked record, or says what is wrong with it and where. */
function parseLine(n: number, text: string): { parsed: ParsedLine; raw: Record<string, unknown> } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw fail(n, `not JSON (${(e as Error).message}); every line of an export is one JSON object`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw fail(n, 'expected a JSON object');
  const record = (raw as { record?: unknown }).record;
  if (typeof record !== 'string' || !(record in LINE_SCHEMAS)) {
    throw fail(n, `unknown record ${JSON.stringify(record)}; expected one of ${Object.keys(LINE_SCHEMAS).join(', ')}`);
  }
  if (record === 'header') {
    // Before the shape check: a newer file's header may have fields this version does not know.
    const { format, version } = raw as { format?: unknown; version?: unknown };
    if (format !== EXPORT_FORMAT)
      throw fail(n, `not a Docket export (the header's format is ${JSON.stringify(format)})`);
    if (typeof version === 'number' && version > EXPORT_VERSION) {
      throw fail(
        n,
        `this file is ${EXPORT_FORMAT} version ${version}, from a newer Docket (this one reads up to ${EXPORT_VERSION}); upgrade Docket`,
      );
    }
  }
  const result = LINE_SCHEMAS[record as RecordName].safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.slice(0, 3).map((i) => `${i.path.join('.') || 'line'}: ${i.message}`);
    throw fail(n, `bad ${record}: ${issues.join('; ')}`);
  }
  return { parsed: result.data as ParsedLine, raw: raw as Record<string, unknown> };
}

/** Applies lines one at a time inside the import's transaction, checking every reference. */
class Importer {
  private projectId = 0;
  private schema: ProjectSchema | undefined;
  private projectKey = '';
  private readonly tickets = new Map<number, number>();
  private readonly entities = new Set<string>();
  private readonly categories = new Set<string>();
  private readonly milestones = new Set<string>();
  private readonly links = new Set<string>();
  private readonly idempotency = new Set<string>();
  private readonly importRefs = new Set<string>();
  private readonly counts = Object.fromEntries(COUNTED.map((k) => [k, 0])) as Record<Counted, number>;
  private maxNumber = 0;
  private counter: number | undefined;
  private ended = false;

  constructor(
    private readonly tx: StoreTx,
    private readonly options: ImportOptions,
  ) {}

  private ticketId(n: number, number: number, role: string): number {
    const id = this.tickets.get(number);
    if (id === undefined) throw fail(n, `${role} ${number} is not a ticket listed above this line`);
    return id;
  }

  async take(n: number, text: string): Promise<void> {
    const { parsed: line, raw } = parseLine(n, text);
    if (this.ended) throw fail(n, 'nothing may follow the end record');
    if (!this.schema && line.record !== 'header') throw fail(n, 'the first record must be the header');
    const tx = this.tx;
    switch (line.record) {
      case 'header': {
        if (this.schema) throw fail(n, 'a second header; import one project per file');
        const schema = line.schema as unknown as ProjectSchema;
        const problems = schemaProblems(schema);
        if (problems.length) throw fail(n, `the project schema is not valid: ${problems.join('; ')}`);
        const key = parseInput(ProjectInputSchema, { key: this.options.project ?? line.project.key }).key.toLowerCase();
        if (await tx.projects.byKey(key)) {
          throw new DocketError(
            'already_exists',
            `project '${key}' already exists in this database; import under another key (--project NEW_KEY)`,
            { project: key },
          );
        }
        this.projectKey = key;
        this.projectId = await tx.projects.insert({
          key,
          name: line.project.name,
          schema: JSON.stringify(raw.schema),
          at: line.project.createdAt,
        });
        this.schema = schema;
        return;
      }
      case 'entity': {
        const slug = line.slug.toLowerCase();
        if (this.entities.has(slug)) throw fail(n, `entity '${line.slug}' is listed twice`);
        this.entities.add(slug);
        await tx.directory.putEntity(this.projectId, {
          slug: line.slug,
          name: line.name,
          kind: line.kind,
          createdAt: line.createdAt,
        });
        break;
      }
      case 'category': {
        const slug = line.slug.toLowerCase();
        if (this.categories.has(slug)) throw fail(n, `category '${line.slug}' is listed twice`);
        this.categories.add(slug);
        await tx.directory.addCategory(this.projectId, { slug: line.slug, createdAt: line.createdAt });
        break;
      }
      case 'milestone': {
        if (this.milestones.has(line.key)) throw fail(n, `milestone '${line.key}' is listed twice`);
        this.milestones.add(line.key);
        const due = line.due === null ? null : parseDue(line.due, `milestone ${line.key} due`);
        await tx.milestones.insert({
          projectId: this.projectId,
          key: line.key,
          name: line.name,
          description: line.description,
          dueAt: due?.at ?? null,
          dueDay: due?.day ?? false,
          closedAt: line.closedAt,
          createdAt: line.createdAt,
        });
        break;
      }
      case 'ticket':
        await this.ticket(n, line);
        break;
      case 'comment':
        await tx.activity.addComment({
          ticketId: this.ticketId(n, line.ticket, 'ticket'),
          author: line.author,
          body: line.body,
          status: line.status,
          at: line.createdAt,
        });
        break;
      case 'link': {
        const source = this.ticketId(n, line.source, 'source');
        const target = this.ticketId(n, line.target, 'target');
        if (source === target) throw fail(n, `ticket ${line.source} cannot be linked to itself`);
        const id = `${source} ${line.type} ${target}`;
        if (this.links.has(id)) throw fail(n, `link ${line.source} ${line.type} ${line.target} is listed twice`);
        this.links.add(id);
        await tx.links.insert({
          projectId: this.projectId,
          sourceId: source,
          targetId: target,
          type: line.type,
          actor: line.createdBy,
          at: line.createdAt,
        });
        break;
      }
      case 'reference': {
        const ticketId = this.ticketId(n, line.ticket, 'ticket');
        const added = await tx.references.insert({
          projectId: this.projectId,
          ticketId,
          kind: line.kind,
          key: line.key,
          subject: line.subject,
          author: line.author,
          time: line.time,
          branch: line.branch,
          url: line.url,
          actor: line.createdBy,
          at: line.createdAt,
        });
        if (added === undefined) throw fail(n, `reference ${line.key} of ticket ${line.ticket} is listed twice`);
        break;
      }
      case 'event': {
        const ticketId = line.ticket === null ? null : this.ticketId(n, line.ticket, 'ticket');
        const eventId = await tx.activity.addEvent({
          projectId: this.projectId,
          ticketId,
          kind: line.kind,
          actor: line.actor,
          at: line.at,
        });
        await this.history(n, eventId, line.changes, line.actor, line.at);
        break;
      }
      case 'audit':
        await tx.activity.addAudit({
          projectId: this.projectId,
          kind: line.kind,
          actor: line.actor,
          line: line.line,
          at: line.at,
        });
        break;
      case 'idempotency': {
        if (this.idempotency.has(line.key)) throw fail(n, `idempotency key '${line.key}' is listed twice`);
        this.idempotency.add(line.key);
        const ticketId = this.ticketId(n, line.ticket, 'ticket');
        await tx.replies.putCreated({
          projectId: this.projectId,
          key: line.key,
          requestHash: line.hash,
          ticketId,
          at: line.createdAt,
        });
        break;
      }
      case 'import_ref': {
        const key = `${line.source}\u0000${line.id}`;
        if (this.importRefs.has(key)) throw fail(n, `import reference ${line.source} ${line.id} is listed twice`);
        this.importRefs.add(key);
        await tx.imports.put({
          projectId: this.projectId,
          source: line.source,
          externalId: line.id,
          url: line.url,
          ticketId: this.ticketId(n, line.ticket, 'ticket'),
          hash: line.hash,
          at: line.at,
        });
        break;
      }
      case 'webhook':
        // Placed after the imported events (a negative cursor, see store/webhooks.ts): the source's
        // history is not sent again, and whatever happens here from now on is.
        await tx.webhooks.insert({
          projectId: this.projectId,
          url: line.url,
          kinds: line.events,
          filterType: line.type,
          filterLabel: line.label,
          secret: line.secret,
          format: line.format,
          active: line.active,
          pausedReason: line.pausedReason,
          cursor: -(this.options.now ?? Date.now()),
          createdAt: line.createdAt,
        });
        return;
      case 'counter':
        if (this.counter !== undefined) throw fail(n, 'a second counter record');
        this.counter = line.lastNumber;
        return;
      case 'end': {
        const wrong = COUNTED.filter((k) => (line.counts[k] ?? 0) !== this.counts[k]);
        if (wrong.length) {
          const what = wrong
            .map((k) => `${line.counts[k] ?? 0} ${k} records expected, ${this.counts[k]} found`)
            .join('; ');
          throw fail(n, `the file is incomplete or edited: ${what}; export it again`);
        }
        this.ended = true;
        return;
      }
    }
    this.counts[line.record]++;
  }

  private async ticket(n: number, t: Extract<ParsedLine, { record: 'ticket' }>): Promise<void> {
    const schema = this.schema!;
    if (this.tickets.has(t.number)) throw fail(n, `ticket ${t.number} is listed twice`);
    const wf = schema.types.find((w) => w.type === t.type);
    if (!wf) throw fail(n, `ticket ${t.number} has type '${t.type}', which the project schema lacks`);
    if (!wf.states.includes(t.status)) {
      throw fail(n, `ticket ${t.number} is in '${t.status}', which is not a ${t.type} state (${wf.states.join(', ')})`);
    }
    if (!schema.priorities.includes(t.priority)) {
      throw fail(n, `ticket ${t.number} has priority '${t.priority}'; priorities: ${schema.priorities.join(', ')}`);
    }
    if (t.assignee !== null && !this.entities.has(t.assignee.toLowerCase())) {
      throw fail(n, `ticket ${t.number} is assigned to '${t.assignee}', who is not an entity listed above`);
    }
    if (t.category !== null && !this.categories.has(t.category.toLowerCase())) {
      throw fail(n, `ticket ${t.number} is in category '${t.category}', which is not listed above`);
    }
    if (t.milestone !== undefined && !this.milestones.has(t.milestone)) {
      throw fail(n, `ticket ${t.number} is in milestone '${t.milestone}', which is not listed above`);
    }
    const { record: _record, due: dueText, estimate, milestone, fields: values, ...fields } = t;
    const due = dueText === undefined ? null : parseDue(dueText, `ticket ${t.number} due`);
    const id = await this.tx.transfer.restoreTicket({
      ...fields,
      dueAt: due?.at ?? null,
      dueDay: due?.day ?? false,
      estimate: estimate ?? null,
      milestone: milestone ?? null,
      fields: values ?? null,
      projectId: this.projectId,
      priorityRank: priorityRank(schema, t.priority),
    });
    this.tickets.set(t.number, id);
    this.maxNumber = Math.max(this.maxNumber, t.number);
    const done = this.tickets.size;
    if (done % 256 === 0) this.options.onProgress?.(done);
  }

  /** History rows keep their order; consecutive rows of one ticket, actor and time go in one call. */
  private async history(n: number, eventId: number, changes: readonly ChangeLine[], actor: string | null, at: number) {
    let run: { ticketId: number; actor: string | null; at: number; rows: ChangeLine[] } | undefined;
    const flush = async () => {
      if (run) await this.tx.activity.addHistory({ eventId, ...run, changes: run.rows });
    };
    for (const c of changes) {
      const ticketId = this.ticketId(n, c.ticket, 'a change of ticket');
      const who = c.actor === undefined ? actor : c.actor;
      const when = c.at ?? at;
      if (run && run.ticketId === ticketId && run.actor === who && run.at === when) run.rows.push(c);
      else {
        await flush();
        run = { ticketId, actor: who, at: when, rows: [c] };
      }
    }
    await flush();
  }

  finish(lines: number): { project: string; tickets: number } {
    if (!this.schema) throw invalid('the input is empty; expected a Docket export (JSON Lines, header first)');
    if (!this.ended) {
      throw fail(lines, 'the file ends without its end record; it was probably cut short, so export it again');
    }
    if (this.counter === undefined) throw fail(lines, 'the file has no counter record');
    if (this.counter < this.maxNumber) {
      throw fail(lines, `the counter (${this.counter}) is below the highest ticket number (${this.maxNumber})`);
    }
    this.options.onProgress?.(this.tickets.size);
    return { project: this.projectKey, tickets: this.tickets.size };
  }

  async close(): Promise<void> {
    if (this.counter !== undefined) await this.tx.transfer.setLastNumber(this.projectId, this.counter);
  }
}

/**
 * Loads a project from an export into this store in one transaction: all of it, or nothing.
 * `lines` yields the file's lines (without newlines); an existing project key is refused.
 */
export function importProjectLines(
  store: Store,
  lines: AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<{ project: string; tickets: number }> {
  // Start reading now: a write may begin a moment later (SQLite group commit), and a readline
  // interface emits the lines it reads meanwhile to nobody unless its iterator already exists.
  const iterator = lines[Symbol.asyncIterator]();
  const started: AsyncIterable<string> = { [Symbol.asyncIterator]: () => iterator };
  return store.write((tx) => importProjectInto(tx, started, options));
}

/** The same, inside a write transaction the caller holds (a whole-store move imports many projects in one). */
export async function importProjectInto(
  tx: StoreTx,
  lines: AsyncIterable<string>,
  options: ImportOptions = {},
): Promise<{ project: string; tickets: number }> {
  const importer = new Importer(tx, options);
  // Thousands of rows, written in order and checked as they come: the store may send them in batches.
  await tx.transfer.bulk();
  let n = 0;
  for await (const line of lines) {
    n++;
    if (line.trim()) await importer.take(n, line);
  }
  const result = importer.finish(n);
  await importer.close();
  return result;
}
