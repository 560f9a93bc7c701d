import type { ImportItem } from './import-item.js';

/** What ordering needs of an item: its id, its age, and the parent and blockers its source names. */
export interface Ordered {
  readonly externalId: string;
  readonly createdAt: number | null;
  readonly source: Pick<ImportItem, 'parent' | 'blockedBy' | 'blocks'>;
}

/**
 * Parents and blockers before the items pointing at them (Kahn's algorithm), otherwise oldest first,
 * then file order. Items waiting on each other (a cycle) come once nothing else is ready, oldest first;
 * their links are still made, with the batch of the later end.
 */
export function dependencyOrder<T extends Ordered>(items: readonly T[]): T[] {
  const base = items
    .map((item, i) => ({ item, i }))
    .sort((a, b) => (a.item.createdAt ?? 0) - (b.item.createdAt ?? 0) || a.i - b.i)
    .map((x) => x.item);
  const index = new Map(base.map((it, i) => [it.externalId, i]));
  const before = (it: T) =>
    [it.source.parent, ...it.source.blockedBy].filter(
      (x): x is string => x !== null && index.has(x) && x !== it.externalId,
    );
  const after = new Map<number, number[]>();
  const edge = (from: number, to: number) => {
    const list = after.get(from);
    if (list) list.push(to);
    else after.set(from, [to]);
  };
  const waiting = base.map((it, i) => {
    const deps = new Set(before(it).map((x) => index.get(x)!));
    for (const d of deps) edge(d, i);
    return deps.size;
  });
  base.forEach((it, blocker) => {
    for (const blocked of it.source.blocks) {
      const j = index.get(blocked);
      if (j === undefined || j === blocker) continue;
      edge(blocker, j);
      waiting[j]!++;
    }
  });
  const ready = new MinHeap();
  waiting.forEach((w, i) => {
    if (w === 0) ready.push(i);
  });
  const out: T[] = [];
  const done = new Set<number>();
  let oldest = 0;
  while (out.length < base.length) {
    let next = ready.pop();
    if (next === undefined) {
      while (done.has(oldest)) oldest++;
      next = oldest; // a cycle: take the oldest remaining
    }
    if (done.has(next)) continue;
    done.add(next);
    out.push(base[next]!);
    for (const j of after.get(next) ?? []) {
      if (--waiting[j]! === 0 && !done.has(j)) ready.push(j);
    }
  }
  return out;
}

class MinHeap {
  private readonly a: number[] = [];
  push(v: number): void {
    const a = this.a;
    a.push(v);
    for (let i = a.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (a[p]! <= a[i]!) break;
      [a[p], a[i]] = [a[i]!, a[p]!];
      i = p;
    }
  }
  pop(): number | undefined {
    const a = this.a;
    if (!a.length) return undefined;
    const top = a[0]!;
    const last = a.pop()!;
    if (a.length) {
      a[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l]! < a[m]!) m = l;
        if (r < a.length && a[r]! < a[m]!) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i]!, a[m]!];
        i = m;
      }
    }
    return top;
  }
}
