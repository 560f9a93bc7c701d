import type { Project } from '../../src/core/docket.js';

/**
 * The tickets the search-window tests of both backends rank for `beta`: #1 is the best match of all
 * (the word in a short title) and the oldest; #2-#31 are thirty weaker matches, the word once in a
 * long description, every third a bug.
 */
export async function createWindowTickets(doc: Project): Promise<void> {
  await doc.create({ title: 'beta', description: 'beta beta' });
  for (let n = 2; n <= 31; n++) {
    await doc.create({
      title: `routine ${n}`,
      type: n % 3 === 0 ? 'bug' : 'task',
      description: `a long description of routine work that mentions beta once among many other words ${n}`,
    });
  }
}
