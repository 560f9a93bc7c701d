import { Docket } from '../../src/core/docket.js';
import { STORES } from './parts/stores.js';

/**
 * The backends the contract suite runs against: the stores of ./parts/stores.ts (SQLite, and
 * PostgreSQL in both tenancy modes unless DOCKET_TEST_PG_URL is `off`), each behind a Docket. Every
 * test file in test/contract loops over this list, so a new backend gets the whole suite by adding
 * one entry there.
 */
export interface Backend {
  readonly name: string;
  /** A fresh, empty store; `clock` fixes timestamps where a test needs it. */
  open(clock?: () => number): Promise<{ docket: Docket; cleanup: () => Promise<void> }>;
}

export const BACKENDS: readonly Backend[] = STORES.map((backend) => ({
  name: backend.name,
  async open(clock) {
    const { store, cleanup } = await backend.open();
    return { docket: new Docket(store, clock), cleanup };
  },
}));
