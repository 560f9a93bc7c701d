// Types for scripts/chromium.mjs, so that its test type-checks.
export declare const DEFAULT_CHROMIUM: string;
export declare function chromiumPath(env?: NodeJS.ProcessEnv): string;
export declare function onPath(command: string, env?: NodeJS.ProcessEnv): boolean;
export type ChromiumAction = 'use' | 'install' | 'stop';
export declare function chromiumAction(facts: {
  readonly found: boolean;
  readonly isRoot: boolean;
  readonly hasApt: boolean;
  readonly custom?: boolean;
}): ChromiumAction;
export declare function missingMessage(path: string, custom: boolean): string;
export declare function ensureChromium(env?: NodeJS.ProcessEnv): string;
