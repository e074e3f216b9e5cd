/**
 * An Aho–Corasick automaton: finds every occurrence of any of many patterns in one pass over a string,
 * whatever the number of patterns. The automaton runs on ASCII-case-folded text; each pattern says
 * whether it matches case-insensitively, and a case-sensitive pattern is confirmed against the original
 * text on a hit (hits are rare, so this costs nothing in the common case). One pass serves both.
 *
 * Transitions live in one `Map` keyed by `node * 65536 + code unit`: compact for the long, mostly
 * unbranched chains that encoded secrets make. Dependency-free.
 */

/** One pattern to look for, with the value reported when it matches. */
export interface Pattern<T> {
  /** The text to find (UTF-16 code units). */
  text: string;
  /** Match regardless of ASCII letter case. */
  caseInsensitive: boolean;
  /** What a hit reports. */
  value: T;
}

/** One occurrence: `[start, end)` in the searched text. */
export interface PatternHit<T> {
  value: T;
  start: number;
  end: number;
}

/** ASCII upper-case letters become lower case; every other code unit is unchanged. */
function fold(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

function foldText(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) out += String.fromCharCode(fold(text.charCodeAt(i)));
  return out;
}

/** A compiled set of patterns. Build once, search many strings. */
export class MultiPatternMatcher<T> {
  private readonly next = new Map<number, number>();
  private readonly fail: number[] = [0];
  /** Pattern indexes ending at each node (own outputs only). */
  private readonly outputs: (number[] | undefined)[] = [undefined];
  /** Nearest node on the fail chain with outputs (dictionary suffix link), -1 when none. */
  private readonly dictLink: number[] = [-1];
  private readonly patterns: Pattern<T>[] = [];

  /** Compiles `patterns` (empty patterns are ignored). */
  constructor(patterns: readonly Pattern<T>[]) {
    for (const p of patterns) if (p.text.length > 0) this.add(p);
    this.link();
  }

  /** Number of patterns compiled. */
  get size(): number {
    return this.patterns.length;
  }

  private add(pattern: Pattern<T>): void {
    const text = foldText(pattern.text);
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const key = node * 65536 + text.charCodeAt(i);
      let child = this.next.get(key);
      if (child === undefined) {
        child = this.fail.length;
        this.fail.push(0);
        this.outputs.push(undefined);
        this.dictLink.push(-1);
        this.next.set(key, child);
      }
      node = child;
    }
    (this.outputs[node] ??= []).push(this.patterns.length);
    this.patterns.push(pattern);
  }

  /** Breadth-first: fail links and dictionary links. */
  private link(): void {
    const children = new Map<number, [number, number][]>();
    for (const [key, child] of this.next) {
      const parent = Math.floor(key / 65536);
      let list = children.get(parent);
      if (!list) children.set(parent, (list = []));
      list.push([key - parent * 65536, child]);
    }
    const queue: number[] = [];
    for (const [, child] of children.get(0) ?? []) {
      this.fail[child] = 0;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, child] of children.get(node) ?? []) {
        let f = this.fail[node];
        while (f !== 0 && !this.next.has(f * 65536 + code)) f = this.fail[f];
        const target = this.next.get(f * 65536 + code);
        this.fail[child] = target !== undefined && target !== child ? target : 0;
        const fc = this.fail[child];
        this.dictLink[child] = this.outputs[fc] ? fc : this.dictLink[fc];
        queue.push(child);
      }
    }
  }

  /**
   * Calls `onHit` for every occurrence of every pattern in `text`, in order of end position. Return
   * `false` from `onHit` to stop early.
   */
  scan(text: string, onHit: (hit: PatternHit<T>) => boolean | void): void {
    if (this.patterns.length === 0) return;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = fold(text.charCodeAt(i));
      for (;;) {
        const child = this.next.get(node * 65536 + code);
        if (child !== undefined) {
          node = child;
          break;
        }
        if (node === 0) break;
        node = this.fail[node];
      }
      for (let out = this.outputs[node] ? node : this.dictLink[node]; out > 0; out = this.dictLink[out]) {
        for (const index of this.outputs[out] ?? []) {
          const p = this.patterns[index];
          const start = i + 1 - p.text.length;
          if (!p.caseInsensitive && !text.startsWith(p.text, start)) continue;
          if (onHit({ value: p.value, start, end: i + 1 }) === false) return;
        }
      }
    }
  }

  /** Every occurrence in `text`. */
  findAll(text: string): PatternHit<T>[] {
    const out: PatternHit<T>[] = [];
    this.scan(text, (hit) => {
      out.push(hit);
    });
    return out;
  }
}
