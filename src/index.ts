// The public API. Each export is a decision: say why it is public when adding one.

// Entry points: open a store and work with its projects.
export { Docket, Project, type ActOptions } from './core/docket.js';
export { openDocket, openStore, type OpenOptions } from './open.js';
// Result shapes of the operations, for typed callers.
export type {
  Board,
  BoardColumn,
  BoardOptions,
  DetailOptions,
  EntityCount,
  Page,
  SearchResult,
  TicketDetail,
} from './core/queries.js';
export type { CloseOptions, CommentResult, WriteOptions } from './core/tickets.js';
export type { ClaimOptions } from './core/claims.js';
export type { NewProject } from './core/projects.js';
export type { UnlinkTarget } from './core/links.js';
// Planning: milestones with progress and burn-down, custom field declarations (docs/planning.md).
export type { BurnDown, Milestone, MilestoneEdit, MilestoneInput, RemoveMilestoneOptions } from './core/milestones.js';
export type { FieldDef, FieldType, FieldValue } from './domain/fields.js';
export type { TicketRef } from './core/context.js';
// Errors are data: callers branch on `code`.
export {
  type AnyDocketError,
  DocketError,
  ERROR_CODES,
  type ErrorCode,
  type ErrorDetails,
  isDocketError,
} from './domain/errors.js';
// The data model.
export type { Ticket } from './domain/ticket.js';
export type {
  AuditEntry,
  Category,
  Comment,
  Entity,
  EntityKind,
  HistoryEntry,
  Project as ProjectInfo,
} from './domain/records.js';
export { LINK_TYPES, type Link, type LinkRelation, type LinkType } from './domain/links.js';
export { EVENT_KINDS, type ChangeEvent, type EventKind } from './domain/events.js';
// Commits, branches and pull requests on tickets, for callers that feed Docket from git themselves.
export {
  REFERENCE_KINDS,
  type Reference,
  type ReferenceInput,
  type ReferenceKind,
  mentions,
  pullUrls,
} from './domain/references.js';
export type { CommitInfo, CommitOptions, CommitOutcome, ReferenceResult } from './core/references.js';
// Workflows and schema files, for hosts that configure projects in code.
export { DEFAULT_WORKFLOWS, type Workflow } from './domain/workflow.js';
export { DEFAULT_PRIORITIES, defaultSchema, type ProjectSchema } from './domain/project-schema.js';
export { parseSchemaFile, type SchemaFile } from './domain/schema-file.js';
export { OPTION_KEYS, type OptionKey, type Options } from './domain/options.js';
// Input types, so callers can build requests with checking.
export type {
  CommentInput,
  CreateInput,
  EntityInput,
  ListQuery,
  ReadyQuery,
  SearchInput,
  UpdateInput,
} from './domain/inputs.js';
// API tokens and scopes, for hosts that put Docket behind their own HTTP server.
export { SCOPES, type Scope as TokenScope, scopeAllows, type TokenInfo, tokenReaches } from './domain/access.js';
export type { TokenInput } from './core/tokens.js';
// Moving projects in and out (lossless JSONL, BlinkDesk databases) and checking a database, for hosts and scripts.
export { doctor, exportProject, importBlinkdesk, importProject } from './transfer.js';
export type { DoctorReport } from './core/transfer/doctor.js';
// Moving a whole store between SQLite and PostgreSQL, for scripts that do what `docket migrate` does.
export { type MigrateOptions, type MigrateProgress, type MigrateResult, migrateStore } from './transfer.js';
export { EXPORT_FORMAT, EXPORT_VERSION } from './core/transfer/format.js';
// Importing (and re-importing) other trackers' exports, for scripts that do what `docket import --from` does.
export { importFrom, readImport } from './transfer.js';
export { IMPORT_KINDS, type ImportKind } from './core/transfer/importers/import-item.js';
export { type MappingRule, parseMappingRules } from './core/transfer/importers/mapping.js';
export type { SourceImportOptions, SourceImportResult } from './core/transfer/importers/import-source.js';
export type { ImportSummary } from './core/transfer/importers/write-import.js';
// The storage contract, for alternative backends and hosts that provide their own.
export type { Maintenance, Store, StoreReader, StoreTx } from './store/store.js';
// Webhooks: subscription and delivery shapes, the delivery worker for hosts that do not run
// `docket serve`, and the signature helper so a receiver written in Node can check requests.
export type { DeliveryInfo, PingResult, WebhookInfo, WebhookInput } from './core/webhooks.js';
export type { WebhookPayload } from './core/webhook-payload.js';
export { WebhookWorker, type WebhookWorkerOptions } from './core/webhook-worker.js';
export { signature as webhookSignature } from './core/webhook-send.js';
