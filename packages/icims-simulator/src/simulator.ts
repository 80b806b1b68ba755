import type { IcimsSimulatorCredentials } from "./auth.js";
import { Auth } from "./auth.js";
import { createContext } from "./context.js";
import { EventNotifier } from "./events/notifier.js";
import { Faults } from "./faults.js";
import type { IcimsRegion, IcimsSimulatorOptions } from "./options.js";
import { resolveOptions } from "./options.js";
import { DailyQuota } from "./quota.js";
import { buildRouter } from "./routes/index.js";
import type { Listener, ServerDeps } from "./server.js";
import { listen, stop } from "./server.js";
import type { IcimsSimulatorState } from "./state.js";
import { createState } from "./state.js";
import { RouteStats } from "./stats.js";

/** A running simulator. */
export interface IcimsSimulator {
  /** Origin of the tenant's API host, e.g. `http://127.0.0.1:4010` (stands for `https://api.icims.com`). */
  url: string;
  /** Origins of both region hosts; only `urls[region]` serves the tenant, the other answers 404 for it. */
  urls: Record<IcimsRegion, string>;
  /** `<url>/customers/<customerId>`: the prefix of every API path. */
  baseUrl: string;
  /** OAuth token endpoint (`<url>/oauth/token`; stands for `https://login.icims.com/oauth/token`). */
  tokenUrl: string;
  /** Audience the token endpoint requires. */
  audience: string;
  /** The tenant's numeric customer id. */
  customerId: number;
  /** Credentials the tenant accepts (OAuth client and Basic user). */
  credentials: IcimsSimulatorCredentials;
  /**
   * What to pass as the iCIMS connector's credentials to reach this tenant: customer id, region,
   * the OAuth client, the simulator's API/token URLs and audience.
   */
  connectorCredentials: {
    customerId: string;
    region: IcimsRegion;
    clientId: string;
    clientSecret: string;
    apiUrl: string;
    tokenUrl: string;
    audience: string;
  };
  /** What to pass as the iCIMS connector's settings (`settings.connector`): its status list and portals. */
  connectorSettings: {
    statusListId: string;
    portals: string[];
  };
  /** Direct access to the tenant's data, clock, stats, quota and faults. */
  state: IcimsSimulatorState;
  /** Stops both listeners and closes open connections. */
  close(): Promise<void>;
}

/**
 * Starts a local iCIMS REST simulator on 127.0.0.1 (two listeners: the tenant's region host and the
 * other region's). Data is generated lazily from the seed; nothing is shared between simulators.
 */
export async function createIcimsSimulator(options: IcimsSimulatorOptions = {}): Promise<IcimsSimulator> {
  const resolved = resolveOptions(options);
  const sim = createContext(resolved);
  const stats = new RouteStats();
  const quota = new DailyQuota(resolved.dailyQuota, resolved.quotaExhaustedStatus, sim.clock);
  const faults = new Faults(resolved.faults, resolved.seed);
  const auth = new Auth({
    credentials: resolved.credentials,
    audience: resolved.audience,
    tokenTtlS: resolved.tokenTtlS,
    tokenRateLimit: resolved.tokenRateLimit,
    clock: sim.clock,
  });
  const deps: ServerDeps = {
    sim,
    router: buildRouter(sim),
    auth,
    quota,
    faults,
    stats,
  };
  const other: IcimsRegion = resolved.region === "us" ? "eu" : "us";
  const primary = await listen(deps, resolved.region, resolved.port, resolved.host);
  let secondary: Listener;
  try {
    secondary = await listen(deps, other, resolved.secondaryPort, resolved.host);
  } catch (error) {
    await stop(primary);
    throw error;
  }
  const baseUrl = `${primary.origin}/customers/${resolved.customerId}`;
  const notifier = new EventNotifier(
    resolved.customerId,
    baseUrl,
    resolved.seed,
    (jobId, portal) => `https://${portal}-${resolved.customerId}.icims.example/jobs/${jobId}/job`,
  );
  sim.writer.onChange.push(notifier.listener);
  if (resolved.eventNotifications) notifier.configure(resolved.eventNotifications);
  return {
    url: primary.origin,
    urls: { [resolved.region]: primary.origin, [other]: secondary.origin } as Record<IcimsRegion, string>,
    baseUrl,
    tokenUrl: `${primary.origin}/oauth/token`,
    audience: resolved.audience,
    customerId: resolved.customerId,
    credentials: { ...resolved.credentials },
    connectorCredentials: {
      customerId: String(resolved.customerId),
      region: resolved.region,
      clientId: resolved.credentials.clientId,
      clientSecret: resolved.credentials.clientSecret,
      apiUrl: primary.origin,
      tokenUrl: `${primary.origin}/oauth/token`,
      audience: resolved.audience,
    },
    connectorSettings: { statusListId: resolved.statusListId, portals: [...resolved.portals] },
    state: createState(sim, { stats, quota, faults, auth, apiBase: baseUrl, notifier }),
    close: async () => {
      notifier.configure(null);
      await Promise.all([stop(primary), stop(secondary)]);
    },
  };
}
