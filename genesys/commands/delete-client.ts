/**
 * DeleteClient: the full sequence of the official Terraform provider: PUT `state: inactive` with the
 * full current body, `DELETE /api/v2/oauth/clients/{id}`, then poll GET until 404 or `state: "deleted"`
 * (bounded wait). A 404 at any step means the client is already gone: success.
 */
import { GuardError, isGuardError } from "../../core/errors";
import { toClientRequest } from "../models";
import type { OAuthClient } from "../models";
import { ApiResponse, CommandContext, GenesysCommand, SingleRequestCommand, idSegment } from "./command";
import { GetClientCommand } from "./get-client";
import { UpdateClientCommand } from "./update-client";

/** Options of {@link DeleteClientCommand}. */
export interface DeleteClientOptions {
  /** How long to wait for the client to disappear after DELETE (default 60 000 ms). */
  waitTimeoutMs?: number;
  /** Poll interval while waiting (default 1 000 ms). */
  pollIntervalMs?: number;
}

/** What a delete did. */
export interface DeleteClientResult {
  /** True when the client was already gone (404 or state `deleted`) before this call deleted it. */
  alreadyGone: boolean;
}

class DeleteRequest extends SingleRequestCommand<void> {
  readonly operation = "DeleteClient";
  readonly method = "DELETE" as const;
  readonly path: string;
  readonly idempotent = true;
  override readonly permission = "oauth:client:delete";
  constructor(override readonly clientId: string) {
    super();
    this.path = `/api/v2/oauth/clients/${idSegment(clientId)}`;
  }
  parse(_response: ApiResponse): void {
    return;
  }
}

const gone = (client: OAuthClient | undefined): boolean => client === undefined || client.state === "deleted";

/** Delete an OAuth client and wait until it is gone. */
export class DeleteClientCommand implements GenesysCommand<DeleteClientResult> {
  readonly operation = "DeleteClient";
  readonly method = "DELETE" as const;
  readonly path: string;
  readonly idempotent = true;
  readonly permission = "oauth:client:delete";

  constructor(
    readonly clientId: string,
    private readonly options: DeleteClientOptions = {},
  ) {
    this.path = `/api/v2/oauth/clients/${idSegment(clientId)}`;
  }

  async execute(context: CommandContext): Promise<DeleteClientResult> {
    const current = await orUndefined(context.request(new GetClientCommand(this.clientId)));
    if (current === undefined || gone(current)) return { alreadyGone: true };
    if (current.state !== "inactive") {
      const updated = await orUndefined(context.request(new UpdateClientCommand(this.clientId, toClientRequest(current, { state: "inactive" }))));
      if (updated === undefined) return { alreadyGone: true };
    }
    const deleted = await context.request(new DeleteRequest(this.clientId)).then(
      () => true,
      (e: unknown) => {
        if (isGuardError(e, "genesys.not-found")) return false;
        throw e;
      },
    );
    if (!deleted) return { alreadyGone: true };

    const timeout = this.options.waitTimeoutMs ?? 60_000;
    const interval = this.options.pollIntervalMs ?? 1_000;
    const started = context.now();
    for (;;) {
      const after = await orUndefined(context.request(new GetClientCommand(this.clientId)));
      if (gone(after)) return { alreadyGone: false };
      if (context.now() - started + interval > timeout) {
        throw new GuardError("genesys.unexpected", `DeleteClient: client ${this.clientId} still exists ${timeout} ms after DELETE`, {
          operation: `DELETE ${this.path}`,
          retryable: true,
          hint: "Genesys Cloud accepted the delete but still returns the client; run the operation again later.",
        });
      }
      await context.sleep(interval);
    }
  }
}

/** The value, or undefined on `genesys.not-found`. */
async function orUndefined<T>(promise: Promise<T>): Promise<T | undefined> {
  try {
    return await promise;
  } catch (e) {
    if (isGuardError(e, "genesys.not-found")) return undefined;
    throw e;
  }
}
