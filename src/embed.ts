import type { IncomingHttpHeaders } from 'node:http';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Caller } from './core/access.js';
import { Docket } from './core/docket.js';
import type { Scope } from './domain/access.js';
import { DocketError } from './domain/errors.js';
import type { McpRequestExtra, ToolProfile } from './mcp/main.js';
import type { PostgresStore } from './store/postgres/postgres-store.js';
import { mainSchemaDdl, projectSchemaDdl } from './store/postgres/schema.js';
import type { Store } from './store/store.js';

// `docket/embed`: Docket inside another application, as stompy-ticketing's plugin SDK does for its
// host. The host brings its MCP server, its Fastify app and a store; Docket adds its tools and routes.

/** One request as the host's callbacks see it, from either face. */
export interface HostRequest {
  readonly face: 'http' | 'mcp';
  /** The HTTP request's headers (for MCP, those of the request carrying the call; empty over stdio). */
  readonly headers: IncomingHttpHeaders;
  /**
   * What the host's authentication attached as `req.auth` (the MCP SDK's convention, which its
   * transports hand to tools as `authInfo`), on either face.
   */
  readonly auth?: AuthInfo;
  /** The Fastify request, or the MCP tool handler's `extra`. */
  readonly raw: FastifyRequest | McpRequestExtra;
}

export interface DocketHost {
  /** The store Docket works on, opened by the host (see `openPostgresStore` in `docket/postgres`). */
  readonly store: Store;
  /**
   * The host's MCP server: Docket's tools are registered on it. Hosts that make a server per session
   * pass one (or `true`) and call the returned `registerTools` on each new server.
   */
  readonly mcp?: McpServer | true;
  /** The host's Fastify app, not yet listening: Docket's REST routes are registered under `prefix`. */
  readonly http?: FastifyInstance;
  /** Where the REST routes go (default `/docket`: `/docket/projects/{name}/tickets`). */
  readonly prefix?: string;
  /** The one project a request may use (e.g. the host's tenant); undefined: every project. */
  readonly project?: (req: HostRequest) => string | undefined;
  /** The entity a request acts as (history, audit, claims); the host has authenticated it. */
  readonly actor?: (req: HostRequest) => string | null;
  /** What a request may do in its projects (default admin: everything). */
  readonly scope?: (req: HostRequest) => Scope;
  /** The MCP tools: Docket's five (default) or BlinkDesk's eight. */
  readonly profile?: ToolProfile;
  /** Clock for timestamps (tests). */
  readonly clock?: () => number;
}

export interface RegisteredDocket {
  /** The library over the host's store, for the host's own code. */
  readonly docket: Docket;
  /**
   * DDL the host must have run before opening the store with `create: false` (empty for SQLite,
   * whose file Docket migrates itself). A store opened with `create: true` has run it already.
   */
  readonly migrations: readonly string[];
  /** DDL for a new project's own schema (PostgreSQL with one schema per project), before creating it. */
  projectSchemaSql(projectKey: string): string;
  /**
   * Registers Docket's tools on another McpServer, with the same rules: for hosts that make one
   * server per session (an McpServer serves one connection). Returns the tool names.
   */
  registerTools(server: McpServer): string[];
}

/**
 * Registers Docket's MCP tools on the host's McpServer and its REST routes on the host's Fastify app,
 * working on the host's store, and returns the DDL the host's migrations must include. With `project`,
 * `actor` or `scope`, every request is held to what they return (like an API token: its projects,
 * its scope, acting as its entity); without them, requests are trusted like a local user's.
 *
 * @example
 * const { migrations, registerTools } = await registerDocket({ store, http: app, actor: (r) => r.auth?.clientId ?? null });
 */
export async function registerDocket(host: DocketHost): Promise<RegisteredDocket> {
  const docket = new Docket(host.store, host.clock);
  const grant = grantFor(host);
  const mcp = host.mcp ? await import('./mcp/main.js') : undefined;
  const registerTools = (server: McpServer): string[] => {
    if (!mcp) fail('pass `mcp` (your McpServer, or true) to registerDocket before registering tools');
    return mcp.registerTools(server, docket, {
      ...(host.profile ? { profile: host.profile } : {}),
      callerOf: (extra) =>
        grant({
          face: 'mcp',
          headers: headersOf(extra),
          raw: extra,
          ...(extra.authInfo ? { auth: extra.authInfo } : {}),
        }),
    });
  };
  if (host.mcp && host.mcp !== true) registerTools(host.mcp);
  if (host.http) {
    const { docketRoutes } = await import('./http/main.js');
    await host.http.register(docketRoutes, {
      prefix: host.prefix ?? '/docket',
      docket,
      caller: (request) => {
        const auth = (request.raw as { auth?: AuthInfo }).auth;
        return grant({ face: 'http', headers: request.headers, raw: request, ...(auth ? { auth } : {}) });
      },
    });
  }
  // Docket's own PostgreSQL store knows its schema; another implementation of the contract has no DDL to give.
  const pg =
    typeof (host.store as Partial<PostgresStore>).schema === 'string' && 'textSearch' in host.store
      ? (host.store as PostgresStore)
      : undefined;
  return {
    docket,
    migrations: pg ? [mainSchemaDdl(pg.schema, pg.textSearch.language)] : [],
    projectSchemaSql: (key) => {
      if (!pg) throw new DocketError('unsupported', 'project schemas exist only on PostgreSQL', { store: 'sqlite' });
      return projectSchemaDdl(key, pg.schema);
    },
    registerTools,
  };
}

/** The caller a request becomes: trusted like a local user, or held to the grant the host's callbacks give. */
function grantFor(host: DocketHost): (req: HostRequest) => Caller {
  if (!host.project && !host.actor && !host.scope) return () => ({ kind: 'local', actor: null });
  return (req) => {
    const project = host.project?.(req);
    return {
      kind: 'token',
      token: {
        id: 0,
        hint: 'host',
        scope: host.scope?.(req) ?? 'admin',
        entity: host.actor?.(req) ?? null,
        projects: [project === undefined ? '*' : project.toLowerCase()],
        note: 'granted by the host application',
        createdAt: new Date(0).toISOString(),
        revokedAt: null,
      },
    };
  };
}

function headersOf(extra: McpRequestExtra): IncomingHttpHeaders {
  const headers = extra.requestInfo?.headers ?? {};
  const out: IncomingHttpHeaders = {};
  for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function fail(message: string): never {
  throw new DocketError('validation', message, { field: 'mcp' });
}
