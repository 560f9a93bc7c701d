import { invalid } from '../domain/errors.js';
import type { ChangeEvent } from '../domain/events.js';
import {
  type CommentInput,
  type CreateInput,
  type ListQuery,
  type ReadyQuery,
  type SearchInput,
  SlugSchema,
  type UpdateInput,
} from '../domain/inputs.js';
import type { Link, LinkType } from '../domain/links.js';
import type { Options } from '../domain/options.js';
import type { ProjectSchema } from '../domain/project-schema.js';
import type { Reference, ReferenceInput } from '../domain/references.js';
import type { AuditEntry, Category, Comment, Entity, HistoryEntry } from '../domain/records.js';
import { isSlug, toSlug } from '../domain/slug.js';
import type { Ticket } from '../domain/ticket.js';
import type { Workflow } from '../domain/workflow.js';
import * as audit from './audit.js';
import * as batch from './batch.js';
import * as blocked from './blocked.js';
import * as claims from './claims.js';
import type { Scope, TicketRef } from './context.js';
import * as directory from './directory.js';
import * as links from './links.js';
import * as milestones from './milestones.js';
import * as pages from './pages.js';
import * as q from './queries.js';
import * as references from './references.js';
import * as schemaAdmin from './schema-admin.js';
import * as tickets from './tickets.js';
import type { ImportKind } from './transfer/importers/import-item.js';
import {
  importSource,
  type SourceImportOptions,
  type SourceImportResult,
  type TicketSource,
  ticketSources,
} from './transfer/importers/import-source.js';
import type { ImportInput } from './transfer/importers/parse-import.js';
import * as webhooks from './webhooks.js';

/**
 * The actor as an entity slug, checked once here for every face: an actor becomes an entity on its
 * first write, so it must be a name `docket entity` could have made. Spaces and capitals are folded
 * as for any slug (`Alice Smith` acts as `alice-smith`); anything else is refused.
 */
export function actorName(actor: string | null | undefined): string | null {
  if (actor === undefined || actor === null) return null;
  if (isSlug(actor)) return actor;
  const parsed = SlugSchema.safeParse(actor);
  if (parsed.success) return parsed.data;
  const example = toSlug(actor)
    .replace(/[^\p{L}\p{N}_.:@-]/gu, '')
    .replace(/^[_.:@-]+/, '')
    .slice(0, 64);
  const issue = parsed.error.issues[0]?.message ?? 'is not a slug';
  throw invalid(`actor '${actor}' is not a valid name (${issue}); name it as an entity, e.g. '${example || 'alice'}'`, {
    field: 'actor',
    value: actor,
  });
}

/** Every operation on one project's tickets, as one entity. Each write is one transaction. */
export class Project {
  constructor(private readonly scope: Scope) {}

  get key(): string {
    return this.scope.project;
  }
  get actor(): string | null {
    return this.scope.actor;
  }
  /** The same project, acting as someone else. */
  as(actor: string | null): Project {
    return new Project({ ...this.scope, actor: actorName(actor) });
  }

  // tickets
  create(input: CreateInput): Promise<Ticket> {
    return tickets.createTicket(this.scope, input);
  }
  get(ref: TicketRef): Promise<Ticket> {
    return q.getTicket(this.scope, ref);
  }
  /** The ticket with its links, comments and history. */
  detail(ref: TicketRef, options?: q.DetailOptions): Promise<q.TicketDetail> {
    return q.ticketDetail(this.scope, ref, options);
  }
  update(ref: TicketRef, input: UpdateInput, options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.updateTicket(this.scope, ref, input, options);
  }
  move(ref: TicketRef, status: string, options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.moveTicket(this.scope, ref, status, options);
  }
  close(ref: TicketRef, options?: tickets.CloseOptions): Promise<Ticket> {
    return tickets.closeTicket(this.scope, ref, options);
  }
  reopen(ref: TicketRef, options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.reopenTicket(this.scope, ref, options);
  }
  assign(ref: TicketRef, entity: string, options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.updateTicket(this.scope, ref, { assignee: entity }, options);
  }
  unassign(ref: TicketRef, options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.updateTicket(this.scope, ref, { assignee: null }, options);
  }
  setCategory(ref: TicketRef, category: string | null, options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.updateTicket(this.scope, ref, { category }, options);
  }
  setPriority(ref: TicketRef, priority: string, options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.updateTicket(this.scope, ref, { priority }, options);
  }
  addLabels(ref: TicketRef, labels: readonly string[], options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.editLabels(this.scope, ref, labels, [], options);
  }
  removeLabels(ref: TicketRef, labels: readonly string[], options?: tickets.WriteOptions): Promise<Ticket> {
    return tickets.editLabels(this.scope, ref, [], labels, options);
  }
  /** Adds and removes labels in one change. */
  editLabels(
    ref: TicketRef,
    add: readonly string[],
    remove: readonly string[],
    options?: tickets.WriteOptions,
  ): Promise<Ticket> {
    return tickets.editLabels(this.scope, ref, add, remove, options);
  }
  comment(
    ref: TicketRef,
    input: CommentInput | string,
    options?: tickets.WriteOptions,
  ): Promise<tickets.CommentResult> {
    return tickets.commentOn(this.scope, ref, typeof input === 'string' ? { body: input } : input, options);
  }
  comments(ref: TicketRef): Promise<Comment[]> {
    return q.ticketComments(this.scope, ref);
  }
  history(ref: TicketRef, limit?: number): Promise<HistoryEntry[]> {
    return q.ticketHistory(this.scope, ref, limit);
  }
  /** History one cursor page at a time (`next` is the `after` of the next page). */
  historyPage(ref: TicketRef, options?: pages.PageOptions): Promise<q.Page<HistoryEntry>> {
    return pages.historyPage(this.scope, ref, options);
  }
  commentsPage(ref: TicketRef, options?: pages.PageOptions): Promise<q.Page<Comment>> {
    return pages.commentsPage(this.scope, ref, options);
  }
  /** Moves each ticket in its own transaction; per-item results (progress every 50 tickets). */
  batchMove(refs: readonly TicketRef[], status: string, options?: batch.BatchOptions): Promise<batch.BatchItem[]> {
    return batch.batchMove(this.scope, refs, status, options);
  }
  batchClose(
    refs: readonly TicketRef[],
    options?: batch.BatchOptions & { readonly resolution?: string },
  ): Promise<batch.BatchItem[]> {
    return batch.batchClose(this.scope, refs, options);
  }
  batchReopen(refs: readonly TicketRef[], options?: batch.BatchOptions): Promise<batch.BatchItem[]> {
    return batch.batchReopen(this.scope, refs, options);
  }

  // references to commits, branches and pull requests (git integration)
  /** Records a commit, branch or pull request on a ticket; the same key twice changes nothing. */
  reference(ref: TicketRef, input: ReferenceInput): Promise<references.ReferenceResult> {
    return references.referenceTicket(this.scope, ref, input);
  }
  references(ref: TicketRef): Promise<Reference[]> {
    return references.ticketReferences(this.scope, ref);
  }
  /** References the tickets a commit mentions, and closes those it fixes once it is on the default branch. */
  recordCommit(commit: references.CommitInfo, options: references.CommitOptions): Promise<references.CommitOutcome> {
    return references.recordCommit(this.scope, commit, options);
  }

  // links
  link(source: TicketRef, type: LinkType, target: TicketRef): Promise<Link> {
    return links.linkTickets(this.scope, source, type, target);
  }
  unlink(what: links.UnlinkTarget): Promise<{ removed: number }> {
    return links.unlinkTickets(this.scope, what);
  }
  links(ref: TicketRef): Promise<Link[]> {
    return links.listLinks(this.scope, ref);
  }

  // queries
  list(query?: ListQuery): Promise<q.Page<Ticket>> {
    return q.listTickets(this.scope, query);
  }
  search(input: SearchInput | string): Promise<q.SearchResult[]> {
    return q.searchTickets(this.scope, typeof input === 'string' ? { query: input } : input);
  }
  board(options?: q.BoardOptions): Promise<q.Board> {
    return q.board(this.scope, options);
  }
  countByEntity(states?: readonly string[]): Promise<q.EntityCount[]> {
    return q.countByEntity(this.scope, states);
  }
  labels(): Promise<{ label: string; count: number }[]> {
    return q.labelCounts(this.scope);
  }
  /** Tickets opened and closed per UTC day over the last `days` (30) days, today last. */
  flow(days?: number): Promise<q.DayFlow[]> {
    return q.ticketFlow(this.scope, days);
  }
  /** Changes after `afterId`, oldest first, with what each changed. */
  changes(afterId?: number, limit?: number): Promise<ChangeEvent[]> {
    return q.changesSince(this.scope, afterId, limit);
  }
  lastChangeId(): Promise<number> {
    return q.lastChangeId(this.scope);
  }

  // work
  ready(query?: ReadyQuery): Promise<Ticket[]> {
    return claims.readyTickets(this.scope, query);
  }
  /** Open tickets waiting for an open blocker, with their blockers, most urgent first. */
  blocked(limit?: number): Promise<blocked.BlockedTicket[]> {
    return blocked.blockedTickets(this.scope, limit);
  }
  claim(ref: TicketRef, options?: claims.ClaimOptions): Promise<Ticket> {
    return claims.claimTicket(this.scope, ref, options);
  }
  claimNext(query?: ReadyQuery, options?: claims.ClaimOptions): Promise<Ticket | null> {
    return claims.claimNext(this.scope, query, options);
  }
  release(ref: TicketRef, options?: tickets.WriteOptions): Promise<Ticket> {
    return claims.releaseTicket(this.scope, ref, options);
  }

  // schema and administration
  schema(): Promise<ProjectSchema> {
    return schemaAdmin.getSchema(this.scope);
  }
  addState(state: string, options?: schemaAdmin.StateOptions): Promise<ProjectSchema> {
    return schemaAdmin.addState(this.scope, state, options);
  }
  removeState(state: string, options?: { type?: string }): Promise<ProjectSchema> {
    return schemaAdmin.removeState(this.scope, state, options);
  }
  addTransition(from: string, to: string, options?: { type?: string }): Promise<ProjectSchema> {
    return schemaAdmin.addTransition(this.scope, from, to, options);
  }
  removeTransition(from: string, to: string, options?: { type?: string }): Promise<ProjectSchema> {
    return schemaAdmin.removeTransition(this.scope, from, to, options);
  }
  addType(workflow: Workflow): Promise<ProjectSchema> {
    return schemaAdmin.addType(this.scope, workflow);
  }
  addPriority(priority: string, position?: number): Promise<ProjectSchema> {
    return schemaAdmin.addPriority(this.scope, priority, position);
  }
  renamePriority(from: string, to: string): Promise<ProjectSchema> {
    return schemaAdmin.renamePriority(this.scope, from, to);
  }
  removePriority(priority: string): Promise<ProjectSchema> {
    return schemaAdmin.removePriority(this.scope, priority);
  }
  config(): Promise<Record<keyof Options, string>> {
    return schemaAdmin.getConfig(this.scope);
  }
  setConfig(key: string, value: unknown): Promise<Options> {
    return schemaAdmin.setConfig(this.scope, key, value);
  }
  entities(): Promise<Entity[]> {
    return directory.listEntities(this.scope);
  }
  entity(slug: string): Promise<Entity> {
    return directory.getEntity(this.scope, slug);
  }
  addEntity(input: directory.EntityArg): Promise<Entity> {
    return directory.saveEntity(this.scope, typeof input === 'string' ? { slug: input } : input);
  }
  updateEntity(input: directory.EntityArg): Promise<Entity> {
    return directory.saveEntity(this.scope, typeof input === 'string' ? { slug: input } : input, true);
  }
  removeEntity(slug: string, options: { force?: boolean } = {}): Promise<void> {
    return directory.removeEntity(this.scope, slug, options.force);
  }
  categories(): Promise<Category[]> {
    return directory.listCategories(this.scope);
  }
  addCategory(slug: string): Promise<Category> {
    return directory.addCategory(this.scope, slug);
  }
  renameCategory(from: string, to: string): Promise<void> {
    return directory.renameCategory(this.scope, from, to);
  }
  removeCategory(slug: string, options: { force?: boolean } = {}): Promise<void> {
    return directory.removeCategory(this.scope, slug, options.force);
  }
  /**
   * Imports another tracker's export (docs/import.md): tickets created, or updated when imported
   * before; `dryRun` only plans.
   */
  importFrom<K extends ImportKind>(
    kind: K,
    input: ImportInput<K>,
    options?: SourceImportOptions,
  ): Promise<SourceImportResult> {
    return importSource(this.scope, kind, input, options);
  }
  /** Where a ticket was imported from (tracker, id, URL); empty for a ticket made in Docket. */
  importSources(ref: TicketRef): Promise<TicketSource[]> {
    return ticketSources(this.scope, ref);
  }
  audit(after?: number, limit?: number): Promise<AuditEntry[]> {
    return audit.listAudit(this.scope, after, limit);
  }
  pruneAudit(keepDays?: number): Promise<{ removed: number }> {
    return audit.pruneAudit(this.scope, keepDays);
  }

  // --- milestones (docs/planning.md) ---
  milestones(options?: { state?: 'open' | 'closed' | 'all' }): Promise<milestones.Milestone[]> {
    return milestones.listMilestones(this.scope, options);
  }
  milestone(key: string): Promise<milestones.Milestone> {
    return milestones.getMilestone(this.scope, key);
  }
  burnDown(key: string): Promise<milestones.BurnDown> {
    return milestones.burnDown(this.scope, key);
  }
  addMilestone(input: milestones.MilestoneInput): Promise<milestones.Milestone> {
    return milestones.addMilestone(this.scope, input);
  }
  editMilestone(key: string, input: milestones.MilestoneEdit): Promise<milestones.Milestone> {
    return milestones.editMilestone(this.scope, key, input);
  }
  closeMilestone(key: string): Promise<milestones.Milestone> {
    return milestones.closeMilestone(this.scope, key);
  }
  reopenMilestone(key: string): Promise<milestones.Milestone> {
    return milestones.reopenMilestone(this.scope, key);
  }
  removeMilestone(key: string, options?: milestones.RemoveMilestoneOptions): Promise<{ moved: number }> {
    return milestones.removeMilestone(this.scope, key, options);
  }

  // webhooks (docs/webhooks.md)
  webhooks(): Promise<webhooks.WebhookInfo[]> {
    return webhooks.listWebhooks(this.scope);
  }
  webhook(id: number): Promise<webhooks.WebhookInfo> {
    return webhooks.getWebhook(this.scope, id);
  }
  /** Subscribes a URL to this project's changes from now on; the secret is returned this once. */
  addWebhook(input: webhooks.WebhookInput): Promise<webhooks.WebhookInfo & { secret: string }> {
    return webhooks.addWebhook(this.scope, input);
  }
  removeWebhook(id: number): Promise<void> {
    return webhooks.removeWebhook(this.scope, id);
  }
  pauseWebhook(id: number, reason?: string): Promise<webhooks.WebhookInfo> {
    return webhooks.setWebhookActive(this.scope, id, false, reason);
  }
  resumeWebhook(id: number): Promise<webhooks.WebhookInfo> {
    return webhooks.setWebhookActive(this.scope, id, true);
  }
  /** The delivery log, newest first (`before`: a delivery id, for the next page). */
  webhookDeliveries(id: number, options?: { limit?: number; before?: number }): Promise<webhooks.DeliveryInfo[]> {
    return webhooks.listDeliveries(this.scope, id, options);
  }
  redeliver(deliveryId: number): Promise<webhooks.DeliveryInfo> {
    return webhooks.redeliver(this.scope, deliveryId);
  }
  /** Sends a signed `ping` now and reports the answer. */
  testWebhook(id: number): Promise<webhooks.PingResult> {
    return webhooks.pingWebhook(this.scope, id);
  }
}
