import { problemCodes } from './problem.js';

/** The API reference at /docs, rendered once from the OpenAPI document: plain HTML, no scripts, no CDN. */

type Json = Record<string, unknown>;
const esc = (s: unknown) =>
  String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
/** Backticks in descriptions become code. */
const prose = (s: unknown) => esc(s ?? '').replace(/`([^`]+)`/g, '<code>$1</code>');
const METHODS = ['get', 'post', 'put', 'delete'] as const;

function typeOf(schema: unknown): string {
  if (!schema || typeof schema !== 'object') return 'any';
  const s = schema as Json;
  if (typeof s.$ref === 'string') {
    const name = s.$ref.split('/').pop()!;
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  for (const key of ['anyOf', 'oneOf'] as const) {
    if (Array.isArray(s[key])) return (s[key] as unknown[]).map(typeOf).join(' | ');
  }
  if (Array.isArray(s.enum)) return s.enum.map((v) => `<code>${esc(JSON.stringify(v))}</code>`).join(' | ');
  if (s.const !== undefined) return `<code>${esc(JSON.stringify(s.const))}</code>`;
  if (s.type === 'array') {
    if (Array.isArray(s.prefixItems)) return `[${(s.prefixItems as unknown[]).map(typeOf).join(', ')}]`;
    return `${typeOf(s.items)}[]`;
  }
  if (Array.isArray(s.type)) return s.type.map(esc).join(' | ');
  if (s.type === 'object' && s.properties) return 'object';
  return esc(s.type ?? 'any');
}

function fields(schema: unknown): string {
  const s = schema as Json | undefined;
  if (!s || typeof s !== 'object') return '';
  if (typeof s.$ref === 'string' || !s.properties) return `<p class="type">${typeOf(s)}</p>`;
  const required = new Set((s.required as string[] | undefined) ?? []);
  const rows = Object.entries(s.properties as Record<string, Json>).map(
    ([name, p]) =>
      `<tr><td><code>${esc(name)}</code>${required.has(name) ? ' <span class="req">required</span>' : ''}</td><td>${typeOf(p)}</td><td>${prose(p.description ?? '')}</td></tr>`,
  );
  return `<table><tr><th>field</th><th>type</th><th></th></tr>${rows.join('')}</table>`;
}

function operation(method: string, path: string, op: Json): string {
  const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
  const params = ((op.parameters as Json[] | undefined) ?? []).map(
    (p) =>
      `<tr><td><code>${esc(p.name)}</code>${p.required ? ' <span class="req">required</span>' : ''}</td><td>${esc(p.in)}</td><td>${typeOf(p.schema)}</td><td>${prose((p.description as string | undefined) ?? ((p.schema as Json | undefined)?.description as string | undefined) ?? '')}</td></tr>`,
  );
  const body = ((op.requestBody as Json | undefined)?.content as Record<string, Json> | undefined)?.[
    'application/json'
  ];
  const responses = Object.entries((op.responses as Record<string, Json>) ?? {}).map(([status, r]) => {
    const content = r.content as Record<string, Json> | undefined;
    const schema = content ? Object.values(content)[0]?.schema : undefined;
    return `<li><b>${esc(status)}</b> ${schema ? typeOf(schema) : prose(r.description ?? '')}</li>`;
  });
  return `<section class="op" id="${esc(id)}">
<h3><span class="m ${esc(method)}">${esc(method.toUpperCase())}</span> <code>${esc(path)}</code></h3>
<p><b>${prose(op.summary ?? '')}</b></p>${op.description ? `<p>${prose(op.description)}</p>` : ''}
${params.length ? `<table><tr><th>parameter</th><th>in</th><th>type</th><th></th></tr>${params.join('')}</table>` : ''}
${body ? `<h4>Body</h4>${fields(body.schema)}` : ''}
<h4>Responses</h4><ul>${responses.join('')}</ul></section>`;
}

export function renderDocs(spec: Json): string {
  const info = spec.info as Json;
  const paths = spec.paths as Record<string, Record<string, Json>>;
  const tags = (spec.tags as { name: string; description?: string }[]) ?? [];
  const byTag = new Map<string, string[]>(tags.map((t) => [t.name, []]));
  const index: string[] = [];
  for (const [path, item] of Object.entries(paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const tag = ((op.tags as string[] | undefined) ?? ['other'])[0]!;
      if (!byTag.has(tag)) byTag.set(tag, []);
      byTag.get(tag)!.push(operation(method, path, op));
      const id = `${method}-${path}`.replace(/[^A-Za-z0-9]+/g, '-');
      index.push(
        `<li><a href="#${esc(id)}"><span class="m ${method}">${method.toUpperCase()}</span> ${esc(path)}</a></li>`,
      );
    }
  }
  const schemas = Object.entries(((spec.components as Json | undefined)?.schemas as Record<string, Json>) ?? {}).map(
    ([name, s]) => `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3>${fields(s)}</section>`,
  );
  const problems = problemCodes().map(
    (p) =>
      `<tr id="problem-${p.code}"><td><code>${p.code}</code></td><td>${p.status}</td><td>${esc(p.title)}</td></tr>`,
  );
  const sections = [...byTag].map(
    ([tag, ops]) =>
      `<h2 id="tag-${esc(tag)}">${esc(tag)}</h2><p>${prose(tags.find((t) => t.name === tag)?.description ?? '')}</p>${ops.join('')}`,
  );
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(info.title)}</title><style>
body{font:15px/1.5 system-ui,sans-serif;margin:0;display:flex;color:#1d2330}
nav{width:300px;height:100vh;overflow:auto;position:sticky;top:0;background:#f4f5f8;padding:12px;font-size:13px;box-sizing:border-box}
nav ul{list-style:none;padding:0;margin:0}nav a{text-decoration:none;color:inherit;display:block;padding:2px 0}
main{flex:1;max-width:980px;padding:16px 32px}code{background:#eef0f4;padding:0 4px;border-radius:3px}
table{border-collapse:collapse;margin:6px 0;width:100%}td,th{border:1px solid #dde1e8;padding:4px 8px;text-align:left;vertical-align:top;font-size:14px}
.op{border-top:1px solid #dde1e8;padding-top:8px}.m{font:bold 12px monospace;padding:2px 6px;border-radius:3px;color:#fff}
.get{background:#2f7d46}.post{background:#2456a6}.put{background:#9a6200}.delete{background:#b3261e}.req{color:#b3261e;font-size:12px}
</style></head><body><nav><b>${esc(info.title)}</b><ul>${index.join('')}</ul><p><a href="#errors">Errors</a> · <a href="#schemas">Schemas</a> · <a href="/openapi.json">openapi.json</a></p></nav><main>
<h1>${esc(info.title)}</h1><p>${prose(info.description)}</p>
<h2>Basics</h2><ul>
<li><b>Auth</b>: <code>Authorization: Bearer &lt;token&gt;</code> (<code>docket token create --project P --scope read|write|admin [--as ENTITY]</code>). On loopback with no token configured, requests need none; locally, <code>Docket-Actor: NAME</code> says who acts.</li>
<li><b>Versions</b>: every ticket answer has an <code>ETag</code> (its version). Send it back as <code>If-Match</code> on a write to refuse it if the ticket changed meanwhile (412).</li>
<li><b>Retries</b>: an <code>Idempotency-Key</code> on a POST replays the first answer (status and body) to every retry for 24 hours, across restarts.</li>
<li><b>Pages</b>: lists answer <code>{ items, next }</code>; pass <code>after=next</code> for the next page (<code>next</code> is null on the last).</li>
<li><b>Live</b>: <code>GET /projects/{name}/events</code> streams every change; reconnect with <code>Last-Event-ID</code>.</li></ul>
${sections.join('\n')}
<h2 id="errors">Errors</h2><p>Every error is <code>application/problem+json</code> (RFC 9457) with a stable <code>code</code> and a <code>detail</code> that says what to do.</p>
<table><tr><th>code</th><th>status</th><th>title</th></tr>${problems.join('')}</table>
<h2 id="schemas">Schemas</h2>${schemas.join('\n')}
</main></body></html>`;
}
