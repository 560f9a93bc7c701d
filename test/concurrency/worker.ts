/**
 * A writer process for the concurrency tests. Run with `node --import tsx worker.ts`, given a JSON
 * job as the first argument. It prints `ready`, waits for `go` on stdin, then writes through the
 * library and prints one JSON ack line per committed operation (after the commit returned), so
 * the parent knows exactly what was acknowledged even if this process is killed mid-burst.
 */
import { createInterface } from 'node:readline';
import type { Project } from '../../src/core/docket.js';
import { isDocketError } from '../../src/domain/errors.js';
import { DEFAULT_WORKFLOWS, targetsFrom } from '../../src/domain/workflow.js';
import { openDocket } from '../../src/open.js';

export interface Job {
  readonly db: string;
  readonly name: string;
  readonly seed: number;
  /**
   * `mixed`: `ops` operations of every kind, then exit. `burst`: create, comment, move until killed.
   * `steady`: `ops` rounds of create, comment, move, then exit.
   */
  readonly mode: 'mixed' | 'burst' | 'steady';
  readonly ops: number;
  /** Tickets every worker labels (mixed mode); created by the parent, assigned so nobody claims them. */
  readonly hot: readonly number[];
}

/** One committed operation: which ticket, how many history rows it wrote, how far it moved `version`. */
export interface Ack {
  readonly op: 'create' | 'move' | 'comment' | 'label' | 'claim' | 'claim-next';
  readonly n: number;
  readonly rows: number;
  readonly bump: number;
  readonly status?: string;
  readonly body?: string;
  readonly label?: string;
  readonly title?: string;
  readonly version?: number;
}

/** Small seeded PRNG (mulberry32), so a failing run can be replayed with the same seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TASK = DEFAULT_WORKFLOWS.find((w) => w.type === 'task')!;
const say = (line: string) => process.stdout.write(`${line}\n`);
const ack = (a: Ack) => say(`ack ${JSON.stringify(a)}`);

async function mixed(doc: Project, job: Job, rnd: () => number): Promise<void> {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  /** Tickets only this worker moves: assigned to it at creation, so never ready for anyone else. */
  const mine = new Map<number, string>();
  /** Unassigned tickets this worker created for anyone to claim. */
  const pool: number[] = [];
  const claimed = new Set<number>();
  const labelled = new Map<number, number>();
  let highest = Math.max(0, ...job.hot);
  for (let i = 0; i < job.ops; i++) {
    const roll = rnd();
    try {
      if (roll < 0.2 || mine.size === 0) {
        const own = rnd() < 0.6;
        const t = await doc.create({ title: `${job.name} #${i}`, ...(own ? { assignee: job.name } : {}) });
        if (own) mine.set(t.number, t.status);
        else pool.push(t.number);
        highest = Math.max(highest, t.number);
        ack({ op: 'create', n: t.number, rows: own ? 2 : 1, bump: 0, title: t.title });
      } else if (roll < 0.45) {
        const n = pick([...mine.keys()]);
        const to = pick(targetsFrom(TASK, mine.get(n)!));
        const t = await doc.move(n, to);
        mine.set(n, t.status);
        ack({ op: 'move', n, rows: 1, bump: 1, status: to });
      } else if (roll < 0.65) {
        // any number up to the highest seen exists: numbering has no gaps
        const n = 1 + Math.floor(rnd() * highest);
        const body = `${job.name} says ${i}`;
        await doc.comment(n, body);
        ack({ op: 'comment', n, rows: 1, bump: 0, body });
      } else if (roll < 0.75) {
        const n = pick(job.hot);
        if ((labelled.get(n) ?? 0) >= 10) continue;
        const label = `${job.name}-${i}`;
        await doc.addLabels(n, [label]);
        labelled.set(n, (labelled.get(n) ?? 0) + 1);
        ack({ op: 'label', n, rows: 1, bump: 1, label });
      } else if (roll < 0.88) {
        const t = await doc.claimNext();
        // pool tickets sit in backlog: a claim writes the assignee and one step into in_progress
        if (t) {
          claimed.add(t.number);
          ack({ op: 'claim-next', n: t.number, rows: 2, bump: 1 });
        }
      } else {
        const n = pool.find((x) => !claimed.has(x));
        if (n === undefined) continue;
        claimed.add(n);
        try {
          await doc.claim(n);
          ack({ op: 'claim', n, rows: 2, bump: 1 });
        } catch (e) {
          // someone else's claimNext got there first: the expected refusal, not an error
          if (!isDocketError(e) || e.code !== 'conflict') throw e;
          say(`refused ${JSON.stringify({ op: 'claim', n })}`);
        }
      }
    } catch (e) {
      say(`error ${JSON.stringify({ i, message: (e as Error).message, code: (e as { code?: string }).code })}`);
    }
  }
}

async function burst(doc: Project, job: Job, rounds = Number.POSITIVE_INFINITY): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    const t = await doc.create({ title: `${job.name} burst ${i}` });
    ack({ op: 'create', n: t.number, rows: 1, bump: 0, title: t.title });
    const body = `${job.name} note ${i}`;
    await doc.comment(t.number, body);
    ack({ op: 'comment', n: t.number, rows: 1, bump: 0, body });
    const moved = await doc.move(t.number, 'in_progress');
    ack({ op: 'move', n: t.number, rows: 1, bump: 1, status: 'in_progress', version: moved.version });
  }
}

async function main(): Promise<void> {
  const job = JSON.parse(process.argv[2]!) as Job;
  const docket = await openDocket(job.db);
  const doc = docket.project('doc', { actor: job.name });
  const lines = createInterface({ input: process.stdin });
  const go = new Promise<void>((resolve) => lines.once('line', () => resolve()));
  say('ready');
  await go;
  lines.close();
  if (job.mode === 'burst') await burst(doc, job);
  else if (job.mode === 'steady') await burst(doc, job, job.ops);
  else await mixed(doc, job, random(job.seed));
  await docket.close();
  say('done');
}

main().catch((e) => {
  say(`error ${JSON.stringify({ message: (e as Error).message, code: (e as { code?: string }).code })}`);
  process.exitCode = 1;
});
