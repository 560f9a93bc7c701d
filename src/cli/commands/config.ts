import { OPTION_KEYS } from '../../domain/options.js';
import { DocketError } from '../../domain/errors.js';
import { table } from '../render.js';
import type { Session } from '../session.js';

/** `config list`: every option with its value. */
export async function configList(s: Session): Promise<void> {
  const config = await (await s.project()).config();
  if (s.json) return s.printJson(config);
  s.out(
    table(
      [{ header: 'KEY' }, { header: 'VALUE' }],
      Object.entries(config).map(([k, v]) => [k, v]),
      s.width,
      s.paint,
    ),
  );
}

/** `config get KEY`: the value alone, for scripts. */
export async function configGet(s: Session, key: string): Promise<void> {
  const config: Record<string, string> = await (await s.project()).config();
  const value = config[key];
  if (value === undefined) {
    throw new DocketError('validation', `unknown option '${key}'; options: ${OPTION_KEYS.join(', ')}`, { key });
  }
  if (s.json) s.printJson({ key, value });
  else s.out(value);
}

/** `config set KEY VALUE` (booleans: true/false; default_priority must exist). */
export async function configSet(s: Session, key: string, value: string): Promise<void> {
  const options = await (await s.project()).setConfig(key, value);
  const now = String((options as unknown as Record<string, unknown>)[key]);
  s.done(options, key, `Set ${key} = ${now}`);
}
