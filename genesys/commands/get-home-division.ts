/** GetHomeDivision: `GET /api/v2/authorization/divisions/home` → Division. */
import type { Division } from "../models";
import { ApiResponse, SingleRequestCommand, expectEntity } from "./command";

/** The org's home division. */
export class GetHomeDivisionCommand extends SingleRequestCommand<Division> {
  readonly operation = "GetHomeDivision";
  readonly method = "GET" as const;
  readonly path = "/api/v2/authorization/divisions/home";
  readonly idempotent = true;
  // No permission documented for this call: the 403 hint quotes the service message instead.

  parse(response: ApiResponse): Division {
    return expectEntity<Division>(this.operation, response.data);
  }
}
