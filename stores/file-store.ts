/**
 * The embedded default store: one JSON file per secret.
 *
 * File format (what a consumer reads): `{"version": N, "rotationId": "...", "record": CredentialRecord}`.
 * The file is mode 0600 inside a directory of mode 0700; a group/world-accessible file or directory is
 * refused with `store.insecure` naming the chmod to run. Writes are atomic: a temp file (0600) in the
 * same directory, fsync, rename over the target, fsync of the directory. `version` counts writes;
 * a write whose writeKey (rotationId, plus the pending rotation's id) is already current returns the
 * stored version without writing.
 */
import { randomBytes } from "crypto";
import * as fs from "fs";
import * as path from "path";
import { GuardError } from "../core/errors";
import { debug } from "../core/log";
import { FileStoreReference, formatStoreReference } from "./reference";
import { checkRecord, recordFields, toRecord, writeKey } from "./record";
import { StoreOptions } from "./options";
import { CredentialRecord, SecretStore, StoredCredential } from "./store";

/** What the file holds. */
interface FileContent {
  version: number;
  rotationId: string;
  record: CredentialRecord;
}

function ioError(action: string, target: string, e: unknown): GuardError {
  const code = (e as NodeJS.ErrnoException)?.code ?? "EUNKNOWN";
  const hint =
    code === "EACCES" || code === "EPERM"
      ? `Make ${target} writable by the user running Pulumi, or choose another path.`
      : code === "ENOSPC"
        ? "Free disk space."
        : undefined;
  return new GuardError("store.io", `File store: cannot ${action} ${target} (${code}).`, { hint, serviceCode: code });
}

/** Store writing one JSON file per secret. */
export class FileStore implements SecretStore {
  readonly kind = "file";
  readonly reference: string;
  /** Absolute path of the secret file. */
  readonly filePath: string;
  /** Absolute path of its directory. */
  readonly dirPath: string;

  constructor(ref: FileStoreReference, options: StoreOptions = {}) {
    this.reference = formatStoreReference(ref);
    this.filePath = path.resolve(options.cwd ?? process.cwd(), ref.path);
    this.dirPath = path.dirname(this.filePath);
  }

  /** Create the directory (0700) if needed; refuse a group/world-accessible one. */
  private ensureDir(): void {
    try {
      fs.mkdirSync(this.dirPath, { recursive: true, mode: 0o700 });
    } catch (e) {
      throw ioError("create the directory", this.dirPath, e);
    }
    this.checkDirMode();
  }

  private checkDirMode(): boolean {
    let st: fs.Stats;
    try {
      st = fs.statSync(this.dirPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return false;
      throw ioError("inspect the directory", this.dirPath, e);
    }
    if (!st.isDirectory()) throw new GuardError("store.io", `File store: ${this.dirPath} is not a directory.`);
    if ((st.mode & 0o077) !== 0) {
      throw new GuardError(
        "store.insecure",
        `File store: the directory ${this.dirPath} is accessible by group or others (mode ${(st.mode & 0o777).toString(8)}); secrets there could be read by other users.`,
        { hint: `Run: chmod 700 '${this.dirPath}'` },
      );
    }
    return true;
  }

  private checkFileMode(fd: number): void {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw new GuardError("store.io", `File store: ${this.filePath} is not a regular file.`);
    if ((st.mode & 0o077) !== 0) {
      throw new GuardError("store.insecure", `File store: ${this.filePath} is accessible by group or others (mode ${(st.mode & 0o777).toString(8)}).`, {
        hint: `Run: chmod 600 '${this.filePath}'`,
      });
    }
  }

  /** Read and validate the current file, or undefined. */
  private readContent(): FileContent | undefined {
    if (!this.checkDirMode()) return undefined;
    let fd: number;
    try {
      fd = fs.openSync(this.filePath, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw ioError("open", this.filePath, e);
    }
    let text: string;
    try {
      this.checkFileMode(fd);
      text = fs.readFileSync(fd, "utf8");
    } catch (e) {
      if (e instanceof GuardError) throw e;
      throw ioError("read", this.filePath, e);
    } finally {
      fs.closeSync(fd);
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new GuardError("store.io", `File store: ${this.filePath} is not valid JSON.`, {
        hint: "Restore the file from its writer, or delete it so the next write recreates it.",
      });
    }
    const p = (parsed ?? {}) as Record<string, unknown>;
    const record = toRecord(p.record, `File store: ${this.filePath}`);
    const version = typeof p.version === "number" && Number.isInteger(p.version) && p.version > 0 ? p.version : undefined;
    if (version === undefined) {
      throw new GuardError("store.io", `File store: ${this.filePath} has no valid version counter.`);
    }
    return { version, rotationId: record.rotationId, record };
  }

  async checkWritable(): Promise<void> {
    this.ensureDir();
    const probe = path.join(this.dirPath, `.goag-probe-${randomBytes(6).toString("hex")}`);
    try {
      fs.writeFileSync(probe, "", { mode: 0o600, flag: "wx" });
      fs.unlinkSync(probe);
    } catch (e) {
      try {
        fs.rmSync(probe, { force: true });
      } catch {
        /* nothing to clean */
      }
      throw ioError("write in", this.dirPath, e);
    }
    // An existing file must be ours and private; a write would replace it.
    this.readContent();
  }

  async write(record: CredentialRecord): Promise<StoredCredential> {
    checkRecord(record);
    this.ensureDir();
    const current = this.readContent();
    if (current && writeKey(current.record) === writeKey(record)) {
      debug("store.file", `${this.reference}: rotation already stored as version ${current.version}; not writing`);
      return { record: current.record, version: String(current.version) };
    }
    const content: FileContent = {
      version: (current?.version ?? 0) + 1,
      rotationId: record.rotationId,
      record: recordFields(record),
    };
    this.atomicWrite(JSON.stringify(content, null, 2) + "\n");
    debug("store.file", `${this.reference}: wrote version ${content.version}`);
    return { record: content.record, version: String(content.version) };
  }

  private atomicWrite(text: string): void {
    const tmp = path.join(this.dirPath, `.${path.basename(this.filePath)}.${randomBytes(6).toString("hex")}.tmp`);
    let fd: number | undefined;
    try {
      fd = fs.openSync(tmp, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
      fs.fchmodSync(fd, 0o600);
      fs.writeFileSync(fd, text, "utf8");
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fd = undefined;
      fs.renameSync(tmp, this.filePath);
    } catch (e) {
      if (fd !== undefined) {
        try {
          fs.closeSync(fd);
        } catch {
          /* already failing */
        }
      }
      fs.rmSync(tmp, { force: true });
      throw ioError("write", this.filePath, e);
    }
    try {
      const dfd = fs.openSync(this.dirPath, fs.constants.O_RDONLY);
      try {
        fs.fsyncSync(dfd);
      } finally {
        fs.closeSync(dfd);
      }
    } catch (e) {
      // Some file systems refuse fsync on a directory; the rename itself has happened.
      debug("store.file", `fsync of ${this.dirPath} failed (${(e as NodeJS.ErrnoException).code}); continuing`);
    }
  }

  async read(): Promise<StoredCredential | undefined> {
    const current = this.readContent();
    return current ? { record: current.record, version: String(current.version) } : undefined;
  }

  async remove(): Promise<void> {
    try {
      fs.unlinkSync(this.filePath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
      throw ioError("delete", this.filePath, e);
    }
  }
}
