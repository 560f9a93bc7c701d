import { describe, expect, it } from 'vitest';
import { authorize, type Caller, originPolicy, refuseHostOrOrigin } from './access.js';

describe('origin policy', () => {
  const policy = originPolicy('127.0.0.1', 7420, ['https://board.example']);

  it('accepts its own names and origins and refuses others, null included', () => {
    expect(refuseHostOrOrigin(policy, '127.0.0.1:7420', undefined)).toBeNull();
    expect(refuseHostOrOrigin(policy, 'localhost:7420', 'http://localhost:7420')).toBeNull();
    expect(refuseHostOrOrigin(policy, 'localhost:7420', 'https://board.example')).toBeNull();
    expect(refuseHostOrOrigin(policy, 'evil.example:7420', undefined)).toMatch(/Host/);
    expect(refuseHostOrOrigin(policy, '127.0.0.1:7420', 'http://evil.example')).toMatch(/Origin/);
    expect(refuseHostOrOrigin(policy, '127.0.0.1:7420', 'null')).toMatch(/Origin/);
    expect(refuseHostOrOrigin(policy, undefined, undefined)).toMatch(/Host/);
  });
});

describe('authorize', () => {
  const token = (scope: 'read' | 'write' | 'admin', projects: string[]): Caller => ({
    kind: 'token',
    token: { id: 1, hint: 'dkt_x', scope, entity: 'bot', projects, note: null, createdAt: '', revokedAt: null },
  });

  it('hides projects a token does not reach and enforces scope', () => {
    expect(() => authorize(token('write', ['a']), 'b', 'read')).toThrow(expect.objectContaining({ code: 'not_found' }));
    expect(() => authorize(token('read', ['a']), 'a', 'write')).toThrow(expect.objectContaining({ code: 'forbidden' }));
    expect(() => authorize(token('admin', ['*']), 'a', 'admin')).not.toThrow();
    expect(() => authorize({ kind: 'local', actor: null }, 'a', 'admin')).not.toThrow();
  });
});
