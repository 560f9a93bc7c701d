import { existsSync } from 'node:fs';
import { isDocketError } from '../../domain/errors.js';
import { UsageError } from '../errors.js';
import { intArg } from '../input.js';
import type { Session } from '../session.js';
import { createProject } from './init.js';

export interface ServeOptions {
  readonly host?: string;
  readonly port?: string;
  readonly cors?: readonly string[];
  readonly rateLimit?: string;
  readonly tools?: string;
  readonly mcp?: boolean;
  readonly webhooks?: boolean;
}

/**
 * `docket serve` (and `npm start`): the REST API, its reference page, live events and the MCP
 * endpoints on one port. Creates `.docket/docket.db` with a default project when there is none,
 * and stops cleanly on Ctrl-C.
 */
export async function serve(s: Session, o: ServeOptions): Promise<void> {
  const host = o.host ?? '127.0.0.1';
  const port = intArg(o.port, '--port') ?? 7420;
  if (port > 65535) throw new UsageError('--port takes 0 to 65535');
  const rate = intArg(o.rateLimit, '--rate-limit');
  for (const origin of o.cors ?? []) {
    if (origin === '*' || !/^https?:\/\/[^/\s]+$/i.test(origin.replace(/\/+$/, ''))) {
      throw new UsageError(`--cors takes an exact origin such as http://localhost:5173, not '${origin}'`);
    }
  }

  const path = s.databasePath(true);
  const local = !/^[a-z]+:\/\//i.test(path);
  const fresh = local && !existsSync(path);
  const docket = await s.docket({ create: true, path });
  if (!(await docket.projects()).length) {
    try {
      const made = await createProject(s, docket, path, undefined, {});
      s.note(`${fresh ? 'Created' : 'Set up'} ${s.shown(path)} with project ${made.key}`);
    } catch (e) {
      // Another instance starting on the same (PostgreSQL) database made it a moment earlier.
      if (!isDocketError(e) || e.code !== 'already_exists') throw e;
    }
  }

  const { runServe } = await import('../../http/main.js');
  const { Door } = await import('../../core/door.js');
  // One door for the REST API and the MCP endpoints: the same rules and one rate limit per caller.
  const door = Door.server(docket, {
    host,
    port,
    cors: o.cors ?? [],
    ...(rate !== undefined ? { rateLimit: { rate } } : {}),
  });
  const { ChangeFeed } = await import('../../core/feed.js');
  // One change feed for the REST API's live streams and MCP's subscriptions: a write through either
  // face wakes both at once.
  const feed = new ChangeFeed(docket);
  let mount: import('../../http/main.js').Mount | undefined;
  if (o.mcp !== false) {
    const { createMcpHttpHandler, TOOL_PROFILES } = await import('../../mcp/main.js');
    const profile = TOOL_PROFILES.find((p) => p === (o.tools ?? 'docket').toLowerCase());
    if (!profile) throw new UsageError(`--tools takes ${TOOL_PROFILES.join(' or ')}, not '${o.tools}'`);
    const project = s.globals.project ?? s.io.env.DOCKET_PROJECT;
    mount = createMcpHttpHandler(docket, {
      door,
      host,
      port,
      cors: o.cors ?? [],
      profile,
      actor: s.actor(),
      feed,
      ...(project ? { project } : {}),
    });
  }
  const server = await runServe({
    docket,
    host,
    port,
    cors: o.cors ?? [],
    door,
    feed,
    ...(mount ? { mount } : {}),
    log: (line) => s.io.stderr.write(`${line}\n`),
  });
  // Webhooks go out from every server on the store; leases keep each attempt to one of them.
  const timeout = intArg(s.io.env.DOCKET_WEBHOOK_TIMEOUT_MS, 'DOCKET_WEBHOOK_TIMEOUT_MS', 1);
  const worker =
    o.webhooks === false
      ? undefined
      : docket
          .webhookWorker({
            ...(timeout ? { timeoutMs: timeout } : {}),
            onError: (e) => s.err(`docket: webhooks: ${(e as Error).message}`),
          })
          .start();
  // A write through this server wakes the worker at once rather than at its next poll.
  if (worker) feed.onWake(() => worker.wake());
  await server.closed;
  await worker?.stop();
  feed.close();
}
