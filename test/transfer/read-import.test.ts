import { describe, expect, it } from 'vitest';
import { fixturePath } from '../support/import-fixtures.js';
import { readImport } from '../../src/transfer.js';

describe('readImport', () => {
  it('streams a file from disk into parseImport, naming the file in errors', async () => {
    const { items } = await readImport('beads', fixturePath('beads', 'issues.jsonl'));
    expect(items).toHaveLength(7);
    const broken = fixturePath('beads', 'broken.jsonl');
    await expect(readImport('beads', broken)).rejects.toThrow(`beads: ${broken} line 4: not JSON`);
  });

  it('reads a Backlog.md folder given the project or the backlog folder itself', async () => {
    const byProject = await readImport('backlog', fixturePath('backlog', 'valid'));
    const byFolder = await readImport('backlog', fixturePath('backlog', 'valid', 'backlog'));
    expect(byProject.items).toHaveLength(8);
    expect(byFolder.items.map((i) => i.externalId)).toEqual(byProject.items.map((i) => i.externalId));
  });

  it('says when the path is missing or the wrong kind of thing', async () => {
    await expect(readImport('jira', '/nonexistent/export.csv')).rejects.toMatchObject({ code: 'not_found' });
    await expect(readImport('jira', fixturePath('backlog'))).rejects.toThrow(/is a folder; --from jira reads a file/);
    await expect(readImport('backlog', fixturePath('jira', 'issues.csv'))).rejects.toThrow(/is a file; --from backlog/);
  });
});
