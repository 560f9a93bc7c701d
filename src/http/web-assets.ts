import { existsSync, readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';

/** One file of the built board, held in memory with its gzip form (the whole board is ~100 KB). */
export interface WebFile {
  readonly body: Buffer;
  readonly gzip: Buffer;
  readonly type: string;
  readonly etag: string;
}

export interface WebAssets {
  readonly index: WebFile;
  /** By file name; the names carry a content hash, so each may be cached for good. */
  readonly assets: ReadonlyMap<string, WebFile>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

function file(path: string): WebFile {
  const body = readFileSync(path);
  return {
    body,
    gzip: gzipSync(body, { level: 9 }),
    type: TYPES[extname(path)] ?? 'application/octet-stream',
    etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
  };
}

// Each app (tests build many) would otherwise read and gzip the same files again; a rebuild changes the stamp.
const loaded = new Map<string, { stamp: number; web: WebAssets }>();

/** Reads the built board (`dist/web`: index.html and assets/*); null when it is not built. */
export function loadWebAssets(root: string): WebAssets | null {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return null;
  const stamp = statSync(index).mtimeMs;
  const hit = loaded.get(root);
  if (hit?.stamp === stamp) return hit.web;
  const assets = new Map<string, WebFile>();
  const dir = join(root, 'assets');
  if (existsSync(dir)) {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isFile() && !entry.name.startsWith('.')) assets.set(entry.name, file(join(dir, entry.name)));
    }
  }
  const web = { index: file(index), assets };
  loaded.set(root, { stamp, web });
  return web;
}

/**
 * Where the built board lives: `dist/web` in the Docket package that runs this code. Found by
 * walking up to Docket's package.json from this module (in the CLI bundle), the running script,
 * and the working folder; null when none has a built board.
 */
export function findWebRoot(): string | null {
  const starts: string[] = [];
  if (typeof __dirname === 'string') starts.push(__dirname);
  if (process.argv[1]) {
    try {
      starts.push(dirname(realpathSync(process.argv[1])));
    } catch {
      // A script path that does not exist (an eval, a REPL) says nothing about where we are.
    }
  }
  starts.push(process.cwd(), join(process.cwd(), 'node_modules', 'docket'));
  for (const start of starts) {
    let dir = start;
    for (let up = 0; up < 8; up++) {
      if (isDocket(dir) && existsSync(join(dir, 'dist', 'web', 'index.html'))) return join(dir, 'dist', 'web');
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return null;
}

function isDocket(dir: string): boolean {
  try {
    return (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown }).name === 'docket';
  } catch {
    return false;
  }
}
