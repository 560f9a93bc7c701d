import type { FastifyRequest } from 'fastify';
import type { Docket, Project } from '../../core/docket.js';
import type { ChangeFeed } from '../../core/feed.js';
import { z } from 'zod';
import { Problem } from '../schemas.js';

/** What every route plugin receives from `buildApp`. */
export interface Deps {
  readonly docket: Docket;
  readonly feed: ChangeFeed;
  /** Open event streams, ended when the server closes. */
  readonly streams: Set<() => void>;
  readonly heartbeatMs: number;
}

/** The project named in the path, acting as the request's entity. */
export const projectOf = (docket: Docket, request: FastifyRequest): Project =>
  docket.project((request.params as { name: string }).name, { actor: request.actor });

/** Every route may answer with a problem. */
export const problems = { '4xx': Problem, '5xx': Problem } as const;

/** A response without a body (204, 304), documented by its description. */
export const empty = (description: string) => z.null().describe(description);
