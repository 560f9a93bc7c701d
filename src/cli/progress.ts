import { isTerminal } from './output.js';

/**
 * A progress bar on stderr for long work (import, export, bulk moves). It draws only when stderr is a
 * terminal, at most ten times a second, and leaves no trace: scripts and pipes never see it.
 */
export class Progress {
  private last = 0;
  private drawn = false;
  private readonly enabled: boolean;

  constructor(
    private readonly label: string,
    quiet = false,
  ) {
    this.enabled = isTerminal(2) && !quiet;
  }

  private get stream(): NodeJS.WriteStream {
    return process.stderr;
  }

  update(done: number, total?: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && (total === undefined || done < total)) return;
    this.last = now;
    const width = Math.max(Math.min((this.stream.columns || 80) - this.label.length - 30, 40), 10);
    let line: string;
    if (total && total > 0) {
      const share = Math.min(done / total, 1);
      const filled = Math.round(share * width);
      line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${done}/${total}`;
    } else {
      line = `${this.label} ${done}…`;
    }
    this.stream.write(`\r${line}\u001b[K`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\u001b[K');
    this.drawn = false;
  }
}
