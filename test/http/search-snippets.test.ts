import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { call, twoProjects, type World, world } from './harness.js';

describe('REST: search snippets', () => {
  let w: World;
  beforeEach(async () => {
    w = await world({}, twoProjects);
  });
  afterEach(() => w.close());

  it("marks the match with U+E000 and U+E001 and keeps the description's own ** as text", async () => {
    await call(w.app, 'POST', '/projects/alpha/tickets', {
      title: 'Browser crash',
      description: 'Open **Safari** 17 and the tab dies',
    });
    const r = await call(w.app, 'GET', '/projects/alpha/tickets/search?q=safari');
    expect(r.status).toBe(200);
    expect(r.json.items.map((h: { snippet: string }) => h.snippet)).toEqual([
      'Open **\uE000Safari\uE001** 17 and the tab dies',
    ]);
  });
});
