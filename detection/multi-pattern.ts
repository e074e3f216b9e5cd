/**
 * An Aho–Corasick automaton: finds every occurrence of any of many patterns in one pass over a string,
 * whatever the number of patterns. The automaton runs on ASCII-case-folded text; each pattern says
 * whether it matches case-insensitively, and a case-sensitive pattern is confirmed against the original
 * text on a hit (hits are rare, so this costs nothing in the common case). One pass serves both.
 *
 * The automaton is built in typed arrays (see the class). Dependency-free.
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

/** Start slot of (node, code) in a hash table of `mask + 1` slots. */
function hashSlot(node: number, code: number, mask: number): number {
  return (Math.imul(node, 0x9e3779b1) ^ Math.imul(code, 0x85ebca6b)) & mask;
}

/** A compiled set of patterns. Build once, search many strings. */
export class MultiPatternMatcher<T> {
  /*
   * The automaton lives in typed arrays indexed by node (0 is the root): building allocates no object per
   * node, which is what made compiling the few thousand forms of ten secrets cost hundreds of milliseconds.
   * The trie's arrays double as nodes are added (forms share long prefixes: far fewer nodes than characters);
   * the link arrays are sized once, after. Encoded secrets make long unbranched chains, so each node keeps
   * its first child in `firstCode`/`firstChild` (no hashing on the common path) and any further child in one
   * open-addressing hash table keyed by (node, code unit).
   */
  private firstCode: Int32Array;
  private firstChild: Int32Array;
  /** Next child of the same parent (the build's breadth-first walk), -1 at the end. */
  private nextSibling: Int32Array;
  /** Code unit of the edge into each node. */
  private inCode: Int32Array;
  /** 1 when the node has children besides the first (then they are in the hash table). */
  private hasMore: Uint8Array;
  private fail: Int32Array = new Int32Array(1);
  /** Pattern indexes ending at each node (own outputs only); one entry per node, so that it stays a fast array. */
  private readonly outputs: (number[] | undefined)[] = [undefined];
  /** Nearest node on the fail chain with outputs (dictionary suffix link), -1 when none. */
  private dictLink: Int32Array = new Int32Array(1).fill(-1);
  /** Per node: 1 when it or its dictionary link has outputs (one check per character). */
  private emits: Uint8Array = new Uint8Array(1);
  private readonly patterns: Pattern<T>[] = [];
  /** Transitions out of the root by code unit (-1: none): the root is where a search spends most of its time. */
  private readonly rootNext = new Int32Array(65536).fill(-1);
  /** Hash table of the further children: key node, key code unit, child (-1: empty slot). Size a power of two. */
  private hashNode: Int32Array = new Int32Array(0);
  private hashCode: Int32Array = new Int32Array(0);
  private hashChild: Int32Array = new Int32Array(0);
  private hashUsed = 0;
  private nodeCount = 1;
  /** Length of the shortest pattern: shorter texts cannot match. */
  private shortest = Number.POSITIVE_INFINITY;

  /** Compiles `patterns` (empty patterns are ignored). */
  constructor(patterns: readonly Pattern<T>[]) {
    let bound = 1;
    for (const p of patterns) bound += p.text.length;
    const capacity = Math.min(bound, 1024);
    this.firstCode = new Int32Array(capacity).fill(-1);
    this.firstChild = new Int32Array(capacity).fill(-1);
    this.nextSibling = new Int32Array(capacity).fill(-1);
    this.inCode = new Int32Array(capacity);
    this.hasMore = new Uint8Array(capacity);
    this.growHash(64);
    for (const p of patterns) if (p.text.length > 0) this.add(p);
    this.link();
  }

  /** Doubles the trie's arrays. */
  private growNodes(): void {
    const grow = <A extends Int32Array | Uint8Array>(old: A, make: (n: number) => A, empty: number): A => {
      const next = make(old.length * 2);
      next.set(old);
      if (empty !== 0) next.fill(empty, old.length);
      return next;
    };
    this.firstCode = grow(this.firstCode, (n) => new Int32Array(n), -1);
    this.firstChild = grow(this.firstChild, (n) => new Int32Array(n), -1);
    this.nextSibling = grow(this.nextSibling, (n) => new Int32Array(n), -1);
    this.inCode = grow(this.inCode, (n) => new Int32Array(n), 0);
    this.hasMore = grow(this.hasMore, (n) => new Uint8Array(n), 0);
  }

  /** Number of patterns compiled. */
  get size(): number {
    return this.patterns.length;
  }

  /** The child of `node` on `code`, or -1. */
  private child(node: number, code: number): number {
    if (this.firstCode[node] === code) return this.firstChild[node];
    if (this.hasMore[node] === 0) return -1;
    const mask = this.hashChild.length - 1;
    for (let slot = hashSlot(node, code, mask); ; slot = (slot + 1) & mask) {
      const c = this.hashChild[slot];
      if (c < 0) return -1;
      if (this.hashNode[slot] === node && this.hashCode[slot] === code) return c;
    }
  }

  /** Re-sizes the hash table to `capacity` slots (a power of two), re-inserting what it holds. */
  private growHash(capacity: number): void {
    const [nodes, codes, children] = [this.hashNode, this.hashCode, this.hashChild];
    this.hashNode = new Int32Array(capacity);
    this.hashCode = new Int32Array(capacity);
    this.hashChild = new Int32Array(capacity).fill(-1);
    for (let i = 0; i < children.length; i++) if (children[i] >= 0) this.hashPut(nodes[i], codes[i], children[i]);
  }

  private hashPut(node: number, code: number, child: number): void {
    const mask = this.hashChild.length - 1;
    let slot = hashSlot(node, code, mask);
    while (this.hashChild[slot] >= 0) slot = (slot + 1) & mask;
    this.hashNode[slot] = node;
    this.hashCode[slot] = code;
    this.hashChild[slot] = child;
  }

  private add(pattern: Pattern<T>): void {
    let node = 0;
    for (let i = 0; i < pattern.text.length; i++) {
      const code = fold(pattern.text.charCodeAt(i));
      let child = this.child(node, code);
      if (child < 0) {
        if (this.nodeCount === this.firstCode.length) this.growNodes();
        child = this.nodeCount++;
        this.outputs.push(undefined);
        this.inCode[child] = code;
        if (this.firstCode[node] < 0) {
          this.firstCode[node] = code;
          this.firstChild[node] = child;
        } else {
          // Further children: chained after the first (for the breadth-first walk) and hashed (for lookups).
          this.nextSibling[child] = this.nextSibling[this.firstChild[node]];
          this.nextSibling[this.firstChild[node]] = child;
          if (++this.hashUsed * 2 > this.hashChild.length) this.growHash(this.hashChild.length * 2);
          this.hashPut(node, code, child);
          this.hasMore[node] = 1;
        }
      }
      node = child;
    }
    (this.outputs[node] ??= []).push(this.patterns.length);
    this.patterns.push(pattern);
    this.shortest = Math.min(this.shortest, pattern.text.length);
  }

  /** Breadth-first: fail links and dictionary links. */
  private link(): void {
    this.fail = new Int32Array(this.nodeCount);
    this.dictLink = new Int32Array(this.nodeCount).fill(-1);
    this.emits = new Uint8Array(this.nodeCount);
    const queue = new Int32Array(this.nodeCount);
    let tail = 0;
    for (let c = this.firstChild[0]; c >= 0; c = this.nextSibling[c]) {
      this.fail[c] = 0;
      this.rootNext[this.inCode[c]] = c;
      queue[tail++] = c;
    }
    for (let head = 0; head < tail; head++) {
      const node = queue[head];
      this.emits[node] = this.outputs[node] || this.dictLink[node] >= 0 ? 1 : 0;
      for (let c = this.firstChild[node]; c >= 0; c = this.nextSibling[c]) {
        const code = this.inCode[c];
        let f = this.fail[node];
        while (f !== 0 && this.child(f, code) < 0) f = this.fail[f];
        const target = f === 0 ? this.rootNext[code] : this.child(f, code);
        const fc = target >= 0 && target !== c ? target : 0;
        this.fail[c] = fc;
        this.dictLink[c] = this.outputs[fc] ? fc : this.dictLink[fc];
        queue[tail++] = c;
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
