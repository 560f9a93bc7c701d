import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { describe, expect, it } from 'vitest';
import type { Docket } from '../core/docket.js';
import type { ChangeFeed } from '../core/feed.js';
import { MAX_SUBSCRIPTIONS, Subscriptions } from './live.js';

describe('Subscriptions', () => {
  const follows: string[] = [];
  const stopped: string[] = [];
  const feed = {
    subscribe: (project: string, after: number | null) => {
      follows.push(`${project} after ${after}`);
      return () => stopped.push(project);
    },
  } as unknown as ChangeFeed;
  const live = () => new Subscriptions({} as Server, feed, {} as Docket);

  it('follows a project once however many URIs, and stops when the last one goes', () => {
    const s = live();
    // the change id read before answering: the feed catches up from it, so nothing falls in between
    s.subscribe('web', 'docket://web/WEB-1', 'docket://web/1', 41);
    s.subscribe('web', 'docket://web/WEB-1', 'docket://web/WEB-1', 42);
    s.subscribe('web', 'docket://web/board', 'docket://web/board', 43);
    expect(follows).toEqual(['web after 41']);
    s.unsubscribe('docket://web/1');
    s.unsubscribe('docket://web/WEB-1');
    s.unsubscribe('docket://web/WEB-1');
    expect(stopped).toEqual([]);
    s.unsubscribe('docket://web/board');
    expect(stopped).toEqual(['web']);
    expect(s.size).toBe(0);
  });

  it(`refuses more than ${MAX_SUBSCRIPTIONS} URIs per session, but not one it already follows`, () => {
    const s = live();
    for (let i = 1; i <= MAX_SUBSCRIPTIONS; i++) s.subscribe('web', `docket://web/WEB-${i}`, `docket://web/${i}`);
    s.subscribe('web', 'docket://web/WEB-1', 'docket://web/1');
    expect(() => s.subscribe('web', 'docket://web/board', 'docket://web/board')).toThrow(
      `a session follows at most ${MAX_SUBSCRIPTIONS} resources; unsubscribe from some first`,
    );
    s.close();
  });
});
