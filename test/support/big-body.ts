import { connect } from 'node:net';

export interface BigBodyAnswer {
  /** The status line's code, or 0 when no answer arrived. */
  readonly status: number;
  readonly body: string;
  /** The socket error the client saw (EPIPE, ECONNRESET), or null. */
  readonly error: string | null;
}

/**
 * Sends `size` bytes of body to `path` over a plain TCP socket, the way a simple HTTP client does:
 * it writes the whole body before it looks at the answer, and any socket error is reported rather
 * than hidden behind an answer that happened to arrive first.
 */
export function sendBigBody(
  base: string,
  path: string,
  size: number,
  options: { chunked?: boolean; headers?: Record<string, string> } = {},
): Promise<BigBodyAnswer> {
  const url = new URL(base);
  return new Promise((resolve) => {
    const socket = connect(Number(url.port), url.hostname);
    const received: Buffer[] = [];
    let error: string | null = null;
    socket.on('data', (d: Buffer) => received.push(d));
    socket.on('error', (e: NodeJS.ErrnoException) => {
      error ??= e.code ?? e.message;
    });
    socket.on('close', () => {
      const text = Buffer.concat(received).toString('utf8');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      const rest = text.slice(split + 4);
      resolve({ status, body: /^transfer-encoding: chunked/im.test(head) ? unchunk(rest) : rest, error });
    });
    socket.on('connect', () => {
      const headers = {
        host: url.host,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
        connection: 'close',
        ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(size) }),
        ...(options.headers ?? {}),
      };
      const head = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`);
      socket.write(`POST ${path} HTTP/1.1\r\n${head.join('')}\r\n`);
      const piece = Buffer.alloc(64 * 1024, 'a');
      const frame = options.chunked
        ? Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')])
        : piece;
      let sent = 0;
      const pump = () => {
        while (sent < size) {
          sent += piece.length;
          if (!socket.write(frame)) return void socket.once('drain', pump);
        }
        if (options.chunked) socket.end('0\r\n\r\n');
        else socket.end();
      };
      pump();
    });
  });
}

/** The payload of a chunked body (ASCII test payloads, so character and byte counts agree). */
function unchunk(text: string): string {
  let out = '';
  let at = 0;
  for (;;) {
    const eol = text.indexOf('\r\n', at);
    const size = Number.parseInt(text.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += text.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}
