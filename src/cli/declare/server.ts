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
              .option('--no-webhooks', 'do not deliver webhooks from this server')
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
    {
      names: ['webhook', 'webhooks'],
      declare: declareWebhooks,
    },
  ],
};

/** `docket webhook …` (subscriptions and their log) and `docket webhooks run` (the delivery worker). */
function declareWebhooks(program: Command): void {
  const wh = () => import('../commands/webhook.js');
  const hook = program
    .command('webhook')
    .summary("send the project's changes to other systems, signed and retried (docs/webhooks.md)");
  examples(
    common(
      hook
        .command('add')
        .summary("subscribe a URL to the project's changes (the signing secret is printed once)")
        .argument('<url>', 'http:// or https:// URL that receives a POST per event')
        .option('--events <kinds>', 'only these kinds, comma-separated: created, updated, moved, commented, …')
        .option('--secret <secret>', 'the signing secret (at least 16 characters; default: a new random one)')
        .option('--format <format>', 'json (default: the event with the ticket) or slack ({ "text": … })')
        .option('--type <type>', 'only tickets of this type')
        .option('--label <label>', 'only tickets with this label')
        .action(renameFormat(act(() => wh().then((m) => m.webhookAdd)))),
    ),
    'docket webhook add https://ci.example.com/docket --events created,moved',
    'docket webhook add https://hooks.slack.com/services/T0/B0/XYZ --format slack --label release',
    'docket config set webhook_allow_private true   # to send to localhost or a private network',
  );
  examples(
    common(
      hook
        .command('ls')
        .summary('list webhooks (never their secrets)')
        .action(act(() => wh().then((m) => m.webhookList))),
    ).alias('list'),
    'docket webhook ls --json',
  );
  examples(
    common(
      hook
        .command('rm')
        .summary('delete a webhook and its delivery log')
        .argument('<id>', 'the webhook id (docket webhook ls)')
        .action(act(() => wh().then((m) => m.webhookRemove))),
    ).alias('remove'),
    'docket webhook rm 2',
  );
  examples(
    common(
      hook
        .command('pause')
        .summary('stop sending; events wait in order until resume')
        .argument('<id>', 'the webhook id')
        .option('--reason <text>', 'why, shown by docket webhook ls')
        .action(act(() => wh().then((m) => m.webhookPause))),
    ),
    "docket webhook pause 2 --reason 'receiver down for maintenance'",
  );
  examples(
    common(
      hook
        .command('resume')
        .summary('send again, starting with what waited')
        .argument('<id>', 'the webhook id')
        .action(act(() => wh().then((m) => m.webhookResume))),
    ),
    'docket webhook resume 2',
  );
  examples(
    common(
      hook
        .command('test')
        .summary('send a signed ping now and print the answer')
        .argument('<id>', 'the webhook id')
        .action(act(() => wh().then((m) => m.webhookTest))),
    ),
    'docket webhook test 2',
  );
  examples(
    common(
      hook
        .command('deliveries')
        .summary('the delivery log, newest first: status, tries, response code, last error')
        .argument('<id>', 'the webhook id')
        .option('--limit <n>', 'how many (default 20)')
        .option('--before <delivery>', 'only deliveries older than this one (the next page)')
        .action(act(() => wh().then((m) => m.webhookDeliveries))),
    ),
    'docket webhook deliveries 2 --limit 50 --json',
  );
  examples(
    common(
      hook
        .command('redeliver')
        .summary('send a delivery again, with the same delivery id, in its place in order')
        .argument('<delivery>', 'the delivery id (docket webhook deliveries)')
        .action(act(() => wh().then((m) => m.webhookRedeliver))),
    ),
    'docket webhook redeliver 118',
  );
  const run = program.command('webhooks').summary('run the webhook delivery worker');
  examples(
    common(
      run
        .command('run')
        .summary('deliver webhooks until stopped (docket serve does this itself)')
        .option('--once', 'send what is due now, then exit')
        .action(act(() => wh().then((m) => m.webhooksRun))),
    ),
    'docket webhooks run',
    'docket -d postgres://db/docket webhooks run   # beside servers run with --no-webhooks, or as well as them',
  );
}

/** `webhook add --format` names the body posted, not the output format every command reads from -f/--format. */
function renameFormat(action: (...args: unknown[]) => Promise<void>) {
  return (...args: unknown[]): Promise<void> => {
    const cmd = args[args.length - 1] as Command;
    const value = cmd.getOptionValue('format') as string | undefined;
    cmd.setOptionValue('format', undefined);
    cmd.setOptionValue('hookFormat', value);
    return action(...args);
  };
}
