import type { Command } from 'commander';
import type { Globals, Session } from './session.js';

/** A command: a plain async function taking the session, its arguments in order, then its options. */
export type CommandFn = (s: Session, ...args: never[]) => Promise<void>;

/**
 * The options of the command and the ones above it. An option given after the command wins over
 * one given before it, and anything given wins over a default (commander's optsWithGlobals lets a
 * global default, like --no-color's, override a flag given to the command).
 */
export function mergedOptions(command: Command): Record<string, unknown> {
  const chain: Command[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c);
  const out: Record<string, unknown> = {};
  for (const c of chain) {
    for (const [key, value] of Object.entries(c.opts())) {
      if (!(key in out) || c.getOptionValueSource(key) !== 'default') out[key] = value;
    }
  }
  return out;
}

/**
 * The action for a lazily loaded command: its module (and with it the core and the database driver)
 * is loaded only when this command runs, so `docket --help` and the rest stay quick.
 */
export function act(load: () => Promise<CommandFn>) {
  return async (...args: unknown[]): Promise<void> => {
    const command = args[args.length - 1] as Command;
    const options = mergedOptions(command) as Globals & Record<string, unknown>;
    const positional = args.slice(0, -2);
    const [{ Session }, fn] = await Promise.all([import('./session.js'), load()]);
    // The streams are getters: touching process.stdout on a pipe loads the network stack (see output.ts).
    const io = {
      get stdout() {
        return process.stdout;
      },
      get stderr() {
        return process.stderr;
      },
      env: process.env,
      cwd: process.cwd(),
    };
    const session = new Session(options, io);
    session.command = command;
    try {
      await (fn as (s: Session, ...rest: unknown[]) => Promise<void>)(session, ...positional, options);
    } finally {
      await session.close();
    }
  };
}
