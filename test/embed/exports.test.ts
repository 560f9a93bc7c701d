import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBuilt, ROOT } from '../mcp/binary.js';

/** Runs an ES module snippet from the package root, where `docket/…` resolves through package.json exports. */
function node(code: string, args: readonly string[] = []): string {
  return execFileSync(process.execPath, [...args, '--input-type=module', '-e', code], {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  }).trim();
}

/** A loader hook that refuses the heavy dependencies: importing `docket` must not need them. */
const REFUSE_HEAVY =
  'data:text/javascript,' +
  encodeURIComponent(
    `import { register } from 'node:module';
     register('data:text/javascript,' + encodeURIComponent(\`
       export async function resolve(specifier, context, next) {
         const r = await next(specifier, context);
         if (/node_modules\\\\/(pg|fastify|@modelcontextprotocol)\\\\//.test(r.url)) throw new Error('loaded ' + r.url);
         return r;
       }\`));`,
  );

describe('package subpaths (the built package)', () => {
  beforeAll(() => ensureBuilt(), 120_000);

  it('exposes the embedding API and the faces under docket/embed, docket/postgres, docket/mcp and docket/http', () => {
    const out = node(`
      const embed = await import('docket/embed');
      const postgres = await import('docket/postgres');
      const mcp = await import('docket/mcp');
      const http = await import('docket/http');
      console.log([typeof embed.registerDocket, typeof postgres.openPostgresStore, typeof postgres.docketMigrations,
        typeof postgres.projectSchemaDdl, typeof mcp.registerTools, typeof http.docketRoutes].join(' '));
    `);
    expect(out).toBe('function function function function function function');
  });

  it('keeps `import "docket"` free of pg, fastify and the MCP SDK', () => {
    expect(
      node("const d = await import('docket'); console.log(typeof d.openDocket);", ['--import', REFUSE_HEAVY]),
    ).toBe('function');
    // The hook does bite: the embedding entry needs those packages.
    expect(() => node("await import('docket/postgres');", ['--import', REFUSE_HEAVY])).toThrow(
      /loaded .*node_modules\/pg\//,
    );
  });
});
