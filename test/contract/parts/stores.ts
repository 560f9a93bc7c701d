import { join } from 'node:path';
import { openStore } from '../../../src/open.js';
import type { Store } from '../../../src/store/store.js';
import { freshSchema, PG_ENABLED } from '../../support/postgres.js';
import { tempDir } from '../../support/temp.js';

/**
 * The backends the per-part contract tests run against, as bare stores (no core): every file here
 * loops over this list, as test/contract/backends.ts does for Docket.
 */
export interface StoreBackend {
  readonly name: string;
  /** A fresh, empty store. */
  open(): Promise<{ store: Store; cleanup: () => Promise<void> }>;
}

/** PostgreSQL in a fresh schema of the test database (DOCKET_TEST_PG_URL; `off` leaves it out). */
function postgres(name: string, tenancy: 'shared' | 'schema'): StoreBackend {
  return {
    name,
    async open() {
      const db = await freshSchema();
      const store = await openStore(db.url, { postgres: { schema: db.schema, tenancy } });
      return {
        store,
        cleanup: async () => {
          await store.close();
          await db.drop();
        },
      };
    },
  };
}

export const STORES: readonly StoreBackend[] = [
  {
    name: 'sqlite',
    async open() {
      const tmp = tempDir('docket-parts-');
      const store = await openStore(join(tmp.dir, 'docket.db'));
      return {
        store,
        cleanup: async () => {
          await store.close();
          tmp.cleanup();
        },
      };
    },
  },
  ...(PG_ENABLED ? [postgres('postgres', 'shared'), postgres('postgres-schema-per-project', 'schema')] : []),
];
