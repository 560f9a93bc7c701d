import { act, type CommandFn } from './act.js';

/**
 * The commands that start servers (`serve`, `mcp`). The build puts this module, with its own copy of
 * the core, fastify and the MCP SDK, in a bundle of its own (dist/cli/server.js) that only these
 * commands load, so the megabytes of server code never slow down `docket ls`. Everything a server
 * command touches comes from that one bundle: nothing crosses between the two copies of the core.
 */
const COMMANDS: Readonly<Record<string, () => Promise<CommandFn>>> = {
  serve: () => import('./commands/serve.js').then((m) => m.serve),
  mcp: () => import('./commands/mcp.js').then((m) => m.mcp),
};

export function runServerCommand(name: string, args: readonly unknown[]): Promise<void> {
  const load = COMMANDS[name];
  if (!load) throw new Error(`no server command ${name}`);
  return act(load)(...args);
}
