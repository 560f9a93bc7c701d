import { existsSync } from 'node:fs';
import { relative } from 'node:path';
import type { Session } from '../session.js';
import { summaryText } from './board.js';
import { createProject, nextSteps } from './init.js';

/** `docket start` (and `npm start`): makes `.docket/docket.db` here when there is none, then shows where things stand. */
export async function start(s: Session): Promise<void> {
  const path = s.databasePath(true);
  const fresh = !existsSync(path);
  const docket = await s.docket({ create: true, path });
  if (fresh || !(await docket.projects()).length) await createProject(s, docket, path, undefined, {});
  const project = await s.project();
  const board = await project.board({ view: 'summary' });
  if (s.json) return s.printJson({ database: path, created: fresh, project: project.key, board });
  const where = relative(s.io.cwd, path) || path;
  s.out(`${fresh ? 'Created' : 'Using'} ${where}, project ${s.paint.bold(project.key)}\n`);
  s.out(summaryText(s, board));
  s.out(`\nTry:\n${nextSteps.map((l) => `  ${l}`).join('\n')}`);
}
