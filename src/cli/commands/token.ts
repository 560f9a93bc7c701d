import { SCOPES, type Scope } from '../../domain/access.js';
import { UsageError } from '../errors.js';
import { intArg } from '../input.js';
import { shortTime, table } from '../render.js';
import type { Session } from '../session.js';

export interface TokenCreateOptions {
  readonly scope?: string;
  readonly note?: string;
}

/** The projects a new token reaches: --project (a key, a comma list, or `*`), else the only project. */
async function projectsFor(s: Session): Promise<string[]> {
  const given = s.globals.project ?? s.io.env.DOCKET_PROJECT;
  if (given)
    return given
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean);
  return [await s.projectKey()];
}

/** `docket token create`: an API token for `docket serve` and MCP over HTTP; the secret is printed once. */
export async function tokenCreate(s: Session, o: TokenCreateOptions): Promise<void> {
  const scope = (o.scope ?? '').toLowerCase();
  if (!(SCOPES as readonly string[]).includes(scope)) {
    throw new UsageError(`--scope takes ${SCOPES.join(', ')}${o.scope ? `, not '${o.scope}'` : ''}`);
  }
  const docket = await s.docket();
  const token = await docket.createToken({
    projects: await projectsFor(s),
    scope: scope as Scope,
    entity: s.actor(),
    ...(o.note !== undefined ? { note: o.note } : {}),
  });
  if (s.json) return s.printJson(token);
  if (s.quiet) return s.out(token.secret);
  s.out(token.secret);
  s.note(
    `Token ${token.id}: ${token.scope} on ${token.projects.join(', ')}${token.entity ? `, acting as ${token.entity}` : ''}. ` +
      'This is the only time the secret is shown: store it now. Send it as Authorization: Bearer <token>.',
  );
}

/** `docket token list`: every token (never a secret), revoked ones marked. */
export async function tokenList(s: Session): Promise<void> {
  const tokens = await (await s.docket()).tokens();
  if (s.json) return s.printJson(tokens);
  if (s.quiet) return s.lines(tokens.filter((t) => t.revokedAt === null).map((t) => String(t.id)));
  if (!tokens.length) return s.note('no tokens; create one with: docket token create --project P --scope read');
  s.out(
    table(
      [
        { header: 'ID' },
        { header: 'HINT' },
        { header: 'SCOPE' },
        { header: 'AS' },
        { header: 'PROJECTS', flex: true },
        { header: 'CREATED' },
        { header: 'REVOKED' },
      ],
      tokens.map((t) => [
        String(t.id),
        `${t.hint}…`,
        t.scope,
        t.entity ?? '-',
        t.projects.join(', '),
        shortTime(t.createdAt),
        t.revokedAt ? shortTime(t.revokedAt) : '-',
      ]),
      s.width,
      s.paint,
    ),
  );
}

/** `docket token revoke ID`: the token stops working at once here (within 2 s on a running server). */
export async function tokenRevoke(s: Session, id: string): Promise<void> {
  const n = intArg(id, 'ID', 1)!;
  await (await s.docket()).revokeToken(n);
  s.done({ id: n, revoked: true }, String(n), `Revoked token ${n}`);
}
