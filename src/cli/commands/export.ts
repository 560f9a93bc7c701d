import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
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

/** `docket export [--out FILE]`: the whole project as JSON Lines (stdout by default). */
export async function runExport(s: Session, o: { out?: string }): Promise<void> {
  const docket = await s.docket();
  const key = await s.projectKey();
  const file = o.out && o.out !== '-' ? createWriteStream(o.out) : undefined;
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
