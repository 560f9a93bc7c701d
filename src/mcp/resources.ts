import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import {
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ReadResourceRequestSchema,
  type Resource,
  type ResourceTemplate,
  SubscribeRequestSchema,
  UnsubscribeRequestSchema,
} from '@modelcontextprotocol/sdk/types.js';
import type { Project } from '../core/docket.js';
import { recentlyChanged } from '../core/recent.js';
import { isDocketError } from '../domain/errors.js';
import type { Ticket } from '../domain/ticket.js';
import { ProtocolError, resourceNotFound } from './errors.js';
import type { Subscriptions } from './live.js';
import { cards, detail } from './render.js';
import type { Extra, McpServerOptions } from './options.js';
import type { Call } from './tool.js';
import { renderBoard } from './tools/ticket-board.js';
import { boardUri, canonical, parseUri, readyUri, type Target, TEMPLATES, ticketUri } from './uri.js';

/** Tickets per `resources/list` page (the board and ready resources of a project come first). */
export const PAGE_SIZE = 50;

const MARKDOWN = 'text/markdown';
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

export const RESOURCE_TEMPLATES: readonly ResourceTemplate[] = [
  {
    uriTemplate: TEMPLATES.ticket,
    name: 'ticket',
    title: 'Ticket',
    description: 'A ticket as get shows it: card, facts, description, links, comments, history. id: WEB-42 or 42.',
    mimeType: MARKDOWN,
  },
  {
    uriTemplate: TEMPLATES.board,
    name: 'board',
    title: 'Board',
    description: 'Ticket counts per type and status.',
    mimeType: MARKDOWN,
  },
  {
    uriTemplate: TEMPLATES.ready,
    name: 'ready',
    title: 'Ready work',
    description: 'Open, unblocked, unclaimed tickets, most urgent first.',
    mimeType: MARKDOWN,
  },
];

function ticketResource(project: string, t: Ticket): Resource {
  return {
    uri: ticketUri(project, t.id),
    name: t.id,
    title: `${t.id}: ${flat(t.title)}`.slice(0, 200),
    description: `${t.type} ${t.status} ${t.priority}${t.assignee ? ` @${t.assignee}` : ''}`,
    mimeType: MARKDOWN,
  };
}

const projectResources = (project: string): Resource[] => [
  {
    uri: boardUri(project),
    name: `${project}/board`,
    title: `${project} board`,
    description: 'Ticket counts per type and status.',
    mimeType: MARKDOWN,
  },
  {
    uri: readyUri(project),
    name: `${project}/ready`,
    title: `${project} ready work`,
    description: 'Open, unblocked, unclaimed tickets, most urgent first.',
    mimeType: MARKDOWN,
  },
];

interface Resolved {
  readonly target: Target;
  readonly doc: Project;
  /** The one spelling subscriptions are keyed by (a ticket by its display id). */
  readonly canonical: string;
}

/** What a URI names, checked against the caller's projects: anything else is resource-not-found. */
async function resolve(call: Call, uri: string): Promise<Resolved> {
  const target = parseUri(uri);
  if (!target) {
    throw resourceNotFound(uri, 'Docket serves docket://PROJECT/ID, docket://PROJECT/board and docket://PROJECT/ready');
  }
  // Refusals (an unknown or hidden project or ticket) become resource-not-found in the caller's guard.
  const doc = await call.project(target.project, 'read');
  if (target.kind !== 'ticket') {
    await doc.lastChangeId(); // the project exists
    return { target, doc, canonical: canonical(target) };
  }
  const t = await doc.get(target.ticket);
  return { target, doc, canonical: canonical(target, t.id) };
}

async function read(r: Resolved): Promise<string> {
  switch (r.target.kind) {
    case 'ticket':
      return detail(await r.doc.detail(r.target.ticket));
    case 'board':
      return renderBoard(await r.doc.board({ view: 'summary' }), false);
    case 'ready':
      return cards(await r.doc.ready({ limit: 20 }), 'nothing ready');
  }
}

/**
 * `resources/list` walks the caller's projects in key order (only the server's `-p` project when it
 * has one): each project's board and ready resources, then its open tickets most recently changed
 * first, `PAGE_SIZE` a page. The cursor is `KEY/` plus the project's own cursor.
 */
async function list(call: Call, options: McpServerOptions, cursor: string | undefined, live: Subscriptions) {
  const visible = (await call.projects()).map((p) => p.key).sort();
  const fixed = options.project?.toLowerCase();
  const keys = fixed && visible.includes(fixed) ? [fixed] : visible;
  let index = 0;
  let inner = '';
  if (cursor !== undefined && cursor !== '') {
    const slash = cursor.indexOf('/');
    index = slash > 0 ? keys.indexOf(cursor.slice(0, slash)) : -1;
    if (index < 0) throw new ProtocolError(ErrorCode.InvalidParams, 'invalid cursor: start again without one');
    inner = cursor.slice(slash + 1);
  }
  const key = keys[index];
  if (key === undefined) return { resources: [] };
  live.listedProjects(keys);
  const doc = await call.project(key, 'read');
  let page: Awaited<ReturnType<typeof recentlyChanged>>;
  try {
    page = await recentlyChanged(doc, { ...(inner ? { cursor: inner } : {}), limit: PAGE_SIZE });
  } catch (e) {
    if (isDocketError(e) && e.code === 'validation' && e.details.field === 'cursor') {
      throw new ProtocolError(ErrorCode.InvalidParams, 'invalid cursor: start again without one');
    }
    throw e;
  }
  const resources = [...(inner ? [] : projectResources(key)), ...page.items.map((t) => ticketResource(key, t))];
  const following = keys[index + 1];
  const nextCursor = page.next !== null ? `${key}/${page.next}` : following !== undefined ? `${following}/` : undefined;
  return { resources, ...(nextCursor !== undefined ? { nextCursor } : {}) };
}

/**
 * Docket's resources on an MCP server, as the low-level handlers the protocol defines (the SDK's
 * `registerResource` has no cursor for `resources/list` and no subscriptions).
 */
export function registerResources(
  server: McpServer,
  options: McpServerOptions,
  callOf: (extra: Extra) => Call,
  live: Subscriptions,
  guard: <T>(run: () => Promise<T>, uri?: string) => Promise<T>,
): void {
  const s = server.server;
  s.setRequestHandler(ListResourceTemplatesRequestSchema, async () => ({
    resourceTemplates: [...RESOURCE_TEMPLATES],
  }));
  s.setRequestHandler(ListResourcesRequestSchema, (req, extra) =>
    guard(() => list(callOf(extra), options, req.params?.cursor, live)),
  );
  s.setRequestHandler(ReadResourceRequestSchema, (req, extra) => {
    const uri = req.params.uri;
    return guard(async () => {
      const r = await resolve(callOf(extra), uri);
      return { contents: [{ uri, mimeType: MARKDOWN, text: await read(r) }] };
    }, uri);
  });
  s.setRequestHandler(SubscribeRequestSchema, (req, extra) => {
    const uri = req.params.uri;
    return guard(async () => {
      const r = await resolve(callOf(extra), uri);
      live.subscribe(r.doc.key, r.canonical, uri, await r.doc.lastChangeId());
      return {};
    }, uri);
  });
  s.setRequestHandler(UnsubscribeRequestSchema, async (req) => {
    live.unsubscribe(req.params.uri);
    return {};
  });
}
