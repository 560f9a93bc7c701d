import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { Extra } from '../options.js';
import type { Call } from '../tool.js';
import { handoffPrompt } from './handoff.js';
import { planPrompt } from './plan.js';
import type { PromptDef } from './prompt.js';
import { standupPrompt } from './standup.js';
import { triagePrompt } from './triage.js';

export type { PromptDef } from './prompt.js';

export const PROMPTS: readonly PromptDef[] = [triagePrompt, standupPrompt, planPrompt, handoffPrompt];

/** Registers the prompts; `guard` turns refusals and bugs into one-line protocol errors. */
export function registerPrompts(
  server: McpServer,
  callOf: (extra: Extra) => Call,
  guard: <T>(run: () => Promise<T>) => Promise<T>,
): void {
  for (const p of PROMPTS) {
    server.registerPrompt(
      p.name,
      { title: p.title, description: p.description, argsSchema: p.args },
      (args: Record<string, string | undefined>, extra: Extra) =>
        guard(async () => ({ messages: await p.run(args, callOf(extra)) })),
    );
  }
}
