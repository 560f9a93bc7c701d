import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/support/temp.js';
import { openDocket } from '../../open.js';
import { type App, buildApp } from '../app.js';

describe('the board at / (static files)', () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  async function app(webRoot: string | null): Promise<App> {
    const tmp = tempDir('docket-board-');
    const docket = await openDocket(join(tmp.dir, 'docket.db'));
    const a = await buildApp(docket, { webRoot, rateLimit: { rate: 0 } });
    cleanups.push(
      tmp.cleanup,
      () => docket.close(),
      () => a.close(),
    );
    return a;
  }

  function builtBoard(): string {
    const tmp = tempDir('docket-web-');
    cleanups.push(tmp.cleanup);
    mkdirSync(join(tmp.dir, 'assets'));
    writeFileSync(
      join(tmp.dir, 'index.html'),
      '<!doctype html><script type="module" src="/assets/app-ABCD1234.js"></script>',
    );
    writeFileSync(join(tmp.dir, 'assets/app-ABCD1234.js'), `console.log(${JSON.stringify('x'.repeat(5000))});`);
    writeFileSync(join(tmp.dir, 'assets/app-ABCD1234.css'), 'body{color:red}');
    return tmp.dir;
  }

  it('serves index.html revalidated, with the strict policy, and 304 when unchanged', async () => {
    const a = await app(builtBoard());
    const home = await a.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.headers['content-security-policy']).toMatch(
      /^default-src 'none'; script-src 'self'; style-src 'self';/,
    );
    expect(home.headers['x-frame-options']).toBe('DENY');
    expect(home.body).toContain('/assets/app-ABCD1234.js');
    const again = await a.inject({ method: 'GET', url: '/', headers: { 'if-none-match': String(home.headers.etag) } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('serves hashed assets for a year, gzipped when asked, and nothing else', async () => {
    const a = await app(builtBoard());
    const js = await a.inject({
      method: 'GET',
      url: '/assets/app-ABCD1234.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-encoding']).toBe('gzip');
    expect(js.headers.vary).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(js.rawPayload).toString()).toContain('console.log');
    expect(js.rawPayload.length).toBeLessThan(200);
    const css = await a.inject({ method: 'GET', url: '/assets/app-ABCD1234.css' });
    expect(css.headers['content-type']).toBe('text/css; charset=utf-8');
    expect(css.headers['content-encoding']).toBeUndefined();
    expect(css.body).toBe('body{color:red}');
    for (const url of [
      '/assets/nope.js',
      '/assets/..%2Findex.html',
      '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      '/assets/',
    ]) {
      const r = await a.inject({ method: 'GET', url });
      expect(r.statusCode, url).toBe(404);
      expect(r.headers['content-type'], url).toMatch(/^application\/problem\+json/);
    }
  });

  it('without a built board, / says how to build it and links the API reference', async () => {
    const a = await app(null);
    const home = await a.inject({ method: 'GET', url: '/' });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('npm run build');
    expect(home.body).toContain('href="/docs"');
    expect((await a.inject({ method: 'GET', url: '/assets/app.js' })).statusCode).toBe(404);
    const empty = tempDir('docket-none-');
    cleanups.push(empty.cleanup);
    const missing = await app(join(empty.dir, 'not-there'));
    expect((await missing.inject({ method: 'GET', url: '/' })).body).toContain('npm run build');
  });
});
