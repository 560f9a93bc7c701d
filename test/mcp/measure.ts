import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Tiktoken } from 'js-tiktoken';

/**
 * How Docket counts what agents pay for: o200k_base tokens of compact JSON. The tools list counts
 * each tool's name, description and inputSchema (what a client puts in the model's context).
 * Shared by the token test and the bench so both report the same figures.
 */

let encoder: Promise<Tiktoken> | undefined;

/** Loads the encoder on first use (about 0.7 s), once per process. */
function o200k(): Promise<Tiktoken> {
  encoder ??= import('js-tiktoken').then((m) => m.getEncoding('o200k_base'));
  return encoder;
}

export async function tokens(text: string): Promise<number> {
  return (await o200k()).encode(text).length;
}

export async function toolsListTokens(client: Client): Promise<{ total: number; perTool: Record<string, number> }> {
  const { tools } = await client.listTools();
  const shown = tools.map((t) => ({ name: t.name, description: t.description, inputSchema: t.inputSchema }));
  const perTool: Record<string, number> = {};
  for (const t of shown) perTool[t.name] = await tokens(JSON.stringify(t));
  return { total: await tokens(JSON.stringify(shown)), perTool };
}

export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** Titles and descriptions of the size agents write, so answer sizes are measured on typical tickets. */
export const SAMPLE_TITLES = [
  'Login redirect loops on Safari after session expiry',
  'Add CSV export to the weekly report',
  'Flaky test: search ranks stale tickets first',
  'Document the token scopes for the REST API',
  'Rate-limit password reset emails',
  'Board columns overflow on narrow screens',
  'Migrate settings page to the new form component',
  'Crash when a label contains an emoji',
  'Decide on the retention period for audit logs',
  'Speed up cold start of the CLI',
] as const;

export const SAMPLE_DESCRIPTION =
  'Users who leave a tab open overnight come back to an endless redirect between /login and /home. ' +
  'Seen on Safari 17 only; Chrome refreshes the session cookie correctly. Steps: sign in, wait for the ' +
  'session to expire, reload. Expected: the login page once.';

export interface AnswerFigures {
  /** Median over creates, updates, moves and a close. */
  readonly writesMedian: number;
  readonly list10: number;
  readonly getWithHistory: number;
  /** The get answer itself, to show what was measured. */
  readonly get: string;
}

async function answer(client: Client, args: Record<string, unknown>): Promise<string> {
  const r = (await client.callTool({ name: 'ticket', arguments: args })) as {
    content: { type: string; text?: string }[];
    isError?: boolean;
  };
  const text = r.content[0]?.text ?? '';
  if (r.isError) throw new Error(`ticket ${JSON.stringify(args)} failed: ${text}`);
  return text;
}

/**
 * A typical working session in an empty project (ten creates, edits, moves, a close, a comment and
 * a link), measuring each answer: what issue 4's budgets and the bench report.
 */
export async function answerFigures(client: Client, project?: string): Promise<AnswerFigures> {
  const at = project === undefined ? {} : { project };
  const t = (args: Record<string, unknown>) => answer(client, { ...at, ...args });
  const writes: number[] = [];
  const ids: string[] = [];
  for (const [i, title] of SAMPLE_TITLES.entries()) {
    const text = await t({
      action: 'create',
      title,
      type: i % 3 === 0 ? 'bug' : 'task',
      priority: 'high',
      tags: ['web'],
    });
    writes.push(await tokens(text));
    ids.push(text.split(' ')[0]!);
  }
  const [bug, task] = [ids[0]!, ids[1]!];
  for (const args of [
    { action: 'update', ticket_id: bug, assignee: 'bob', description: SAMPLE_DESCRIPTION },
    { action: 'move', ticket_id: bug, status: 'confirmed' },
    { action: 'move', ticket_id: bug, status: 'in_progress' },
    { action: 'update', ticket_id: task, priority: 'urgent' },
    { action: 'close', ticket_id: task },
  ]) {
    writes.push(await tokens(await t(args)));
  }
  await t({ action: 'comment', ticket_id: bug, comment: 'Reproduced on Safari 17.2; a fix is in review.' });
  await client.callTool({
    name: 'ticket_link',
    arguments: { ...at, action: 'add', ticket_id: bug, link_type: 'blocks', target_id: ids[2] },
  });
  const list = await t({ action: 'list', limit: 10 });
  if (list.split('\n').length !== 10) throw new Error(`expected a list of 10, got:\n${list}`);
  const get = await t({ action: 'get', ticket_id: bug });
  return { writesMedian: median(writes), list10: await tokens(list), getWithHistory: await tokens(get), get };
}
