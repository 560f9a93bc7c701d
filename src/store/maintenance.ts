/** Database upkeep outside transactions; each backend does what its engine offers and says `unsupported` otherwise. */

export type Setting = 'journal_mode' | 'vacuum_mode' | 'synchronous';

export interface Maintenance {
  integrityCheck(): Promise<string[]>;
  backup(destination: string): Promise<void>;
  vacuum(): Promise<void>;
  /**
   * Brings planner statistics and indexes up to date after many rows arrived at once (a migration,
   * a large import), so the next queries plan as they would on data that grew slowly.
   */
  settle(): Promise<void>;
  getPragma(name: Setting): Promise<string>;
  setPragma(name: Setting, value: string): Promise<string>;
  stats(): Promise<Record<string, number>>;
}
