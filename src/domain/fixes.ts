import type { DocketError } from './errors.js';

/**
 * What a caller can do about a refusal, as data in the error's `details.fix`. The core names the
 * remedy; each face words it in its own terms (a CLI command, an MCP tool call, a REST route), so an
 * agent is never told to run a command it cannot run.
 */
export type Fix =
  | { readonly kind: 'create_project'; readonly project: string }
  | { readonly kind: 'add_entity'; readonly entity: string }
  | { readonly kind: 'list_entities' }
  | { readonly kind: 'add_category'; readonly category: string }
  | { readonly kind: 'pick_ready' }
  | { readonly kind: 'name_actor' }
  | { readonly kind: 'get_token' };

export type FixKind = Fix['kind'];

/** One face's wording of every fix: a new kind fails to compile until each face words it. */
export type FixWording = { readonly [K in FixKind]: (fix: Extract<Fix, { kind: K }>) => string };

/** The fix an error carries, if any. */
export function fixOf(error: DocketError): Fix | undefined {
  const fix = error.details.fix as Fix | undefined;
  return fix && typeof fix === 'object' && typeof fix.kind === 'string' ? fix : undefined;
}

/** `message` followed by the face's wording of the error's fix, if it has one. */
export function withFix(error: DocketError, wording: FixWording): string {
  const fix = fixOf(error);
  if (!fix) return error.message;
  const word = wording[fix.kind] as (f: Fix) => string;
  return `${error.message}; ${word(fix)}`;
}
