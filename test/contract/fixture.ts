import { afterEach, beforeEach, expect } from 'vitest';
import type { Docket, Project } from '../../src/core/docket.js';
import type { TicketRef } from '../../src/core/context.js';
import type { Backend } from './backends.js';

/** A fresh store per test with one project `doc` acting as alice, and a clock the test can move. */
export interface Fixture {
  docket: Docket;
  doc: Project;
  /** Milliseconds since the epoch as the store sees them; tests move it forward with `advance`. */
  now: number;
  advance(ms: number): void;
}

export const START = Date.UTC(2025, 0, 1);

export function useFixture(backend: Backend): Fixture {
  let cleanup: () => Promise<void> = async () => {};
  const fx = {
    now: START,
    advance(ms: number) {
      fx.now += ms;
    },
  } as Fixture;
  beforeEach(async () => {
    fx.now = START;
    const opened = await backend.open(() => fx.now);
    cleanup = opened.cleanup;
    fx.docket = opened.docket;
    await fx.docket.createProject({ key: 'doc' });
    fx.doc = fx.docket.project('doc', { actor: 'alice' });
  });
  afterEach(() => cleanup());
  return fx;
}

/** Everything a rejected write must leave untouched. */
export async function snapshot(doc: Project, ref?: TicketRef) {
  const [changes, audit, entities, categories, schema] = await Promise.all([
    doc.changes(0, 1000),
    doc.audit(0, 1000),
    doc.entities(),
    doc.categories(),
    doc.schema(),
  ]);
  const about = ref === undefined ? undefined : await doc.detail(ref, { history: 1000 });
  return { changes: changes.length, audit: audit.length, entities, categories, schema, about };
}

/** Runs `write`, expects it to fail with `code`, and checks that nothing at all changed. */
export async function expectRefused(
  doc: Project,
  ref: TicketRef | undefined,
  write: () => Promise<unknown>,
  code: string,
  details?: Record<string, unknown>,
): Promise<void> {
  const before = await snapshot(doc, ref);
  const rejection = expect(write()).rejects;
  await rejection.toMatchObject(details ? { code, details } : { code });
  expect(await snapshot(doc, ref)).toEqual(before);
}
