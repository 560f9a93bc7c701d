import { DocketError, isDocketError } from '../../domain/errors.js';

/** Turns driver errors into DocketErrors that say what to do; lets DocketErrors through. */
export function storageError(e: unknown, path: string): unknown {
  if (isDocketError(e)) return e;
  const code = (e as { code?: unknown }).code;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_')) return e;
  const message = (e as Error).message;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new DocketError('storage', `the database is busy (another process held its lock too long); try again`, {
      code,
      path,
    });
  }
  if (code.startsWith('SQLITE_CONSTRAINT')) {
    return new DocketError(
      'conflict',
      `the change clashes with data written at the same time (${message}); try again`,
      { code },
    );
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new DocketError('storage', `cannot write to ${path}: the file or its folder is read-only`, { code, path });
  }
  if (code === 'SQLITE_FULL') return new DocketError('storage', `the disk holding ${path} is full`, { code, path });
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return new DocketError(
      'storage',
      `${path} is damaged or not a database (${message}); restore a backup or run docket doctor`,
      {
        code,
        path,
      },
    );
  }
  return new DocketError('storage', `database error on ${path}: ${message}`, { code, path });
}
