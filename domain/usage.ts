/**
 * The usage API's row (the official SDKs' `ApiUsageRow`): what the emulator serves and the Genesys client reads.
 * Dimensions not grouped by are empty strings; `date` only with a granularity; metrics only when asked for.
 */
export interface ApiUsageRow {
  clientId?: string;
  clientName?: string;
  organizationId?: string;
  userId?: string;
  templateUri?: string;
  httpMethod?: string;
  status200?: number;
  status300?: number;
  status400?: number;
  status500?: number;
  status429?: number;
  requests?: number;
  date?: string;
}
