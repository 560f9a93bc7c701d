import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { CompleteRequestSchema, ErrorCode } from '@modelcontextprotocol/sdk/types.js';
import type { Project } from '../core/docket.js';
import { recentlyChanged } from '../core/recent.js';
import { isDocketError } from '../domain/errors.js';
import { ProtocolError } from './errors.js';
import type { CompletionKind, PromptDef } from './prompts/prompt.js';
import type { Extra } from './options.js';
import type { Call } from './tool.js';
import { TEMPLATES } from './uri.js';

const MAX = 100;
const TEMPLATE_ARGS: Readonly<Record<string, Readonly<Record<string, CompletionKind>>>> = {
  [TEMPLATES.ticket]: { project: 'project', id: 'ticket' },
  [TEMPLATES.board]: { project: 'project' },
  [TEMPLATES.ready]: { project: 'project' },
};

const startsWith = (value: string) => {
  const v = value.trim().toLowerCase();
  return (s: string) => s.toLowerCase().startsWith(v);
};

/**
 * Ticket ids for what was typed: `42`, `#42`, `WEB-42` → that ticket, then 420–429, 4200–4299 (those
 * that exist); nothing or the prefix alone → open tickets most recently changed; words → search hits.
 */
async function ticketIds(doc: Project, value: string): Promise<string[]> {
  const v = value.trim();
  const digits = /^(?:#|[\p{L}\p{N}_]+-)?(\d{1,9})$/u.exec(v)?.[1];
  if (digits !== undefined) {
    const out: string[] = [];
    for (let low = Number(digits), width = 1; width <= 100 && low > 0; low *= 10, width *= 10) {
      const page = await doc.list({ after: low - 1, limit: width });
      for (const t of page.items) if (t.number < low + width) out.push(t.id);
    }
    return out;
  }
  const prefix = (await doc.schema()).options.display_prefix.toLowerCase();
  if (prefix.startsWith(v.toLowerCase())) return (await recentlyChanged(doc, { limit: 20 })).items.map((t) => t.id);
  if (!/^[\p{L}\p{N} ]+$/u.test(v)) return [];
  return (await doc.search({ query: `${v.split(/\s+/).join(' ')}*`, limit: 20 })).map((h) => h.ticket.id);
}

async function values(call: Call, kind: CompletionKind, value: string, context: Record<string, string>) {
  const match = startsWith(value);
  if (kind === 'project') return (await call.projects()).map((p) => p.key).filter(match);
  if (kind === 'since') return ['1h', '24h', '3d', '7d', '14d'].filter(match);
  const doc = await call.project(context.project, 'read');
  switch (kind) {
    case 'ticket':
      return ticketIds(doc, value);
    case 'type':
      return (await doc.schema()).types.map((w) => w.type).filter(match);
    case 'status': {
      const types = (await doc.schema()).types.filter((w) => !context.type || w.type === context.type);
      return [...new Set(types.flatMap((w) => w.states))].filter(match);
    }
    case 'entity':
      return (await doc.entities()).map((e) => e.slug).filter(match);
    case 'label':
      return (await doc.labels()).map((l) => l.label).filter(match);
  }
}

/**
 * `completion/complete` for the resource templates' variables and the prompts' arguments, answered
 * from the caller's own projects only. A project the caller cannot see (or that does not exist)
 * completes to nothing rather than an error: a client asks on every keystroke.
 */
export function registerCompletions(
  server: McpServer,
  prompts: readonly PromptDef[],
  callOf: (extra: Extra) => Call,
  guard: <T>(run: () => Promise<T>) => Promise<T>,
): void {
  server.server.setRequestHandler(CompleteRequestSchema, (req, extra) =>
    guard(async () => {
      const { ref, argument } = req.params;
      let kinds: Readonly<Record<string, CompletionKind>> | undefined;
      if (ref.type === 'ref/resource') {
        kinds = TEMPLATE_ARGS[ref.uri];
        if (!kinds) {
          const known = Object.keys(TEMPLATE_ARGS).join(', ');
          throw new ProtocolError(ErrorCode.InvalidParams, `unknown resource template ${ref.uri}; templates: ${known}`);
        }
      } else {
        kinds = prompts.find((p) => p.name === ref.name)?.complete;
        if (!kinds) {
          const known = prompts.map((p) => p.name).join(', ') || 'none';
          throw new ProtocolError(ErrorCode.InvalidParams, `unknown prompt ${ref.name}; prompts: ${known}`);
        }
      }
      const kind = kinds[argument.name];
      let found: string[] = [];
      if (kind) {
        try {
          found = await values(callOf(extra), kind, argument.value, req.params.context?.arguments ?? {});
        } catch (e) {
          if (!isDocketError(e)) throw e;
        }
      }
      return { completion: { values: found.slice(0, MAX), total: found.length, hasMore: found.length > MAX } };
    }),
  );
}
