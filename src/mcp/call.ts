import { actorOf, authorize, type Caller } from '../core/access.js';
import type { Docket } from '../core/docket.js';
import { tokenReaches } from '../domain/access.js';
import { invalid, notFound } from '../domain/errors.js';
import type { Extra, McpServerOptions } from './options.js';
import type { Call } from './tool.js';

/**
 * What one request may reach: the caller's projects, checked for each use. Tools, resources, prompts
 * and completions all go through it, so a token sees the same projects whichever it asks with.
 */
export function makeCall(docket: Docket, options: McpServerOptions, caller: Caller, extra?: Extra): Call {
  const projects = async () => {
    const all = await docket.projects();
    return caller.kind === 'token' ? all.filter((p) => tokenReaches(caller.token, p.key)) : all;
  };
  const defaultKey = async () => {
    if (options.project) return options.project;
    const visible = await projects();
    if (visible.length === 1) return visible[0]!.key;
    if (!visible.length) {
      if (caller.kind === 'token') throw notFound('project', 'this token reaches no project');
      throw notFound('project', 'none yet; create one with: docket init');
    }
    throw invalid(`say which project: project=KEY (projects: ${visible.map((p) => p.key).join(', ')})`, {
      field: 'project',
    });
  };
  const token = extra?._meta?.progressToken;
  return {
    docket,
    caller,
    projects,
    async project(key, needs, actor) {
      const chosen = (key?.trim() || (await defaultKey())).toLowerCase();
      authorize(caller, chosen, needs);
      return docket.project(chosen, { actor: actorOf(caller, actor ?? options.actor ?? null) });
    },
    signal: extra?.signal ?? new AbortController().signal,
    async progress(progress, total, message) {
      if (token === undefined || !extra) return;
      await extra
        .sendNotification({
          method: 'notifications/progress',
          params: { progressToken: token, progress, total, ...(message ? { message } : {}) },
        })
        .catch(() => {});
    },
  };
}

/** Who made a request: over HTTP the handler's `callerOf` (from the token), else the local user. */
export function callerFor(options: McpServerOptions, extra: Extra): Caller {
  return options.callerOf ? options.callerOf(extra) : { kind: 'local', actor: options.actor ?? null };
}
