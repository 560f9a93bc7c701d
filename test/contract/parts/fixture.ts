import { afterEach, beforeEach } from 'vitest';
import type { Store, StoreReader, StoreTx } from '../../../src/store/store.js';
import type { NewTicket, TicketRecord } from '../../../src/store/tickets.js';
import type { StoreBackend } from './stores.js';

export const T0 = Date.UTC(2025, 0, 1);

/**
 * A fresh store per test holding project `doc`. `write` and `read` name the project first in every
 * transaction, as core does: on PostgreSQL with a schema per project, methods that name only a ticket
 * (`tickets.update`, `links.of`, …) act in the project the transaction last named.
 */
export interface PartsFixture {
  store: Store;
  /** Project `doc`'s id. */
  doc: number;
  write<T>(fn: (tx: StoreTx) => Promise<T>, key?: string): Promise<T>;
  read<T>(fn: (tx: StoreReader) => Promise<T>, key?: string): Promise<T>;
}

export function useStore(backend: StoreBackend): PartsFixture {
  let cleanup: () => Promise<void> = async () => {};
  const fx = {
    async write<T>(fn: (tx: StoreTx) => Promise<T>, key = 'doc') {
      return fx.store.write(async (tx) => {
        await tx.projects.byKey(key);
        return fn(tx);
      });
    },
    async read<T>(fn: (tx: StoreReader) => Promise<T>, key = 'doc') {
      return fx.store.read(async (tx) => {
        await tx.projects.byKey(key);
        return fn(tx);
      });
    },
  } as PartsFixture;
  beforeEach(async () => {
    const opened = await backend.open();
    cleanup = opened.cleanup;
    fx.store = opened.store;
    fx.doc = await fx.store.write((tx) => addProject(tx, 'doc'));
  });
  afterEach(() => cleanup());
  return fx;
}

export function addProject(tx: StoreTx, key: string): Promise<number> {
  return tx.projects.insert({ key, name: key.toUpperCase(), schema: '{"v":1}', at: T0 });
}

/** A ticket's fields with plain defaults; `number` must be set (see `addTicket`). */
export function draft(projectId: number, number: number, fields: Partial<NewTicket> = {}): NewTicket {
  return {
    projectId,
    number,
    type: 'task',
    title: `ticket ${number}`,
    description: '',
    status: 'todo',
    priority: 'medium',
    priorityRank: 2,
    assignee: null,
    category: null,
    labels: [],
    createdBy: 'alice',
    createdAt: T0,
    updatedAt: T0,
    closedAt: null,
    leaseUntil: null,
    dueAt: null,
    dueDay: false,
    estimate: null,
    milestone: null,
    fields: null,
    ...fields,
  };
}

/** Inserts a ticket numbered by the project's counter; returns it as stored. */
export async function addTicket(
  tx: StoreTx,
  projectId: number,
  fields: Partial<NewTicket> = {},
): Promise<TicketRecord> {
  const number = await tx.projects.nextNumber(projectId);
  await tx.tickets.insert(draft(projectId, number, fields));
  return (await tx.tickets.get(projectId, number))!;
}
