/**
 * Hands lines from a producer (an export) to a consumer (an import) running at the same time, holding
 * at most `limit` lines: the producer waits when the consumer falls behind, so moving a project of any
 * size needs neither a temporary file nor the whole project in memory.
 */
export class LinePipe implements AsyncIterable<string> {
  private queue: string[] = [];
  private head = 0;
  private ended = false;
  private failure: { readonly error: unknown } | undefined;
  private abandoned: { readonly error: unknown } | undefined;
  private wakeReader: (() => void) | undefined;
  private wakeWriter: (() => void) | undefined;

  constructor(private readonly limit = 1000) {}

  /** Adds a line; waits while the pipe is full, and throws once the consumer has given up. */
  async push(line: string): Promise<void> {
    this.throwIfAbandoned();
    this.queue.push(line);
    this.wake('reader');
    while (this.queue.length - this.head >= this.limit) {
      await new Promise<void>((resolve) => {
        this.wakeWriter = resolve;
      });
      this.throwIfAbandoned();
    }
  }

  /** No more lines: the consumer finishes what is queued, then stops. */
  end(): void {
    this.ended = true;
    this.wake('reader');
  }

  /** The producer failed: the consumer throws `error` instead of seeing a short input as complete. */
  fail(error: unknown): void {
    this.failure = { error };
    this.wake('reader');
  }

  /** The consumer failed: a waiting or later `push` throws `error`, which stops the producer. */
  abandon(error: unknown): void {
    this.abandoned = { error };
    this.wake('writer');
  }

  async *[Symbol.asyncIterator](): AsyncIterator<string> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      if (this.head < this.queue.length) {
        const line = this.queue[this.head++]!;
        if (this.head > 4096) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        if (this.queue.length - this.head < this.limit / 2) this.wake('writer');
        yield line;
        continue;
      }
      if (this.ended) return;
      await new Promise<void>((resolve) => {
        this.wakeReader = resolve;
      });
    }
  }

  private throwIfAbandoned(): void {
    if (this.abandoned) throw this.abandoned.error;
  }

  private wake(who: 'reader' | 'writer'): void {
    const resolve = who === 'reader' ? this.wakeReader : this.wakeWriter;
    if (who === 'reader') this.wakeReader = undefined;
    else this.wakeWriter = undefined;
    resolve?.();
  }
}
