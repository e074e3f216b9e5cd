/**
 * A small streaming JSON scanner for Pulumi state files: it walks the structure of the document byte by
 * byte, hands every element of the resource arrays to a callback one at a time (parsed with the native
 * `JSON.parse` on just that element's bytes), and every other top-level value (version, stack name,
 * config, manifest) as a whole. Memory use is bounded by the largest single resource, not by the file.
 *
 * Only the structure is scanned in JavaScript (quotes, brackets, braces); strings are skipped with
 * `Buffer.indexOf`, so the cost per byte is small and the parsing proper is native.
 */
import { GuardError } from "../core/errors";

/** Object paths (dot-joined keys, "" = the document) the scanner descends into instead of capturing. */
const DESCEND = new Set(["", "deployment", "checkpoint", "checkpoint.latest"]);

/** Array paths whose elements are emitted one at a time. */
export const ELEMENT_ARRAYS: ReadonlySet<string> = new Set([
  "deployment.resources",
  "deployment.pending_operations",
  "checkpoint.latest.resources",
  "checkpoint.latest.pending_operations",
  "resources",
]);

/** Largest single element (resource) accepted, in bytes. */
export const MAX_ELEMENT_BYTES = 512 * 1024 * 1024;

/** One element of a resource array. `raw` is only valid during the callback. */
export interface StreamElement {
  /** Dot-joined path of the array, e.g. `deployment.resources`. */
  arrayPath: string;
  /** Index inside the array. */
  index: number;
  /** The parsed element. */
  value: unknown;
  /** The element's bytes as they are in the file (JSON text). Do not keep a reference. */
  raw: Buffer;
  /** 1-based line number of the element's first byte. */
  line: number;
  /** Byte offset of the element's first byte. */
  offset: number;
}

/** Callbacks of {@link StateStreamScanner}. */
export interface StreamHandlers {
  /** An element of one of {@link ELEMENT_ARRAYS}. */
  element(e: StreamElement): void;
  /**
   * Any other value below the descended objects, e.g. path `checkpoint.config`; `raw` and `offset` as in
   * {@link StreamElement}.
   */
  value(path: string, value: unknown, raw: Buffer, offset: number): void;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const LBRACK = 0x5b;
const RBRACK = 0x5d;
const COMMA = 0x2c;
const COLON = 0x3a;
const NL = 0x0a;
const SPACE = 0x20;

function isSpace(c: number): boolean {
  return c === 0x20 || c === NL || c === 0x0d || c === 0x09;
}

type FrameState = "key" | "colon" | "value" | "comma";

interface Frame {
  container: "obj" | "arr";
  path: string;
  elements: boolean;
  state: FrameState;
  key: string;
  index: number;
  /** Nothing read yet (allows `}` / `]` right after the opening bracket). */
  empty: boolean;
}

interface Capture {
  /** Absolute offset of the first byte. */
  start: number;
  /** Absolute offset where scanning resumes. */
  scan: number;
  kind: "container" | "string" | "primitive";
  depth: number;
  inString: boolean;
  line: number;
  path: string;
  element: boolean;
  index: number;
}

function joinPath(base: string, key: string): string {
  return base === "" ? key : `${base}.${key}`;
}

function syntaxError(message: string, offset: number): GuardError {
  return new GuardError("input.invalid", `not a Pulumi state file: ${message} at byte ${offset}`, {
    hint: "Give the output of `pulumi stack export` or a checkpoint file of a local backend.",
  });
}

/** Index of the closing quote of a string whose body starts at `from`, or -1 when not in `buf`. */
function findStringEnd(buf: Buffer, from: number): number {
  let i = from;
  for (;;) {
    const q = buf.indexOf(QUOTE, i);
    if (q < 0) return -1;
    let backslashes = 0;
    for (let j = q - 1; j >= from && buf[j] === BACKSLASH; j--) backslashes++;
    if (backslashes % 2 === 0) return q;
    i = q + 1;
  }
}

/**
 * Incremental scanner: feed chunks with {@link push}, then call {@link end}. Callbacks run synchronously
 * inside `push`/`end`.
 */
export class StateStreamScanner {
  private buf: Buffer = Buffer.alloc(0);
  /** Absolute offset of buf[0]. */
  private base = 0;
  /** Absolute offset of the next byte to look at. */
  private pos = 0;
  private line = 1;
  private frames: Frame[] = [];
  private capture: Capture | undefined;
  private started = false;
  private done = false;
  /** Pretty-printed elements: whether their ends are still guessed, how often that worked, and the closing lines by indentation. */
  private guessing = true;
  private guessHits = 0;
  private guessMisses = 0;
  private readonly closers = new Map<number, Buffer>();
  /** Bytes consumed so far. */
  bytes = 0;

  constructor(private readonly handlers: StreamHandlers) {}

  /** Feed the next chunk. */
  push(chunk: Buffer): void {
    this.bytes += chunk.length;
    const keepFrom = this.pos - this.base;
    this.buf = keepFrom >= this.buf.length ? chunk : Buffer.concat([this.buf.subarray(keepFrom), chunk]);
    this.base = this.pos;
    this.run(false);
  }

  /** The input is complete; throws when the document is truncated. */
  end(): void {
    this.run(true);
    if (!this.done) throw syntaxError(this.started ? "unexpected end of input" : "empty input", this.base + this.buf.length);
  }

  private run(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    for (;;) {
      if (this.capture) {
        if (!this.continueCapture(this.capture, final)) {
          if (this.capture && this.capture.scan - this.capture.start > MAX_ELEMENT_BYTES) {
            throw syntaxError(`a single value larger than ${MAX_ELEMENT_BYTES} bytes`, this.capture.start);
          }
          // keep bytes from the capture's start
          if (this.capture) this.pos = this.capture.start;
          return;
        }
        continue;
      }
      let i = this.pos - this.base;
      while (i < len && isSpace(buf[i])) {
        if (buf[i] === NL) this.line++;
        i++;
      }
      this.pos = this.base + i;
      if (i >= len) return;
      if (this.done) throw syntaxError("unexpected data after the document", this.pos);
      const c = buf[i];
      const frame = this.frames[this.frames.length - 1];
      if (!frame) {
        if (this.started) throw syntaxError("unexpected data", this.pos);
        this.started = true;
        this.startValue(c, "", false, 0);
        continue;
      }
      if (frame.container === "obj") {
        if (frame.state === "key") {
          if (c === RBRACE && frame.empty) {
            this.pos++;
            this.pop();
            continue;
          }
          if (c !== QUOTE) throw syntaxError("expected a property name", this.pos);
          const end = findStringEnd(buf, i + 1);
          if (end < 0) {
            if (final) throw syntaxError("unterminated property name", this.pos);
            return;
          }
          frame.key = JSON.parse(buf.toString("utf8", i, end + 1)) as string;
          frame.state = "colon";
          frame.empty = false;
          this.pos = this.base + end + 1;
          continue;
        }
        if (frame.state === "colon") {
          if (c !== COLON) throw syntaxError("expected ':'", this.pos);
          frame.state = "value";
          this.pos++;
          continue;
        }
        if (frame.state === "value") {
          frame.state = "comma";
          this.startValue(c, joinPath(frame.path, frame.key), false, 0);
          continue;
        }
        // comma
        if (c === COMMA) frame.state = "key";
        else if (c === RBRACE) this.pop();
        else throw syntaxError("expected ',' or '}'", this.pos);
        this.pos++;
        continue;
      }
      // array
      if (frame.state === "value") {
        if (c === RBRACK && frame.empty) {
          this.pos++;
          this.pop();
          continue;
        }
        frame.empty = false;
        frame.state = "comma";
        const index = frame.index++;
        this.startValue(c, frame.path, frame.elements, index);
        continue;
      }
      if (c === COMMA) frame.state = "value";
      else if (c === RBRACK) this.pop();
      else throw syntaxError("expected ',' or ']'", this.pos);
      this.pos++;
    }
  }

  private pop(): void {
    this.frames.pop();
    if (this.frames.length === 0) this.done = true;
  }

  private startValue(c: number, path: string, element: boolean, index: number): void {
    if (!element) {
      if (c === LBRACE && DESCEND.has(path)) {
        this.frames.push({ container: "obj", path, elements: false, state: "key", key: "", index: 0, empty: true });
        this.pos++;
        return;
      }
      if (c === LBRACK && ELEMENT_ARRAYS.has(path)) {
        this.frames.push({ container: "arr", path, elements: true, state: "value", key: "", index: 0, empty: true });
        this.pos++;
        return;
      }
    }
    const kind = c === LBRACE || c === LBRACK ? "container" : c === QUOTE ? "string" : "primitive";
    this.capture = { start: this.pos, scan: this.pos + 1, kind, depth: kind === "container" ? 1 : 0, inString: false, line: this.line, path, element, index };
  }

  /**
   * A pretty-printed element (`pulumi stack export` writes them so) starts a line after its indentation and
   * ends with a line holding only its closing bracket at the same indentation: the first such line is taken as
   * its end when `JSON.parse` accepts the bytes up to there — a valid JSON text that starts with a bracket ends
   * at the matching one, so nothing else can parse. Saves scanning the structure byte by byte; anything else
   * (not in this chunk, not pretty-printed) is scanned as before, and after more misses than hits this stops.
   */
  private guessElement(cap: Capture): { end: number; value: unknown } | undefined {
    const buf = this.buf;
    const s = cap.start - this.base;
    let indent = 0;
    while (s - indent > 0 && buf[s - indent - 1] === SPACE) indent++;
    if (s - indent === 0 || buf[s - indent - 1] !== NL) return undefined;
    const closer = buf[s] === LBRACE ? RBRACE : RBRACK;
    const key = indent * 2 + (closer === RBRACE ? 1 : 0);
    let needle = this.closers.get(key);
    if (!needle) this.closers.set(key, (needle = Buffer.from(`\n${" ".repeat(indent)}${String.fromCharCode(closer)}`, "latin1")));
    const q = buf.indexOf(needle, s);
    let value: unknown = undefined;
    let ok = q >= 0;
    if (ok) {
      try {
        value = JSON.parse(buf.toString("utf8", s, q + needle.length));
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      if (++this.guessMisses > 8 && this.guessMisses > this.guessHits) this.guessing = false;
      return undefined;
    }
    this.guessHits++;
    const end = q + needle.length;
    let lines = 0;
    for (let i = s; i < end; i++) if (buf[i] === NL) lines++;
    this.line += lines;
    return { end, value };
  }

  /** Scans the current capture further; true when it completed (and was emitted). */
  private continueCapture(cap: Capture, final: boolean): boolean {
    const buf = this.buf;
    const len = buf.length;
    let i = cap.scan - this.base;
    let end = -1;
    const guessed = this.guessing && cap.element && cap.kind === "container" && cap.scan === cap.start + 1 ? this.guessElement(cap) : undefined;
    if (guessed) end = guessed.end;
    else if (cap.kind === "string") {
      const q = findStringEnd(buf, i);
      if (q >= 0) end = q + 1;
      else {
        // resume from a safe point: before any trailing backslashes
        let j = len;
        while (j > i && buf[j - 1] === BACKSLASH) j--;
        cap.scan = this.base + j;
      }
    } else if (cap.kind === "primitive") {
      while (i < len) {
        const c = buf[i];
        if (c === COMMA || c === RBRACE || c === RBRACK || isSpace(c)) break;
        i++;
      }
      if (i < len || final) end = i;
      else cap.scan = this.base + i;
    } else {
      let depth = cap.depth;
      let line = this.line;
      let inString = cap.inString;
      while (i < len) {
        if (inString) {
          const q = findStringEnd(buf, i);
          if (q < 0) {
            let j = len;
            while (j > i && buf[j - 1] === BACKSLASH) j--;
            i = j;
            break;
          }
          inString = false;
          i = q + 1;
          continue;
        }
        const c = buf[i++];
        if (c === QUOTE) inString = true;
        else if (c === LBRACE || c === LBRACK) depth++;
        else if (c === RBRACE || c === RBRACK) {
          if (--depth === 0) {
            end = i;
            break;
          }
        } else if (c === NL) line++;
      }
      this.line = line;
      cap.depth = depth;
      cap.inString = inString;
      if (end < 0) cap.scan = this.base + i;
    }
    if (end < 0) {
      if (final) throw syntaxError("unexpected end of input inside a value", cap.start);
      return false;
    }
    const s = cap.start - this.base;
    const raw = buf.subarray(s, end);
    let value: unknown = guessed?.value;
    if (!guessed) {
      try {
        value = JSON.parse(raw.toString("utf8"));
      } catch {
        throw syntaxError("invalid JSON value", cap.start);
      }
    }
    this.capture = undefined;
    this.pos = this.base + end;
    if (cap.element) {
      this.handlers.element({ arrayPath: cap.path, index: cap.index, value, raw, line: cap.line, offset: cap.start });
    } else {
      this.handlers.value(cap.path, value, raw, cap.start);
    }
    if (this.frames.length === 0) this.done = true;
    return true;
  }
}

/** A byte range of a document: an element or a value a {@link StateStreamScanner} found. */
export interface Segment {
  /** Byte offset of the first byte. */
  start: number;
  /** Length in bytes. */
  length: number;
}

/**
 * Reads a document again and hands the bytes of segments an earlier scan of it found (sorted, disjoint) to
 * `onSegment`, without scanning the structure again: a later pass goes straight to what it needs. Feed
 * chunks with {@link push}, then call {@link end}; throws when the document is not the `total` bytes it was.
 */
export class SegmentReader<S extends Segment> {
  private next = 0;
  /** Absolute offset of the next chunk. */
  private offset = 0;
  /** The part of the current segment in earlier chunks. */
  private parts: Buffer[] = [];

  constructor(
    private readonly segments: readonly S[],
    private readonly total: number,
    private readonly onSegment: (segment: S, raw: Buffer) => void,
  ) {}

  /** Feed the next chunk; `onSegment` runs for every segment it completes (`raw` is only valid in the call). */
  push(chunk: Buffer): void {
    const from = this.offset;
    const to = from + chunk.length;
    this.offset = to;
    while (this.next < this.segments.length) {
      const segment = this.segments[this.next];
      if (segment.start >= to) return;
      const begin = Math.max(segment.start, from) - from;
      const end = segment.start + segment.length;
      if (end > to) {
        this.parts.push(chunk.subarray(begin));
        return;
      }
      const piece = chunk.subarray(begin, end - from);
      const raw = this.parts.length === 0 ? piece : Buffer.concat([...this.parts, piece]);
      this.parts = [];
      this.next++;
      this.onSegment(segment, raw);
    }
  }

  /** The input is complete. */
  end(): void {
    if (this.offset !== this.total || this.next < this.segments.length) throw changedError();
  }
}

/** The input is not what an earlier read of it was. */
export function changedError(): GuardError {
  return new GuardError("input.invalid", "the input changed while it was read (it is read more than once)");
}
