import type { PromptMessage } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Project } from '../../core/docket.js';
import type { Call } from '../tool.js';
import { ticketUri } from '../uri.js';

/** What an argument holds, and so what `completion/complete` offers for it. */
export type CompletionKind = 'project' | 'ticket' | 'type' | 'status' | 'entity' | 'label' | 'since';

/**
 * A workflow a user picks from the client's menu. Its text is read by an agent, so it is short and
 * names the tool calls to make; the tickets it is about come along as embedded `docket://` resources.
 */
export interface PromptDef {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  /** Every argument is a string (MCP prompt arguments are); optional unless the prompt cannot work without it. */
  readonly args: Record<string, z.ZodType<string | undefined>>;
  /** What `completion/complete` offers for each argument. */
  readonly complete: Readonly<Record<string, CompletionKind>>;
  run(args: Record<string, string | undefined>, call: Call): Promise<PromptMessage[]>;
}

export const projectArg = z.string().optional().describe('project key (default: the only one, or the server’s -p)');
export const ticketArg = z.string().describe('ticket id, e.g. WEB-42');

export const text = (t: string): PromptMessage => ({ role: 'user', content: { type: 'text', text: t } });

/** A ticket's markdown attached as the resource a client would read at its URI. */
export const attached = (project: string, id: string, markdown: string): PromptMessage => ({
  role: 'user',
  content: { type: 'resource', resource: { uri: ticketUri(project, id), mimeType: 'text/markdown', text: markdown } },
});

/** ` project=web` when the agent must name the project in its tool calls (it can see several). */
export async function projectHint(call: Call, doc: Project): Promise<string> {
  return (await call.projects()).length > 1 ? ` project=${doc.key}` : '';
}
