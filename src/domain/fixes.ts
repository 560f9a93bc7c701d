import type { DocketError, Fix } from './errors.js';

export type { Fix };

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
