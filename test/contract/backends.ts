import { join } from 'node:path';
import type { Docket } from '../../src/core/docket.js';
import { openDocket } from '../../src/open.js';
import { freshSchema, PG_ENABLED } from '../support/postgres.js';
import { tempDir } from '../support/temp.js';

/**
 * The backends the contract suite runs against. Every test file in test/contract loops over this
 * list, so a new backend gets the whole suite by adding one entry.
 */
export interface Backend {
  readonly name: string;
  /** A fresh, empty store; `clock` fixes timestamps where a test needs it. */
  open(clock?: () => number): Promise<{ docket: Docket; cleanup: () => Promise<void> }>;
}

/** PostgreSQL in a fresh schema of the test database (DOCKET_TEST_PG_URL; `off` leaves it out). */
function postgres(name: string, tenancy: 'shared' | 'schema'): Backend {
  return {
    name,
    async open(clock) {
      const db = await freshSchema();
      const docket = await openDocket(db.url, {
        ...(clock ? { clock } : {}),
        postgres: { schema: db.schema, tenancy },
      });
      return {
        docket,
        cleanup: async () => {
          await docket.close();
          await db.drop();
        },
      };
    },
  };
}

export const BACKENDS: readonly Backend[] = [
  {
    name: 'sqlite',
    async open(clock) {
      const tmp = tempDir();
      const docket = await openDocket(join(tmp.dir, 'docket.db'), clock ? { clock } : {});
      return {
        docket,
        cleanup: async () => {
          await docket.close();
          tmp.cleanup();
        },
      };
    },
  },
  ...(PG_ENABLED ? [postgres('postgres', 'shared'), postgres('postgres-schema-per-project', 'schema')] : []),
];
