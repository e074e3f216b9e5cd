/**
 * The native provider host of OAuthClient: the plugin `pulumi-resource-genesys-oauth-guard` serves the type
 * `genesys-oauth-guard:index:OAuthClient` through `@pulumi/pulumi/provider`, so that `pulumi import` works (the
 * engine cannot import dynamic-provider resources: pulumi/pulumi#16175). Every method delegates to the SAME
 * implementation the dynamic OAuthClient uses (`OAuthClientProvider`, built by runtime.ts): this file only
 * translates between the two hosts' calling conventions. What it adds is the import case: a read without state
 * (`pulumi import`) returns the live client's settings, and the first up adopts that client (see adoption.ts
 * `isImportedState` and oauth-client-impl.ts).
 */
import type * as provider from "@pulumi/pulumi/provider";
import { GuardError } from "../../core/errors";
import { NATIVE_OAUTH_CLIENT_TYPE } from "../../domain/native-types";
import { isImportedState, isNewResource } from "../adoption";
import type { OAuthClientProvider } from "../oauth-client-impl";
import type { ImportedClientOutputs, OAuthClientInputs, OAuthClientOutputs } from "../types";
import { nativeSchema } from "./schema";

/** The part of the shared implementation the native host calls. */
export type OAuthClientImplementation = Pick<
  OAuthClientProvider,
  "check" | "diff" | "create" | "read" | "update" | "delete" | "readForImport" | "refreshImported"
>;

/** The marker key of a secret value in the provider protocol's structs (`@pulumi/pulumi` runtime/rpc). */
const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/**
 * A property bag as the implementation expects it: secret values unwrapped (the engine sends secrets wrapped
 * because the server accepts them; the implementation registers and redacts what it treats as secret itself).
 */
export function unwrapSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unwrapSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (record[SECRET_SIG_KEY] === SECRET_SIG) return unwrapSecrets(record.value);
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(record)) out[key] = unwrapSecrets(item);
    return out;
  }
  return value;
}

/** A result for the protocol: no `undefined` anywhere (protobuf's Struct refuses it). */
function plain<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

function bag(value: unknown): Record<string, unknown> {
  const unwrapped = unwrapSecrets(value ?? {});
  return unwrapped !== null && typeof unwrapped === "object" && !Array.isArray(unwrapped) ? (unwrapped as Record<string, unknown>) : {};
}

/** The type token of a URN (`urn:pulumi:stack::project::[parent$]type::name`). */
export function urnType(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** The native provider: `main(new NativeProvider(...), args)` serves it. */
export class NativeProvider implements provider.Provider {
  /** The plugin's version (GetPluginInfo). */
  readonly version: string;

  /** `implementation` builds the shared OAuthClient implementation (runtime.ts's, in the plugin). */
  constructor(
    version: string,
    private readonly implementation: () => OAuthClientImplementation,
  ) {
    this.version = version;
  }

  async getSchema(): Promise<string> {
    return JSON.stringify(nativeSchema(this.version));
  }

  async check(urn: string, olds: unknown, news: unknown): Promise<provider.CheckResult> {
    const result = await this.impl(urn).check(bag(olds), bag(news));
    return plain({ inputs: result.inputs, failures: result.failures ?? [] });
  }

  async diff(id: string, urn: string, olds: unknown, news: unknown): Promise<provider.DiffResult> {
    const result = await this.impl(urn).diff(id, bag(olds) as unknown as OAuthClientOutputs, bag(news) as unknown as OAuthClientInputs);
    return plain({ changes: result.changes ?? false, replaces: result.replaces ?? [], deleteBeforeReplace: result.deleteBeforeReplace ?? false });
  }

  async create(urn: string, inputs: unknown): Promise<provider.CreateResult> {
    const result = await this.impl(urn).create(bag(inputs) as unknown as OAuthClientInputs);
    return plain({ id: result.id, outs: result.outs });
  }

  /**
   * Three cases: no state (`pulumi import`: the engine knows only the id) → the live client's settings; the state
   * of an imported client no up adopted yet → the same, refreshed; any other state → the usual refresh.
   */
  async read(id: string, urn: string, props?: unknown): Promise<provider.ReadResult> {
    const impl = this.impl(urn);
    const state = bag(props);
    if (isNewResource(state)) return plain(await impl.readForImport(id));
    if (isImportedState(state)) return plain(await impl.refreshImported(id, state as unknown as ImportedClientOutputs));
    const result = await impl.read(id, state as unknown as OAuthClientOutputs);
    return plain({ id: result.id ?? "", props: result.props, inputs: result.inputs });
  }

  async update(id: string, urn: string, olds: unknown, news: unknown): Promise<provider.UpdateResult> {
    const result = await this.impl(urn).update(id, bag(olds) as unknown as OAuthClientOutputs, bag(news) as unknown as OAuthClientInputs);
    return plain({ outs: result.outs });
  }

  async delete(id: string, urn: string, props: unknown): Promise<void> {
    await this.impl(urn).delete(id, bag(props) as unknown as OAuthClientOutputs);
  }

  /** The implementation for `urn`'s type; this plugin serves one type. */
  private impl(urn: string): OAuthClientImplementation {
    const type = urnType(urn);
    if (type !== NATIVE_OAUTH_CLIENT_TYPE) {
      const error = new GuardError("input.invalid", `The genesys-oauth-guard provider plugin has no resource type ${JSON.stringify(type)}`, {
        hint: `It serves ${NATIVE_OAUTH_CLIENT_TYPE} only (SecretRotation and ClientPair are dynamic-provider resources of the package)`,
      });
      // The engine shows only the message: give it the code and the hint too.
      throw new Error(error.describe());
    }
    return this.implementation();
  }
}
