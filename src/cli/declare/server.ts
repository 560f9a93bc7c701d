import type { Command } from 'commander';
import { act, actServer, collect, common, examples, type Group } from './common.js';

/** The servers and their keys: MCP for agents, the REST API, API tokens. */
export const server: Group = {
  heading: 'Servers:',
  entries: [
    {
      names: ['mcp', 'serve', 'token'],
      declare(program: Command): void {
        examples(
          common(
            program
              .command('mcp')
              .summary('serve the MCP tools to agents (stdio; --http for Streamable HTTP and SSE)')
              .argument('[transport]', 'stdio (default), streamable-http or sse (BlinkDesk spellings)')
              .option('--http', 'serve Streamable HTTP at /mcp and SSE at /sse instead of stdio')
              .option('-H, --host <host>', 'address to bind (default 127.0.0.1; others need API tokens)')
              .option('-P, --port <port>', 'port to listen on (default 7421)')
              .option('--tools <profile>', 'docket (default) or blinkdesk (its 8 documented tools)')
              .option('--cors <origin>', 'also allow this browser origin (repeatable)', collect)
              .option('-n, --name <name>', 'the server name shown to clients')
              .action(actServer('mcp')),
          ),
          'docket --as claude mcp',
          'docket mcp --http --port 7421',
          'docket -d tickets.db mcp stdio --tools blinkdesk',
        );
        examples(
          common(
            program
              .command('serve')
              .summary('serve the REST API, its reference (/docs), live events and MCP on one port')
              .option('-H, --host <host>', 'address to bind (default 127.0.0.1; others need API tokens)')
              .option('-P, --port <port>', 'port to listen on (default 7420)')
              .option('--cors <origin>', 'also allow this browser origin (repeatable; never *)', collect)
              .option('--rate-limit <n>', 'requests per second per token or client (default 200; 0 for none)')
              .option('--tools <profile>', 'MCP tool profile at /mcp: docket (default) or blinkdesk')
              .option('--no-mcp', 'do not serve MCP at /mcp and /sse')
              .action(actServer('serve')),
          ),
          'docket serve',
          'docket serve --port 8080 --cors http://localhost:5173',
          'docket token create --project web --scope write --as ci && docket serve --host 0.0.0.0',
        );
        const token = program.command('token').summary('API tokens for docket serve and MCP over HTTP');
        const tk = () => import('../commands/token.js');
        examples(
          common(
            token
              .command('create')
              .summary('create a token (the secret is printed once)')
              .option('--scope <scope>', 'read, write or admin')
              .option('--note <text>', 'what the token is for')
              .action(act(() => tk().then((m) => m.tokenCreate))),
          ),
          'docket token create --project web --scope write --as agent-7',
          "docket token create --project '*' --scope admin --note 'ops'",
        );
        examples(
          common(
            token
              .command('list')
              .summary('list tokens (never their secrets)')
              .action(act(() => tk().then((m) => m.tokenList))),
          ).alias('ls'),
          'docket token list --json',
        );
        examples(
          common(
            token
              .command('revoke')
              .summary('revoke a token at once')
              .argument('<id>', 'the token id (docket token list)')
              .action(act(() => tk().then((m) => m.tokenRevoke))),
          ),
          'docket token revoke 3',
        );
      },
    },
  ],
};
