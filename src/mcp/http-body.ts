import type { IncomingMessage } from 'node:http';
import { DocketError } from '../domain/errors.js';

/** Default largest request body: a ticket description is at most 100,000 characters. */
export const DEFAULT_BODY_LIMIT = 1024 * 1024;

/**
 * Reads and parses a JSON request body, refusing one over `limit` bytes (too_large → 413) before
 * it is buffered whole, and a body that is not JSON (validation → 400).
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge(limit);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return JSON.parse(text);
  } catch {
    throw new DocketError('validation', 'the request body is not valid JSON; send one JSON-RPC message (or a batch)');
  }
}

const tooLarge = (limit: number) =>
  new DocketError('too_large', `the request body is over ${limit} bytes; send smaller requests`, { limit });
