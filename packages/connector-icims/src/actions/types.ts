import type { ProfileSchemas } from "../decisions/custom-fields.js";
import type { IcimsClient } from "../http/client.js";
import type { StatusBins } from "../readers/status-bins.js";

/** What the action handlers get from the session. */
export interface ActionDeps {
  /** The iCIMS client (auth injected). */
  client: IcimsClient;
  /** The status tree, for checking stage ids and mapping re-read applications. */
  bins: StatusBins;
  /** The integration's abort signal. */
  signal: AbortSignal;
  /** The tenant's custom fields, for reading a written candidate back like a read does. */
  schemas: ProfileSchemas;
}
