import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Ticket } from '../domain/ticket.js';
import { HttpProblem } from './problem.js';

/** A ticket's ETag is its version: every change bumps it, so a strong tag is exact. */
export const etagOf = (t: Pick<Ticket, 'version'>): string => `"${t.version}"`;

/**
 * The version a write must still find, from `If-Match` (`"3"`, `W/"3"` or `3`); undefined when the
 * header is absent or `*`. A write with a stale version is refused with 412.
 */
export function expectedVersion(request: FastifyRequest): number | undefined {
  const header = request.headers['if-match'];
  if (header === undefined || header.trim() === '*') return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(header);
  if (!m) {
    throw new HttpProblem('malformed', 'If-Match must be one ETag from a previous response, e.g. "3"', {
      field: 'If-Match',
    });
  }
  return Number(m[1]);
}

/** `{ expectedVersion }` for the library's write options, empty when the request has no If-Match. */
export function writeOptions(request: FastifyRequest): { expectedVersion?: number } {
  const v = expectedVersion(request);
  return v === undefined ? {} : { expectedVersion: v };
}

/** Sends one ticket with its ETag; answers 304 to a GET whose If-None-Match already has it. */
export function sendTicket<T extends Ticket>(request: FastifyRequest, reply: FastifyReply, ticket: T, status = 200) {
  const tag = etagOf(ticket);
  reply.header('etag', tag);
  const none = request.headers['if-none-match'];
  if (
    request.method === 'GET' &&
    none !== undefined &&
    none.split(',').some((t) => t.trim().replace(/^W\//, '') === tag)
  ) {
    return reply.code(304).send();
  }
  return reply.code(status).send(ticket);
}
