import { doctor } from '../../transfer.js';
import { AlreadyReported } from '../errors.js';
import type { Session } from '../session.js';

/** `docket doctor [--fix]`: integrity and consistency checks; exit 1 while problems remain. */
export async function runDoctor(s: Session, o: { fix?: boolean }): Promise<void> {
  const r = await doctor(await s.docket(), { fix: o.fix === true });
  if (s.json) s.printJson(r);
  else {
    for (const f of r.fixed) s.out(`${s.paint.green('fixed')}    ${f}`);
    for (const p of r.problems) s.out(`${s.paint.red('problem')}  ${p}`);
    if (!r.problems.length && !r.fixed.length) s.out('No problems found.');
  }
  if (r.problems.length) throw new AlreadyReported();
}
