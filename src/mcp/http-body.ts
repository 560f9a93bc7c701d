import type { IncomingMessage } from 'node:http';
import { DocketError } from '../domain/errors.js';

/** Default largest request body: a ticket description is at most 100,000 characters. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** How much of a too-large body is read and dropped before the 413, as a multiple of the limit. */
export const DISCARD_FACTOR = 16;

/**
 * Reads and parses a JSON request body, refusing one over `limit` bytes (too_large → 413) without
 * buffering it, and a body that is not JSON (validation → 400).
 *
 * A refused body is still read to its end (up to 16 times the limit) before the error is thrown:
 * the 413 then goes out on a connection with nothing left unread, so closing it does not reset it
 * and the client, which is usually still sending, reads the answer instead of EPIPE.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const text = await readText(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new DocketError('validation', 'the request body is not valid JSON; send one JSON-RPC message (or a batch)');
  }
}

function readText(req: IncomingMessage, limit: number): Promise<string> {
  const bound = DISCARD_FACTOR * limit;
  if (Number(req.headers['content-length']) > bound) return Promise.reject(tooLarge(limit));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const settle = (error: Error | null) => {
      req.off('data', onData).off('end', onEnd).off('close', onClose).off('error', settle);
      if (error) reject(error);
      else resolve(Buffer.concat(chunks).toString('utf8'));
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > bound) settle(tooLarge(limit));
    };
    const onEnd = () => settle(size > limit ? tooLarge(limit) : null);
    const onClose = () => settle(new DocketError('validation', 'the request ended before its body did; send it again'));
    req.on('data', onData).on('end', onEnd).on('close', onClose).on('error', settle);
  });
}

const tooLarge = (limit: number) =>
  new DocketError('too_large', `the request body is over ${limit} bytes; send smaller requests`, { limit });
