/**
 * `--shard i/n`: a stable partition of the audit's inputs by STACK, so n CI jobs can audit one large backend
 * in parallel and `audit merge` joins their reports. Every file of a stack (checkpoint, history, backups) is
 * in the same shard: the shard of a source is a hash of its `<project>/<stack>` (the layout's name; for
 * `--stack` inputs the name given; for a lone file its label) — never of its position in a listing, so it
 * does not move when other stacks are added or removed.
 */
import { createHash } from "crypto";
import { GuardError } from "../core/errors";
import type { Source } from "./sources";

/** Shard `index` (1-based, as GitHub's matrix and GitLab's CI_NODE_INDEX count) of `total`. */
export interface Shard {
  index: number;
  total: number;
}

/** Parses `i/n` with 1 ≤ i ≤ n ≤ 10000. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || total > 10000 || index < 1 || index > total) {
    throw new GuardError("cli.usage", `--shard must be i/n with 1 ≤ i ≤ n (got "${text}")`, { hint: "E.g. --shard 2/4 in the second of 4 parallel jobs." });
  }
  return { index, total };
}

/** The key a source is partitioned by: its stack (`<project>/<stack>`, organization dropped), else its label. */
export function shardKey(source: Source): string {
  if (source.stack) return source.stack;
  const m = /^pulumi stack export --stack (\S+)$/.exec(source.label);
  if (m) return m[1].split("/").slice(-2).join("/");
  return source.label;
}

/** The 1-based shard of `key` among `total`: SHA-256 of the key, first 6 bytes, modulo `total`. */
export function shardOf(key: string, total: number): number {
  const digest = createHash("sha256").update(key, "utf8").digest();
  return (digest.readUIntBE(0, 6) % total) + 1;
}

/**
 * The sources of `shard`, in their order. Sources for which `everyShard` is true (a backend that could not
 * be listed) are in every shard, so that no shard passes on a backend it could not read.
 */
export function selectShard(sources: readonly Source[], shard: Shard, everyShard: (s: Source) => boolean = () => false): Source[] {
  return sources.filter((s) => everyShard(s) || shardOf(shardKey(s), shard.total) === shard.index);
}
