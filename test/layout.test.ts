import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { STORE_PARTS } from '../src/store/store.js';

/**
 * The shape of the house (docs/architecture.md), checked: the storage contract is one small file per
 * part, each backend has exactly one file per part (and otherwise mirrors the other backend), core
 * never knows which backend it runs on, and no source file grows past a couple of screens.
 */

const ROOT = new URL('..', import.meta.url).pathname;
const SRC = join(ROOT, 'src');
const STORE = join(SRC, 'store');
const BACKENDS = ['sqlite', 'postgres'] as const;
/** Most methods a part's contract may have (its reader and writer together). */
const MAX_PART_METHODS = 12;
const MAX_LINES = 400;

const isSource = (name: string) => /\.tsx?$/.test(name) && !name.endsWith('.test.ts') && !name.endsWith('.d.ts');

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

/** A backend's own files (not `only/`, not tests), named as in the other backend. */
function mirrored(backend: string): string[] {
  return readdirSync(join(STORE, backend))
    .filter(isSource)
    .map((name) => name.replace(`${backend}-`, 'BACKEND-'))
    .sort();
}

/** The methods of the interfaces a contract file declares, by interface name. */
function contractMethods(file: string): Map<string, string[]> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const out = new Map<string, string[]>();
  source.forEachChild((node) => {
    if (!ts.isInterfaceDeclaration(node)) return;
    const methods = node.members.filter(ts.isMethodSignature).map((m) => m.name.getText(source));
    out.set(node.name.text, methods);
  });
  return out;
}

describe('the storage contract, one file per part', () => {
  it.each([...STORE_PARTS, 'maintenance'])('%s has a contract file with at most 12 methods', (part) => {
    const interfaces = contractMethods(join(STORE, `${part}.ts`));
    const methods = [...interfaces.entries()]
      .filter(([name]) => /(Reader|Writer)$/.test(name) || name === 'Maintenance')
      .flatMap(([, m]) => m);
    expect(methods.length, `${part}: ${methods.join(', ')}`).toBeGreaterThan(0);
    expect(methods.length, `${part}: ${methods.join(', ')}`).toBeLessThanOrEqual(MAX_PART_METHODS);
  });
});

describe('the backends mirror each other file for file', () => {
  it('has the same files in sqlite/ and postgres/ (besides their only/ folders and tests)', () => {
    const [sqlite, postgres] = BACKENDS.map(mirrored);
    expect(sqlite).toEqual(postgres);
  });

  it.each(BACKENDS)('%s has one file per part of the contract', (backend) => {
    for (const part of [...STORE_PARTS, 'maintenance']) {
      const file = join(STORE, backend, `${part}.ts`);
      const text = readFileSync(file, 'utf8');
      expect(text, `${backend}/${part}.ts implements its part`).toMatch(/\bclass \w+ implements \w+/);
    }
  });

  it.each(BACKENDS)('%s/only/ files each say why they have no twin', (backend) => {
    const only = join(STORE, backend, 'only');
    for (const name of readdirSync(only).filter(isSource)) {
      const head = readFileSync(join(only, name), 'utf8').slice(0, 600);
      // e.g. `// SQLite only: …`, then why the other backend needs no such file
      expect(head, `${backend}/only/${name}`).toMatch(/^\/[/*][^\n]*\b(SQLite|PostgreSQL) only\b/);
    }
  });
});

describe('core knows no backend', () => {
  const core = walk(join(SRC, 'core')).filter(isSource);

  it('imports neither backend', () => {
    for (const file of core) {
      const text = readFileSync(file, 'utf8');
      expect(text, relative(ROOT, file)).not.toMatch(/from '[./]*\/store\/(sqlite|postgres)\//);
    }
  });

  it('never asks which backend it runs on', () => {
    for (const file of core) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      expect(text, where).not.toMatch(/\.kind\s*[!=]==?\s*'(sqlite|postgres)'/);
      expect(text, where).not.toMatch(/instanceof\s+(Sqlite|Postgres)\w*/);
      expect(text, where).not.toMatch(/\bstore\.kind\b/);
    }
  });
});

describe('files fit on a screen or two', () => {
  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = walk(SRC)
      .filter(isSource)
      .map((file) => ({ file: relative(ROOT, file), lines: readFileSync(file, 'utf8').split('\n').length }))
      .filter((f) => f.lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
