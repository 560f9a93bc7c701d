import { invalid } from './errors.js';
import { ESTIMATE_UNITS, type EstimateUnit } from './planning.js';

/** A project's options: BlinkDesk's six, plus Docket's `default_type` and `webhook_allow_private`. */
export interface Options {
  readonly display_prefix: string;
  readonly lock_entities: boolean;
  readonly default_priority: string;
  readonly require_operator: boolean;
  readonly audit_log: boolean;
  readonly audit_prune_keep_days: number;
  readonly default_type: string;
  /** What estimates count: `points` (when absent) or `hours`. */
  readonly estimate_unit?: EstimateUnit;
  /** Whether webhooks may post to loopback and private networks (absent in older projects: false). */
  readonly webhook_allow_private: boolean;
}

export type OptionKey = keyof Options;

export const OPTION_KEYS: readonly OptionKey[] = [
  'display_prefix',
  'lock_entities',
  'default_priority',
  'require_operator',
  'audit_log',
  'audit_prune_keep_days',
  'default_type',
  'estimate_unit',
  'webhook_allow_private',
];

const BOOLEAN_KEYS: ReadonlySet<string> = new Set([
  'lock_entities',
  'require_operator',
  'audit_log',
  'webhook_allow_private',
]);

export function isOptionKey(key: string): key is OptionKey {
  return (OPTION_KEYS as readonly string[]).includes(key);
}

/**
 * Turns a user's value (TOML value or CLI string) into the option's type, or throws `validation`
 * naming the key. Whether a priority or type exists is checked by the caller, which knows the schema.
 */
export function coerceOption(key: string, value: unknown, where = 'options'): Options[OptionKey] {
  if (!isOptionKey(key)) {
    throw invalid(`unknown option ${where}.${key}; known options: ${OPTION_KEYS.join(', ')}`, { key });
  }
  if (BOOLEAN_KEYS.has(key)) {
    if (typeof value === 'boolean') return value;
    if (value === 1 || value === 0) return value === 1;
    const s = String(value).toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(s)) return true;
    if (['false', 'no', 'off', '0'].includes(s)) return false;
    throw invalid(`${where}.${key} must be true or false, not '${String(value)}'`, { key });
  }
  if (key === 'audit_prune_keep_days') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    if (!Number.isInteger(n) || n < 0 || n > 36500) {
      throw invalid(`${where}.${key} must be a whole number of days (0 to 36500), not '${String(value)}'`, { key });
    }
    return n;
  }
  if (key === 'estimate_unit') {
    const unit = String(value).trim().toLowerCase();
    if (!(ESTIMATE_UNITS as readonly string[]).includes(unit)) {
      throw invalid(`${where}.estimate_unit must be one of: ${ESTIMATE_UNITS.join(', ')}`, {
        key,
        allowed: ESTIMATE_UNITS,
      });
    }
    return unit as EstimateUnit;
  }
  if (typeof value !== 'string' || (key !== 'display_prefix' && !value.trim())) {
    throw invalid(`${where}.${key} must be a non-empty string`, { key });
  }
  if (key === 'display_prefix' && (value.length > 16 || /\s/.test(value))) {
    throw invalid(`${where}.display_prefix must be at most 16 characters without spaces, e.g. "DOC-"`, { key });
  }
  return key === 'display_prefix' ? value : value.trim().toLowerCase();
}

export function formatOption(value: Options[OptionKey]): string {
  return typeof value === 'string' ? value : String(value);
}
