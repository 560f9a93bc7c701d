import { fstatSync, writeSync } from 'node:fs';
import { isatty } from 'node:tty';

const streamed = { 1: false, 2: false };

/**
 * Writes to stdout (1) or stderr (2) synchronously, straight to the file descriptor. On a pipe,
 * Node's process.stdout is a socket whose first use loads the network stack, a few milliseconds of
 * every command's start; a synchronous write also means all output is out when the process exits.
 * A reader that has gone away (`docket ls | head -1`) ends the process quietly; a descriptor that
 * cannot take more right now hands the rest, and everything after it, to Node's stream.
 */
function write(fd: 1 | 2, text: string): void {
  const stream = () => (fd === 1 ? process.stdout : process.stderr);
  if (streamed[fd]) {
    stream().write(text);
    return;
  }
  const buffer = Buffer.from(text);
  let at = 0;
  while (at < buffer.length) {
    try {
      at += writeSync(fd, buffer, at);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (code !== 'EAGAIN') throw e;
      streamed[fd] = true;
      stream().write(buffer.subarray(at));
      return;
    }
  }
}

export const writeOut = (text: string): void => write(1, text);
export const writeErr = (text: string): void => write(2, text);

/**
 * Whether fd 1 or 2 is a terminal. Pipes and files are ruled out with a stat, so only a character
 * device (a terminal, or /dev/null) pays for Node's tty module, which loads the network stack too.
 */
export function isTerminal(fd: 1 | 2): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return isatty(fd);
}
