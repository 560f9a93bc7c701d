import { once } from 'node:events';
import { createWriteStream, openSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { DocketError } from '../../domain/errors.js';
import { exportProject } from '../../transfer.js';
import { Progress } from '../progress.js';
import type { Session } from '../session.js';

/** Writes a line, waiting when the stream's buffer is full so a big export never piles up in memory. */
function writer(stream: NodeJS.WritableStream): (line: string) => void | Promise<void> {
  return (line) => {
    if (!stream.write(`${line}\n`)) return once(stream, 'drain').then(() => undefined);
  };
}

/** stdout as a stream, for backpressure; a reader that goes away (`| head`) ends the export quietly. */
function stdout(s: Session): NodeJS.WritableStream {
  const stream = s.io.stdout;
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  return stream;
}

/** Opens `--out` for writing, or says in one line why it cannot be (a missing folder, a folder, no permission). */
function outFile(path: string): WriteStream {
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (e) {
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? `the folder ${dirname(path)} does not exist; create it first or pick another --out`
        : code === 'EISDIR'
          ? 'it is a folder; give a file name, e.g. --out export.jsonl'
          : code === 'EACCES' || code === 'EPERM' || code === 'EROFS'
            ? 'permission denied; pick another --out'
            : `${code ?? (e as Error).message}; pick another --out`;
    throw new DocketError('validation', `cannot write ${path}: ${why}`, { field: 'out', path });
  }
  return createWriteStream(path, { fd });
}

/** `docket export [--out FILE]`: the whole project as JSON Lines (stdout by default). */
export async function runExport(s: Session, o: { out?: string }): Promise<void> {
  const docket = await s.docket();
  const key = await s.projectKey();
  const file = o.out && o.out !== '-' ? outFile(o.out) : undefined;
  const progress = new Progress('exporting', s.quiet);
  try {
    const r = await exportProject(docket, key, writer(file ?? stdout(s)), (done, total) =>
      progress.update(done, total),
    );
    progress.finish();
    if (file) {
      file.end();
      await once(file, 'finish');
    }
    const where = file ? ` to ${o.out}` : '';
    if (file && s.json) s.printJson({ project: key, tickets: r.tickets, file: o.out });
    else s.note(`Exported ${r.tickets} ticket(s) of project ${key}${where}`);
  } finally {
    progress.finish();
    file?.destroy();
  }
}
