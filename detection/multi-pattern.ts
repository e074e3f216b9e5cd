/**
 * An Aho–Corasick automaton: finds every occurrence of any of many patterns in one pass over a string,
 * whatever the number of patterns. The automaton runs on ASCII-case-folded text; each pattern says
 * whether it matches case-insensitively, and a case-sensitive pattern is confirmed against the original
 * text on a hit (hits are rare, so this costs nothing in the common case). One pass serves both.
 *
 * Transitions live in one `Map` keyed by `node * 65536 + code unit`: compact for the long, mostly
 * unbranched chains that encoded secrets make. Dependency-free.
 */
import { JsonBytesFilter } from "./json-prefilter";

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
  /**
   * Transitions. Encoded secrets make long unbranched chains, so each node keeps its first child in two
   * arrays (no hashing on the common path) and any further children in one shared `Map` keyed by
   * `node * 65536 + code unit`.
   */
  private readonly firstCode: number[] = [-1];
  private readonly firstChild: number[] = [-1];
  private readonly more = new Map<number, number>();
  private readonly hasMore: boolean[] = [false];
  private readonly fail: number[] = [0];
  /** Pattern indexes ending at each node (own outputs only). */
  private readonly outputs: (number[] | undefined)[] = [undefined];
  /** Nearest node on the fail chain with outputs (dictionary suffix link), -1 when none. */
  private readonly dictLink: number[] = [-1];
  /** Per node: 1 when it or its dictionary link has outputs (one check per character). */
  private readonly emits: number[] = [0];
  private readonly patterns: Pattern<T>[] = [];
  /** Transitions out of the root by code unit (-1: none): the root is where a search spends most of its time. */
  private readonly rootNext = new Int32Array(65536).fill(-1);
  /** Length of the shortest pattern: shorter texts cannot match. */
  private shortest = Number.POSITIVE_INFINITY;

  /** Compiles `patterns` (empty patterns are ignored). */
  constructor(patterns: readonly Pattern<T>[]) {
    for (const p of patterns) if (p.text.length > 0) this.add(p);
    this.link();
  }

  /** Number of patterns compiled. */
  get size(): number {
    return this.patterns.length;
  }

  /** The child of `node` on `code`, or -1. */
  private child(node: number, code: number): number {
    if (this.firstCode[node] === code) return this.firstChild[node];
    if (!this.hasMore[node]) return -1;
    return this.more.get(node * 65536 + code) ?? -1;
  }

  private add(pattern: Pattern<T>): void {
    const text = foldText(pattern.text);
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      let child = this.child(node, code);
      if (child < 0) {
        child = this.fail.length;
        this.fail.push(0);
        this.outputs.push(undefined);
        this.dictLink.push(-1);
        this.emits.push(0);
        this.firstCode.push(-1);
        this.firstChild.push(-1);
        this.hasMore.push(false);
        if (this.firstCode[node] < 0) {
          this.firstCode[node] = code;
          this.firstChild[node] = child;
        } else {
          this.more.set(node * 65536 + code, child);
          this.hasMore[node] = true;
        }
      }
      node = child;
    }
    (this.outputs[node] ??= []).push(this.patterns.length);
    this.patterns.push(pattern);
    this.shortest = Math.min(this.shortest, pattern.text.length);
  }

  /** Every `[code, child]` of `node`. */
  private children(node: number): [number, number][] {
    const out: [number, number][] = [];
    if (this.firstCode[node] >= 0) out.push([this.firstCode[node], this.firstChild[node]]);
    return out;
  }

  /** Breadth-first: fail links and dictionary links. */
  private link(): void {
    const extra = new Map<number, [number, number][]>();
    for (const [key, child] of this.more) {
      const parent = Math.floor(key / 65536);
      let list = extra.get(parent);
      if (!list) extra.set(parent, (list = []));
      list.push([key - parent * 65536, child]);
    }
    const childrenOf = (node: number): [number, number][] => [...this.children(node), ...(extra.get(node) ?? [])];
    const queue: number[] = [];
    for (const [code, child] of childrenOf(0)) {
      this.fail[child] = 0;
      this.rootNext[code] = child;
      queue.push(child);
    }
    // `queue` grows while it is walked (breadth first); for-of visits the appended nodes too.
    for (const node of queue) {
      this.emits[node] = this.outputs[node] || this.dictLink[node] >= 0 ? 1 : 0;
      for (const [code, child] of childrenOf(node)) {
        let f = this.fail[node];
        while (f !== 0 && this.child(f, code) < 0) f = this.fail[f];
        const target = this.child(f, code);
        this.fail[child] = target >= 0 && target !== child ? target : 0;
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
  scan(text: string, onHit: (hit: PatternHit<T>) => boolean | undefined): void {
    if (this.patterns.length === 0 || text.length < this.shortest) return;
    const rootNext = this.rootNext;
    const emits = this.emits;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      let code = text.charCodeAt(i);
      if (code >= 65 && code <= 90) code += 32;
      if (node === 0) {
        node = rootNext[code];
        if (node < 0) {
          node = 0;
          continue;
        }
      } else {
        for (;;) {
          const child = this.child(node, code);
          if (child >= 0) {
            node = child;
            break;
          }
          if (node === 0) break;
          node = this.fail[node];
          if (node === 0) {
            node = Math.max(0, rootNext[code]);
            break;
          }
        }
      }
      if (emits[node] === 0) continue;
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

  /**
   * Cheap pre-check on the UTF-8 bytes of a JSON text (an element of a state file): false only when no
   * pattern occurs in any string of it, property names included, nor in the concatenation of consecutive
   * strings (see `JsonBytesFilter`, built on first use). True, to be parsed and searched, when that filter
   * cannot be built for these patterns.
   */
  mayOccurInJsonStrings(json: Uint8Array): boolean {
    if (this.patterns.length === 0) return false;
    if (this.jsonFilter === undefined) this.jsonFilter = JsonBytesFilter.build(this.patterns.map((p) => p.text)) ?? null;
    return this.jsonFilter === null || this.jsonFilter.mayOccur(json);
  }
  private jsonFilter: JsonBytesFilter | null | undefined;

  /** Every occurrence in `text`. */
  findAll(text: string): PatternHit<T>[] {
    const out: PatternHit<T>[] = [];
    this.scan(text, (hit) => {
      out.push(hit);
      return true;
    });
    return out;
  }
}
