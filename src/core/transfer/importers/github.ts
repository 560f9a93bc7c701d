import {
  BadRecord,
  blankItem,
  type ImportComment,
  type ImportItem,
  ItemCollector,
  type ParseOptions,
  type ParseResult,
  type StatusCategory,
} from './import-item.js';
import { jsonElements } from './json-elements.js';
import { distinct, isObject, type Json, list, text, time } from './source-values.js';
import type { TextInput } from './text-input.js';

// GitHub issues from `gh issue list --json …`, `gh issue view --json … --comments` or the REST API
// (`gh api --paginate repos/O/R/issues?state=all`, comments from `…/issues/comments` in the same array or
// file). gh writes camelCase fields, REST snake_case; both are read. docs/import.md lists the fields.

const WEB = /^https?:\/\/[^/]+\/([^/]+\/[^/]+)\/(?:issues|pull)\/(\d+)/;
const API = /\/repos\/([^/]+\/[^/]+)\/issues\/(\d+)/;

/** `owner/repo#12` from an issue's web or API URL, else `#12`. */
function keyOf(number: number, ...urls: unknown[]): string {
  for (const u of urls) {
    const s = text(u);
    const m = s ? (WEB.exec(s) ?? API.exec(s)) : null;
    if (m) return `${m[1]}#${m[2]}`;
  }
  return `#${number}`;
}

/** The repository part of a key (`owner/repo`), or null for a bare `#12`. */
const repoOf = (key: string) => (key.startsWith('#') ? null : key.slice(0, key.indexOf('#')));

/** Another issue named by a reference object ({number, url, repository}), a URL or a number. */
function refKey(ref: unknown, repo: string | null): string | null {
  if (typeof ref === 'number') return repo ? `${repo}#${ref}` : `#${ref}`;
  if (typeof ref === 'string') {
    const m = WEB.exec(ref) ?? API.exec(ref);
    return m ? `${m[1]}#${m[2]}` : null;
  }
  if (!isObject(ref) || typeof ref.number !== 'number') return null;
  const byUrl = keyOf(ref.number, ref.url, ref.html_url);
  if (!byUrl.startsWith('#')) return byUrl;
  const owner = isObject(ref.repository) ? text(ref.repository.nameWithOwner ?? ref.repository.full_name) : null;
  return owner ? `${owner}#${ref.number}` : repo ? `${repo}#${ref.number}` : byUrl;
}

/** A list of references: an array, or a GraphQL connection ({nodes: […]}). */
function refs(v: unknown, repo: string | null): string[] {
  const nodes = isObject(v) ? v.nodes : v;
  return distinct((Array.isArray(nodes) ? nodes : []).map((r) => refKey(r, repo)));
}

const login = (who: unknown): string | null => (isObject(who) ? text(who.login) : text(who));
const name = (v: unknown): string | null => (isObject(v) ? text(v.name ?? v.title) : text(v));

function isPullRequest(o: Json): boolean {
  if ('pull_request' in o && o.pull_request) return true;
  if (o.__typename === 'PullRequest') return true;
  const url = text(o.url) ?? text(o.html_url) ?? '';
  return /\/pull\/\d+/.test(url) || 'headRefName' in o || 'isDraft' in o || 'mergedAt' in o;
}

/** `open`, `closed`, or `closed/REASON` (completed, not_planned, duplicate); `closed/merged` for merged PRs. */
function statusOf(o: Json): { status: string; category: StatusCategory } {
  const state = (text(o.state) ?? '').toLowerCase();
  if (state === 'merged' || text(o.mergedAt) || (isObject(o.pull_request) && text(o.pull_request.merged_at))) {
    return { status: 'closed/merged', category: 'done' };
  }
  if (state !== 'closed') return { status: 'open', category: 'todo' };
  const reason = (text(o.stateReason ?? o.state_reason) ?? '').toLowerCase();
  if (!reason || reason === 'reopened') return { status: 'closed', category: 'done' };
  return { status: `closed/${reason}`, category: reason === 'completed' ? 'done' : 'cancelled' };
}

function comment(c: unknown, origin: string): ImportComment {
  if (!isObject(c)) throw new BadRecord(origin, 'a comment is not an object');
  return {
    author: login(c.author ?? c.user),
    body: typeof c.body === 'string' ? c.body : '',
    at: time(c.createdAt ?? c.created_at, origin, 'a comment time'),
  };
}

function issue(o: Json, origin: string): ImportItem {
  if (typeof o.number !== 'number') throw new BadRecord(origin, 'an issue without a number');
  const key = keyOf(o.number, o.url, o.html_url, o.repository_url ? `${o.repository_url}/issues/${o.number}` : null);
  const repo = repoOf(key);
  const title = text(o.title);
  if (title === null) throw new BadRecord(origin, `issue ${key} has no title`);
  const { status, category } = statusOf(o);
  const pr = isPullRequest(o);
  const milestone = isObject(o.milestone) ? o.milestone : null;
  const comments = Array.isArray(o.comments) ? o.comments.map((c) => comment(c, origin)) : [];
  const webUrl = text(o.html_url) ?? (text(o.url)?.startsWith('https://api.') ? null : text(o.url));
  const extra: Record<string, unknown> = {};
  if (pr) extra.pullRequest = true;
  if (milestone && text(milestone.dueOn ?? milestone.due_on))
    extra.milestoneDueOn = text(milestone.dueOn ?? milestone.due_on);
  if (o.locked === true) extra.locked = true;
  const children = refs(o.subIssues ?? o.sub_issues, repo);
  if (children.length) extra.subIssues = children;
  return {
    ...blankItem(key, origin),
    url: webUrl,
    title,
    description: typeof o.body === 'string' ? o.body : '',
    status,
    statusCategory: category,
    type: pr ? 'pull_request' : name(o.issueType ?? o.type),
    labels: distinct(list(o.labels, origin, 'labels').map(name)),
    assignees: distinct([...list(o.assignees, origin, 'assignees').map(login), login(o.assignee)]),
    author: login(o.author ?? o.user),
    createdAt: time(o.createdAt ?? o.created_at, origin, 'createdAt'),
    updatedAt: time(o.updatedAt ?? o.updated_at, origin, 'updatedAt'),
    closedAt: time(o.closedAt ?? o.closed_at, origin, 'closedAt'),
    milestone: milestone ? name(milestone) : null,
    parent: refKey(o.parent, repo) ?? refKey(o.parent_issue_url, repo),
    blockedBy: refs(o.blockedBy, repo),
    blocks: refs(o.blocking, repo),
    comments,
    extra,
  };
}

/**
 * Reads a GitHub issues file: gh's or the REST API's JSON, an array (or arrays one after another, as
 * `gh api --paginate` prints them) of issues and, for REST, issue comments (matched by `issue_url`).
 * Pull requests are listed as omitted unless `includePullRequests`.
 */
export async function parseGithub(input: TextInput, options: ParseOptions = {}): Promise<ParseResult> {
  const out = new ItemCollector('github', options);
  const restComments: { key: string; comment: ImportComment }[] = [];
  const take = (value: unknown, origin: string) => {
    if (Array.isArray(value)) {
      for (const v of value) take(v, origin); // `--slurp` pages: arrays of arrays
      return;
    }
    out.record(() => {
      if (!isObject(value)) throw new BadRecord(origin, 'expected an issue object');
      if (typeof value.number !== 'number' && text(value.issue_url)) {
        const m = API.exec(text(value.issue_url)!);
        if (!m) throw new BadRecord(origin, `a comment's issue_url names no issue: ${value.issue_url}`);
        restComments.push({ key: `${m[1]}#${m[2]}`, comment: comment(value, origin) });
        return;
      }
      const item = issue(value, origin);
      if (item.extra.pullRequest && !options.includePullRequests) {
        out.omitted.push({
          externalId: item.externalId,
          origin,
          reason: 'a pull request (includePullRequests / --include-prs imports them)',
        });
        return;
      }
      out.items.push(item);
    });
  };
  for await (const el of jsonElements(input)) {
    const origin = `line ${el.line}`;
    if (el.error !== null) out.bad(new BadRecord(origin, el.error));
    else take(el.value, origin);
  }
  return out.result(finishGithub(out, restComments));
}

/** Attaches REST comments to their issues and sub-issue lists to the children's `parent`. */
function finishGithub(out: ItemCollector, restComments: readonly { key: string; comment: ImportComment }[]) {
  const byKey = new Map(out.items.map((i, n) => [i.externalId, n]));
  const items = [...out.items];
  const extraComments = new Map<number, ImportComment[]>();
  for (const { key, comment } of restComments) {
    const n = byKey.get(key);
    if (n === undefined) {
      out.note(`comments on ${key}, which is not in the file, are left out`);
      continue;
    }
    const list = extraComments.get(n);
    if (list) list.push(comment);
    else extraComments.set(n, [comment]);
  }
  for (const [n, comments] of extraComments) {
    const item = items[n]!;
    const all = [...item.comments, ...comments].sort((a, b) => (a.at ?? 0) - (b.at ?? 0));
    items[n] = { ...item, comments: all };
  }
  for (const parent of out.items) {
    for (const child of (parent.extra.subIssues as string[] | undefined) ?? []) {
      const n = byKey.get(child);
      if (n !== undefined && items[n]!.parent === null) items[n] = { ...items[n]!, parent: parent.externalId };
    }
  }
  return items;
}
