// Compiles src/ to dist/ with tsc (library and types), bundles the CLI with esbuild, then stamps the
// build for ensure.mjs.
import { execFileSync, execSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
if (process.argv.includes('--web-only')) {
  // A quick loop while working on the board: rebundle dist/web only (the stamp is left alone).
  await bundleWeb(join(dist, 'web.next'));
  rmSync(join(dist, 'web'), { recursive: true, force: true });
  renameSync(join(dist, 'web.next'), join(dist, 'web'));
  process.exit(0);
}
if (process.argv.includes('--cli-only')) {
  // A quick loop while working on the CLI: rebundle dist/cli only. It leaves the stamp alone, so the
  // next ensure.mjs still does a full build.
  const next = join(root, 'node_modules/.cache', `docket-cli-${process.pid}`);
  await bundleCli(next, join(dist, 'cli'));
  rmSync(`${next}-old`, { recursive: true, force: true });
  if (existsSync(join(dist, 'cli'))) renameSync(join(dist, 'cli'), `${next}-old`);
  renameSync(next, join(dist, 'cli'));
  rmSync(`${next}-old`, { recursive: true, force: true });
  process.exit(0);
}
// The stamp carries the time the build started, so a source saved during the build still counts as newer.
const started = new Date();
// Build beside dist/ and swap it in at the end: whatever runs from dist/ meanwhile (tests, a server,
// another build's ensure check) never sees a half-built tree.
const staging = join(root, 'node_modules/.cache', `docket-build-${process.pid}`);
rmSync(staging, { recursive: true, force: true });
try {
  execSync(`npx tsc -p tsconfig.json --outDir ${JSON.stringify(staging)}`, { cwd: root, stdio: 'inherit' });
  await bundleCli(join(staging, 'cli'), join(dist, 'cli'));
  await bundleWeb(join(staging, 'web'));
  mkdirSync(staging, { recursive: true });
  writeFileSync(join(staging, '.built'), started.toISOString());
  utimesSync(join(staging, '.built'), started, started);
  const old = `${staging}-old`;
  if (existsSync(dist)) renameSync(dist, old);
  renameSync(staging, dist);
  rmSync(old, { recursive: true, force: true });
} finally {
  rmSync(staging, { recursive: true, force: true });
}

/**
 * The CLI is bundled because startup is most of a CLI command's time (docs/cli.md, "Startup").
 * dist/cli/docket.js holds the command table, every command, the core and the database code in one
 * CommonJS file: Node 20 loads that noticeably faster than the same code as ES modules in chunks, and
 * esbuild keeps each `import()`ed module in a function that runs on first use, so a command still
 * initialises only what it needs. dist/cli/main.js (scripts/cli-loader.cjs) runs it from V8's code
 * cache. The server commands (serve, mcp) live in dist/cli/server.js with their own copy of
 * everything (see src/cli/server-commands.ts), so fastify and the MCP SDK never weigh on the others.
 * Each bundle has a source map beside it, for `--debug` stacks (scripts/cli-source-maps.cjs); `dest`
 * is where `out` will be once it is swapped in, which the maps' paths are written for.
 */
async function bundleCli(out, dest) {
  const { build } = await import('esbuild');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  // package.json says "type": "module"; this folder's files are CommonJS.
  writeFileSync(join(out, 'package.json'), '{ "type": "commonjs" }\n');
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const common = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    minifySyntax: true,
    minifyWhitespace: true,
    // native or optional at run time; pg only loads for a postgres:// database
    external: ['better-sqlite3', 'pg', 'pg-native'],
    define: { DOCKET_VERSION: JSON.stringify(pkg.version) },
    logLevel: 'warning',
    legalComments: 'none',
    // Read only under --debug. The sources' text stays out (it would triple the package): a stack line
    // needs only a file, line and column in src/, which name the code of this version.
    sourcemap: 'linked',
    sourcesContent: false,
  };
  // In the main bundle, server-commands is a require() of the server bundle. A require, not an import():
  // the loader runs docket.js from V8's code cache, where a dynamic import() has no loader to call.
  // The same for pg, which the PostgreSQL store import()s.
  const viaRequire = {
    name: 'via-require',
    setup(b) {
      const target = { server: './server.js', pg: 'pg' };
      b.onResolve({ filter: /\/server-commands\.js$/ }, () => ({ path: 'server', namespace: 'via-require' }));
      b.onResolve({ filter: /^pg$/ }, (args) =>
        args.namespace === 'via-require' ? { path: 'pg', external: true } : { path: 'pg', namespace: 'via-require' },
      );
      b.onResolve({ filter: /^\.\/server\.js$/, namespace: 'via-require' }, () => ({
        path: './server.js',
        external: true,
      }));
      b.onLoad({ filter: /.*/, namespace: 'via-require' }, ({ path }) => ({
        contents: `module.exports = require(${JSON.stringify(target[path])});`,
        loader: 'js',
      }));
    },
  };
  const main = await build({
    ...common,
    entryPoints: [join(root, 'src/cli/main.ts')],
    outfile: join(out, 'docket.js'),
    // The wrapper Node puts around a CommonJS module, written out here so that the loader compiles the
    // file's text as it is, without copying half a megabyte of source to add it.
    banner: { js: '(function (exports, require, module, __filename, __dirname) {' },
    footer: { js: '})' },
    plugins: [viaRequire, lazyBuiltins(), await zodMembersOnly()],
    metafile: true,
  });
  const dynamic = Object.values(main.metafile.outputs).flatMap((o) =>
    o.imports.filter((i) => i.kind === 'dynamic-import'),
  );
  if (dynamic.length)
    throw new Error(`the CLI bundle must not import() at run time: ${dynamic.map((i) => i.path).join(', ')}`);
  await build({ ...common, entryPoints: [join(root, 'src/cli/server-commands.ts')], outfile: join(out, 'server.js') });
  relocateMaps(out, dest);
  copyFileSync(join(root, 'scripts/cli-loader.cjs'), join(out, 'main.js'));
  copyFileSync(join(root, 'scripts/cli-source-maps.cjs'), join(out, 'source-maps.cjs'));
  chmodSync(join(out, 'main.js'), 0o755);
  writeCodeCache(out);
}

/**
 * esbuild writes each map's `sources` relative to the folder it builds in, which is renamed to `dest`
 * afterwards (and the staging folder is deleted): rewrite them relative to `dest`, so that from
 * dist/cli they reach ../../src/… here and in an installed package alike.
 */
function relocateMaps(out, dest) {
  for (const name of readdirSync(out).filter((n) => n.endsWith('.js.map'))) {
    const file = join(out, name);
    const map = JSON.parse(readFileSync(file, 'utf8'));
    map.sources = map.sources.map((s) => relative(dest, resolve(out, s)));
    writeFileSync(file, JSON.stringify(map));
  }
}

/**
 * Runs `docket init` and `docket ls` on a scratch database, the second with DOCKET_WRITE_CODE_CACHE=1
 * so the loader saves V8's code cache for the bundle as compiled by a typical command. Without a
 * cache the CLI still works, only slower to start, so a failure here is a warning.
 */
function writeCodeCache(out) {
  const scratch = mkdtempSync(join(tmpdir(), 'docket-cache-'));
  const run = (args, env = {}) =>
    execFileSync(process.execPath, [join(out, 'main.js'), '-d', join(scratch, 'cache.db'), ...args], {
      env: { ...process.env, ...env, NO_COLOR: '1' },
      stdio: 'ignore',
    });
  try {
    run(['init']);
    run(['ls', '--limit', '1'], { DOCKET_WRITE_CODE_CACHE: '1' });
  } catch (e) {
    console.warn(`docket build: no code cache for the CLI (${e.message}); it will start a little slower`);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Loading child_process (with net and dgram), crypto, fs/promises, readline and tty (with net) costs
 * a few milliseconds at every start, though `docket ls` into a pipe calls none of them. This plugin gives the bundle
 * stand-ins whose functions load the real module on first call. Only plain functions are forwarded;
 * the names come from the sources' `import { … } from 'node:…'` lines, checked against the module.
 */
function lazyBuiltins() {
  // the functions taken from each; commander's spawn is for external subcommands docket does not have
  const names = {
    'node:child_process': ['spawn'],
    'node:crypto': [],
    'node:fs/promises': [],
    'node:readline': [],
    'node:tty': [],
  };
  const scan = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) scan(path);
      else if (path.endsWith('.ts')) {
        for (const m of readFileSync(path, 'utf8').matchAll(/import\s*\{([^}]*)\}\s*from\s*'(node:[\w/]+)'/g)) {
          if (m[2] in names)
            names[m[2]].push(
              ...m[1]
                .split(',')
                .map((n) => n.trim().split(/\s+as\s+/)[0])
                .filter(Boolean),
            );
        }
      }
    }
  };
  scan(join(root, 'src'));
  const require = createRequire(import.meta.url);
  return {
    name: 'lazy-builtins',
    setup(b) {
      b.onResolve({ filter: /^node:(child_process|crypto|fs\/promises|readline|tty)$/ }, (args) => ({
        path: args.path,
        namespace: 'lazy-builtin',
      }));
      b.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, ({ path }) => {
        const real = require(path);
        const fns = [...new Set(names[path])].filter((n) => n !== 'type');
        for (const n of fns) {
          if (typeof real[n] !== 'function') throw new Error(`lazy-builtins: ${path} ${n} is not a function`);
        }
        const id = JSON.stringify(path.slice(5));
        const body = fns.map(
          (n) => `export function ${n}(...a) { const f = load().${n}; return new.target ? new f(...a) : f(...a); }`,
        );
        return {
          contents: `let real;\nconst load = () => (real ??= require(${id}));\n${body.join('\n')}\n`,
          loader: 'js',
        };
      });
    },
  };
}

/** Every `z.name` the sources use (scanned, so a new use is picked up by the next build). */
function zodMembers(dir, found = new Set()) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) zodMembers(path, found);
    else if (path.endsWith('.ts') && !path.endsWith('.test.ts')) {
      for (const m of readFileSync(path, 'utf8').matchAll(/\bz\.([A-Za-z_$][\w$]*)/g)) found.add(m[1]);
    }
  }
  return found;
}

/**
 * zod's `z` namespace pulls in all of zod (every locale, JSON-schema conversion) because a bundler
 * cannot tell which members are used. This plugin hands the CLI a `z` holding only the members the
 * sources name, which cuts the bundle by two thirds and its start by about 12 ms. A member the scan
 * missed fails loudly with its name rather than as `undefined is not a function`.
 */
async function zodMembersOnly() {
  const external = join(dirname(createRequire(import.meta.url).resolve('zod/package.json')), 'v4/classic/external.js');
  // Type-only names (z.infer, z.ZodRawShape) have no value to pick.
  const exported = new Set(Object.keys(await import(external)));
  const names = [...zodMembers(join(root, 'src'))].filter((n) => exported.has(n)).sort();
  const contents = `import * as all from ${JSON.stringify(external)};
const picked = { ${names.map((n) => `${n}: all.${n}`).join(', ')} };
export const z = new Proxy(picked, {
  get(target, key) {
    if (typeof key === 'string' && !(key in target)) throw new Error('z.' + key + ' is not in the CLI bundle; rebuild with npm run build');
    return target[key];
  },
});
export default z;`;
  return {
    name: 'zod-members-only',
    setup(b) {
      // Only Docket's own sources get the trimmed `z`; libraries that use zod (the MCP SDK) get all of it.
      b.onResolve({ filter: /^zod$/ }, (args) =>
        args.importer.startsWith(join(root, 'src/')) ? { path: 'zod', namespace: 'zod-members-only' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'zod-members-only' }, () => ({ contents, resolveDir: root, loader: 'js' }));
    },
  };
}

/**
 * The web board (src/web, served at / by `docket serve`): one script and one stylesheet for
 * browsers, named by content hash so the server can let browsers keep them for good, and an
 * index.html that points at them. Everything is in the package: no CDN, works offline.
 */
async function bundleWeb(out) {
  const { build } = await import('esbuild');
  rmSync(out, { recursive: true, force: true });
  const result = await build({
    entryPoints: { app: join(root, 'src/web/main.tsx') },
    outdir: join(out, 'assets'),
    entryNames: '[name]-[hash]',
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome111', 'firefox115', 'safari16.4'],
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    tsconfig: join(root, 'src/web/tsconfig.json'),
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const built = Object.keys(result.metafile.outputs).map((p) => p.slice(p.lastIndexOf('/') + 1));
  const script = built.find((n) => n.endsWith('.js'));
  const style = built.find((n) => n.endsWith('.css'));
  if (!script || !style) throw new Error(`the web bundle is missing its script or stylesheet: ${built.join(', ')}`);
  const page = readFileSync(join(root, 'src/web/index.html'), 'utf8');
  writeFileSync(join(out, 'index.html'), page.replace('%SCRIPT%', script).replace('%STYLE%', style));
}
