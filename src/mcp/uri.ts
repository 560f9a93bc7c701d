/**
 * Docket's resource URIs: `docket://{project}/{id}` for a ticket (`docket://web/WEB-42`; a bare
 * number works too), `docket://{project}/board` and `docket://{project}/ready`.
 */

export const SCHEME = 'docket://';

export const TEMPLATES = {
  ticket: `${SCHEME}{project}/{id}`,
  board: `${SCHEME}{project}/board`,
  ready: `${SCHEME}{project}/ready`,
} as const;

export type Target =
  | { readonly kind: 'ticket'; readonly project: string; readonly ticket: string }
  | { readonly kind: 'board' | 'ready'; readonly project: string };

/** What a URI names, or null when it is not one of Docket's. */
export function parseUri(uri: string): Target | null {
  const m = /^docket:\/\/([^/?#\s]+)\/([^/?#\s]+)$/i.exec(uri);
  if (!m) return null;
  let project: string;
  let rest: string;
  try {
    project = decodeURIComponent(m[1]!).toLowerCase();
    rest = decodeURIComponent(m[2]!);
  } catch {
    return null;
  }
  if (rest === 'board' || rest === 'ready') return { kind: rest, project };
  return { kind: 'ticket', project, ticket: rest };
}

export const ticketUri = (project: string, id: string) => `${SCHEME}${project}/${id}`;
export const boardUri = (project: string) => `${SCHEME}${project}/board`;
export const readyUri = (project: string) => `${SCHEME}${project}/ready`;

/** The one spelling of a target (a ticket by its display id), which subscriptions are keyed by. */
export function canonical(t: Target, displayId?: string): string {
  return t.kind === 'ticket' ? ticketUri(t.project, displayId ?? t.ticket) : `${SCHEME}${t.project}/${t.kind}`;
}
