import type { HttpClient } from "@atsync/core";
import type { IcimsClient } from "../http/client.js";
import type { StatusBins } from "../readers/status-bins.js";

/** What the action handlers get from the session. */
export interface ActionDeps {
  /** The iCIMS client (auth injected). */
  client: IcimsClient;
  /** Core's plain client, for downloading `data_url` files (no iCIMS credentials). */
  http: HttpClient;
  /** The status tree, for mapping re-read applications. */
  bins: StatusBins;
  /** The integration's abort signal. */
  signal: AbortSignal;
}
