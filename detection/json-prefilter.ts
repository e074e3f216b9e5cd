/**
 * A pre-filter on the bytes of a JSON text (one element of a state file, as in the file) for a set of
 * ASCII patterns: false only when no pattern can occur in any string of it, property names included, nor in
 * the concatenation of consecutive strings (a string array is also matched joined). It reads every byte once
 * through a dense automaton (one table load per byte) and never parses.
 *
 * The JSON punctuation and white space (`"`, `,`, `:`, brackets, braces, blanks) are deleted from the text
 * and from the patterns alike: the automaton stays where it is on them. A pattern inside a string, or across
 * the strings of an array (only punctuation between them), is then still a substring of what it reads.
 * Letter case is folded. Both only widen the answer. Escapes make a string in the file differ from its value:
 * a backslash anywhere answers true. Dependency-free.
 */

/** Bytes the automaton passes over: JSON punctuation and white space. */
const TRANSPARENT = [0x22, 0x2c, 0x3a, 0x5b, 0x5d, 0x7b, 0x7d, 0x20, 0x0a, 0x0d, 0x09];
const BACKSLASH = 0x5c;
/** Largest transition table built (entries of 4 bytes): about 16 MB, a few secrets with all their forms. */
const MAX_ENTRIES = 1 << 22;

/** A compiled pre-filter; see the module comment. */
export class JsonBytesFilter {
  /**
   * Builds the filter for `patterns` (texts, matched regardless of ASCII letter case), or undefined when it
   * cannot answer for them: a pattern outside ASCII (bytes are not code units there), a pattern made only of
   * punctuation, or more patterns than {@link MAX_ENTRIES} allows.
   */
  static build(patterns: readonly string[], maxEntries = MAX_ENTRIES): JsonBytesFilter | undefined {
    const transparent = new Set(TRANSPARENT);
    const texts: number[][] = [];
    for (const p of patterns) {
      const bytes: number[] = [];
      for (let i = 0; i < p.length; i++) {
        let c = p.charCodeAt(i);
        if (c > 0x7f) return undefined;
        if (c >= 65 && c <= 90) c += 32;
        if (!transparent.has(c)) bytes.push(c);
      }
      if (bytes.length === 0) return undefined;
      texts.push(bytes);
    }
    // Classes: 0 transparent, 1 a byte in no pattern (back to the root), then one per byte the patterns use.
    const classOf = new Uint8Array(256).fill(1);
    for (const c of TRANSPARENT) classOf[c] = 0;
    let width = 2;
    for (const t of texts) for (const c of t) if (classOf[c] === 1) classOf[c] = width++;
    for (let c = 65; c <= 90; c++) classOf[c] = classOf[c + 32];
    // A trie, then breadth first: fail links and the dense table (`-1` in `trie` is no child).
    const trie: number[] = new Array<number>(width).fill(-1);
    const ends: boolean[] = [false];
    for (const t of texts) {
      let node = 0;
      for (const c of t) {
        const k = node * width + classOf[c];
        if (trie[k] < 0) {
          if ((ends.length + 1) * width > maxEntries) return undefined;
          trie[k] = ends.length;
          ends.push(false);
          for (let j = 0; j < width; j++) trie.push(-1);
        }
        node = trie[k];
      }
      ends[node] = true;
    }
    // Breadth first: fail links, then the table. Entries are the next state's row offset (state × width), and
    // -1 where a pattern ends there (the search stops at the first); column 0 (transparent) is the state itself.
    const states = ends.length;
    const delta = new Int32Array(states * width);
    const full = new Int32Array(states * width); // next states as numbers, for the fail links
    const emit = new Uint8Array(states);
    const fail = new Int32Array(states);
    const queue: number[] = [0];
    // `queue` grows while it is walked (breadth first); for-of visits the appended states too.
    for (const s of queue) {
      emit[s] = ends[s] || (s !== 0 && emit[fail[s]] !== 0) ? 1 : 0;
      full[s * width] = s;
      for (let c = 1; c < width; c++) {
        const child = trie[s * width + c];
        if (child >= 0) {
          fail[child] = s === 0 ? 0 : full[fail[s] * width + c];
          full[s * width + c] = child;
          queue.push(child);
        } else full[s * width + c] = s === 0 ? 0 : full[fail[s] * width + c];
      }
    }
    for (const s of queue) {
      delta[s * width] = s * width;
      for (let c = 1; c < width; c++) {
        const next = full[s * width + c];
        delta[s * width + c] = emit[next] !== 0 ? -1 : next * width;
      }
    }
    return new JsonBytesFilter(classOf, delta);
  }

  private constructor(
    private readonly classOf: Uint8Array,
    private readonly delta: Int32Array,
  ) {}

  /** False only when no pattern can occur in the strings of the JSON bytes `json` (see the module comment). */
  mayOccur(json: Uint8Array): boolean {
    if (json.includes(BACKSLASH)) return true;
    const { classOf, delta } = this;
    let state = 0;
    // eslint-disable-next-line @typescript-eslint/prefer-for-of -- the hot loop: indexed access, no iterator
    for (let i = 0; i < json.length; i++) {
      const c = classOf[json[i]];
      if (c === 0) continue; // punctuation and blanks: half of a pretty-printed file, off the table's load chain
      state = delta[state + c];
      if (state < 0) return true;
    }
    return false;
  }
}
