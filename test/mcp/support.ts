import { join } from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Docket } from '../../src/core/docket.js';
import { createMcpServer, type McpServerOptions } from '../../src/mcp/server.js';
import { openDocket } from '../../src/open.js';
import { tempDir } from '../support/temp.js';

/** A fresh store in a temp folder with project `doc`; `cleanup` closes and removes it. */
export async function tempDocket(projects: readonly string[] = ['doc']) {
  const tmp = tempDir('docket-mcp-');
  const path = join(tmp.dir, 'docket.db');
  const docket = await openDocket(path);
  for (const key of projects) await docket.createProject({ key });
  return {
    docket,
    path,
    dir: tmp.dir,
    cleanup: async () => {
      await docket.close();
      tmp.cleanup();
    },
  };
}

/** An SDK client linked in memory to a server over `docket` (the in-process way STYLE.md asks for). */
export async function linkedClient(docket: Docket, options: McpServerOptions = {}) {
  const server = createMcpServer(docket, options);
  const [serverSide, clientSide] = InMemoryTransport.createLinkedPair();
  await server.connect(serverSide);
  const client = new Client({ name: 'docket-test', version: '0.0.0' });
  await client.connect(clientSide);
  return { client, close: () => client.close() };
}

export interface Answer {
  readonly text: string;
  readonly isError: boolean;
}

/** Calls a tool and returns its one text block and whether it is an error. */
export async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<Answer> {
  const r = (await client.callTool({ name, arguments: args })) as CallToolResult;
  const block = r.content[0];
  return { text: block?.type === 'text' ? block.text : JSON.stringify(r.content), isError: r.isError === true };
}

/** Like `call`, but a tool error fails the test with the tool's own line. */
export async function ok(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const a = await call(client, name, args);
  if (a.isError) throw new Error(`${name} ${JSON.stringify(args)} failed: ${a.text}`);
  return a.text;
}

/** Reads a resource and returns its one text content. */
export async function readText(client: Client, uri: string): Promise<string> {
  const { contents } = await client.readResource({ uri });
  const c = contents[0];
  if (!c || !('text' in c)) throw new Error(`${uri} has no text content: ${JSON.stringify(contents)}`);
  return c.text;
}
