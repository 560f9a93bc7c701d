/**
 * The MCP face: round trips of `get`, `create` and `resources/read` of a ticket (the same text as
 * `get`) through the built binary over stdio (what an agent pays per call, JSON-RPC and process
 * boundary included), and the token figures of issue 4 beside
 * stompy-ticketing's and BlinkDesk's (measured from their sources, o200k, see shared/reference).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { openDocket } from '../src/open.js';
import { answerFigures, toolsListTokens } from '../test/mcp/measure.js';
import { tempDir } from '../test/support/temp.js';
import { type BenchOptions, ms, type SectionResult } from './lib/report.js';
import { summarize } from './lib/stats.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'dist/cli/main.js');

async function connect(database: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [CLI, '-d', database, '--as', 'bench', 'mcp'],
    stderr: 'ignore',
  });
  const client = new Client({ name: 'docket-bench', version: '0.0.0' });
  await client.connect(transport);
  return client;
}

async function timed(n: number, op: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await op(i);
    out.push(performance.now() - start);
  }
  return out;
}

export async function run(opts: BenchOptions): Promise<SectionResult> {
  execFileSync(process.execPath, [join(ROOT, 'scripts/ensure.mjs')], { cwd: ROOT, stdio: 'ignore' });
  const tmp = tempDir('docket-mcp-bench-');
  try {
    const database = join(tmp.dir, 'docket.db');
    const setup = await openDocket(database);
    await setup.createProject({ key: 'doc' });
    await setup.createProject({ key: 'rt' });
    await setup.close();

    const client = await connect(database);
    try {
      const tools = await toolsListTokens(client);
      const answers = await answerFigures(client, 'doc');
      const n = opts.large ? 2000 : 500;
      const call = async (args: Record<string, unknown>) => {
        const r = await client.callTool({ name: 'ticket', arguments: { project: 'rt', ...args } });
        if (r.isError) throw new Error(`ticket ${JSON.stringify(args)} failed: ${JSON.stringify(r.content)}`);
      };
      await timed(20, (i) => call({ action: 'create', title: `warm-up ${i}` }));
      const create = summarize(
        await timed(n, (i) => call({ action: 'create', title: `Round trip ${i}`, priority: 'high' })),
      );
      const get = summarize(await timed(n, (i) => call({ action: 'get', ticket_id: 1 + (i % (n + 20)) })));
      const read = summarize(
        await timed(n, (i) => client.readResource({ uri: `docket://rt/RT-${1 + (i % (n + 20))}` })),
      );
      // Project doc (a few tickets) lists first; its nextCursor is rt's first page of 50.
      const rtPage = (await client.listResources({})).nextCursor;
      if (!rtPage) throw new Error('resources/list gave no second page');
      const list = summarize(await timed(Math.min(n, 200), () => client.listResources({ cursor: rtPage })));
      const rows: (string | number)[][] = [
        ['round trip: get (stdio)', `${ms(get.median)} ms`, `${ms(get.p99)} ms`, '', '', `n=${get.n}`],
        [
          'round trip: resources/read of a ticket',
          `${ms(read.median)} ms`,
          `${ms(read.p99)} ms`,
          '',
          '',
          `n=${read.n}`,
        ],
        [
          'round trip: resources/list, a page of 50',
          `${ms(list.median)} ms`,
          `${ms(list.p99)} ms`,
          '',
          '',
          `n=${list.n}`,
        ],
        ['round trip: create (stdio)', `${ms(create.median)} ms`, `${ms(create.p99)} ms`, '', '', `n=${create.n}`],
        ['tokens: tools list', tools.total, '', '1,458–2,511', '2,237', '≤ 800'],
        ['tokens: create/move/update/close (median)', answers.writesMedian, '', '~200', '', '≤ 60'],
        ['tokens: list of 10', answers.list10, '', '~2,000', '', '≤ 400'],
        ['tokens: get with history', answers.getWithHistory, '', '~300–400', '', '≤ 300'],
      ];
      return {
        title: 'MCP (stdio round trips, o200k tokens)',
        columns: ['measure', 'Docket (p50)', 'p99', 'stompy', 'BlinkDesk', 'budget'],
        rows,
        notes: [
          'Round trips: SDK client → `node dist/cli/main.js mcp` over stdio, one call at a time, after 20 warm-up creates.',
          "`resources/read` of `docket://rt/RT-N` answers the text `get` does; the `resources/list` page is project rt's first: its board and ready resources and the 50 open tickets most recently changed (of 520).",
          `Tokens: js-tiktoken o200k_base over compact JSON of name+description+inputSchema (tools) and over answer text; per tool: ${Object.entries(
            tools.perTool,
          )
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}.`,
          'stompy and BlinkDesk figures are measured from their sources (shared/reference); BlinkDesk registers 19 tools.',
        ],
      };
    } finally {
      await client.close();
    }
  } finally {
    tmp.cleanup();
  }
}
