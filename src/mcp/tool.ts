import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Caller } from '../core/access.js';
import type { Docket, Project } from '../core/docket.js';
import type { Scope } from '../domain/access.js';
import type { Project as ProjectInfo } from '../domain/records.js';

/** What a tool sees of one call: who is calling and a way to reach the project it works on. */
export interface Call {
  readonly docket: Docket;
  readonly caller: Caller;
  /**
   * The project named (or the default one), checked against the caller's token for `needs`, acting
   * as the caller's entity; `actor` is honoured only for local callers (a token acts as its entity).
   */
  project(key: string | undefined, needs: Scope, actor?: string): Promise<Project>;
  /** The projects this caller may see. */
  projects(): Promise<ProjectInfo[]>;
  /** Aborted when the client cancels the request. */
  readonly signal: AbortSignal;
  /** Tells a client that asked for progress (with a progress token) how far a long call is; else nothing. */
  progress(done: number, total: number, message?: string): Promise<void>;
}

export interface ToolDef<S extends z.ZodObject> {
  readonly name: string;
  readonly description: string;
  readonly input: S;
  readonly annotations: ToolAnnotations;
  /** Parses nothing the schema already did, makes the core call(s) and renders the answer. */
  run(args: z.output<S>, call: Call): Promise<string>;
}

export type Tool = ToolDef<z.ZodObject>;

/** Keeps each tool's argument types while letting the server hold a plain list of them. */
export function defineTool<S extends z.ZodObject>(def: ToolDef<S>): Tool {
  return def as unknown as Tool;
}

/** Annotations by kind, stated once so each tool's hints are easy to check against what it does. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };
