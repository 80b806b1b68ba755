import type { Auth } from "./auth.js";
import type { SimContext } from "./context.js";
import type { ListNode } from "./data/lists.js";
import { merge, purge, restrict } from "./data/mutations.js";
import type { ProfileType } from "./data/schema.js";
import { isProfileType } from "./data/schema.js";
import type { EventDeliveryStats, EventNotificationOptions, EventNotifier } from "./events/notifier.js";
import type { FaultCounts, FaultOptions, Faults } from "./faults.js";
import type { DailyQuota, QuotaSnapshot } from "./quota.js";
import type { RouteStats } from "./stats.js";

/**
 * A record as the simulator holds it: `id` plus every field with a value, in iCIMS JSON (list nodes,
 * person links, `yyyy-MM-dd hh:mm a` datetimes), including `createddate`, `updateddate` and
 * `submittalstatuslog` and the internal `postedto` (job: portal names) and `logingroup` (user: list
 * node), ignoring hidden-field settings, without `links` or injected extra keys.
 */
export type SimRecord = { id: number } & Record<string, unknown>;

/**
 * A change applied directly to the tenant (not an API call: no quota, no stats, no required-field
 * checks). `fields` use the same shapes as POST/PATCH bodies (`{"status":{"id":"…"}}`,
 * `{"baseprofile":1187}`); internal fields such as `postedto` (portal names) are allowed. Every change
 * bumps `updateddate` to the current minute.
 */
export type SimMutation =
  /** Adds a record (id above every existing id of the type). */
  | { op: "create"; type: ProfileType; fields: Record<string, unknown> }
  /** Changes fields of an existing record (null or "" clears a field; collections append entries). */
  | { op: "update"; type: ProfileType; id: number; fields: Record<string, unknown> }
  /** Deletes for good; purging a job or person also removes its workflows. */
  | { op: "purge"; type: ProfileType; id: number }
  /** iCIMS person merge: see README ("Merge"). */
  | { op: "merge"; survivorId: number; loserId: number }
  /** Hides (or un-hides) a record from the API user: GET → 404 with errorCode 3. */
  | { op: "restrict"; type: ProfileType; id: number; restricted?: boolean };

/** A list node as `state.listTree` returns it. */
export type IcimsListNode = ListNode;

/** Test and benchmark access to the simulated tenant (no HTTP involved). */
export interface IcimsSimulatorState {
  /** Current simulated time (epoch ms). */
  now(): number;
  /** Moves the simulated clock forward by `ms` (token expiry, quota reset, search-cache age, new updateddates). */
  advance(ms: number): void;
  /** The current record, or undefined when it does not exist (purged, never existed, workflow of a purged job). */
  get(type: ProfileType, id: number): SimRecord | undefined;
  /**
   * Every existing record of a type, ascending by id (materialises them all: mind large sizes),
   * including hidden and restricted ones.
   */
  list(type: ProfileType): SimRecord[];
  /**
   * The tenant's truth as the API user sees it: every record of a type a GET answers 200 for (not
   * purged, not hidden, not restricted), ascending by id, with its current values as `get` renders them.
   */
  visible(type: ProfileType): SimRecord[];
  /**
   * Hides existing records from the API user, reversibly: GET (and every other route of the record)
   * answers 404 with the body of a missing record, searches skip them (searches served from the cache
   * keep their earlier rows, as after a purge). Their workflows and the links to them stay as they are;
   * `get`/`list` still return them; `mutate` on them throws as for a missing record. Throws RangeError
   * (hiding nothing) when an id does not exist.
   */
  hide(type: ProfileType, ids: readonly number[]): void;
  /** Makes hidden records visible again; ids that are not hidden are ignored. */
  unhide(type: ProfileType, ids: readonly number[]): void;
  /** Applies a change; returns the id of the created/changed record (or the survivor of a merge). Throws on invalid input. */
  mutate(mutation: SimMutation): { id: number };
  /** Requests received per route key since start or `resetStats` (see README for the keys). */
  stats(): Record<string, number>;
  /** Faults injected since start or `resetStats`, per fault. */
  faultStats(): FaultCounts;
  /** Zeroes the request counters and the injected-fault counters. */
  resetStats(): void;
  /** Daily quota counters. */
  quota(): QuotaSnapshot;
  /**
   * Sets the calls left in today's quota (integer in [0, limit]): the next `remaining` API calls pass,
   * then calls get the quota-exhausted answer until the clock passes 00:00 UTC (`advance`), which
   * restores the full limit. Throws RangeError out of range.
   */
  setQuotaRemaining(remaining: number): void;
  /**
   * Invalidates every access token issued so far: API calls with them get 401 as for an expired token
   * (`WWW-Authenticate: Bearer error="invalid_token"`); new tokens are issued normally, Basic auth works.
   */
  expireTokens(): void;
  /** Changes injected faults from now on; throws RangeError (changing nothing) on invalid values. */
  setFaults(faults: Partial<FaultOptions>): void;
  /** First-level nodes of a list with their descendants (a copy), or undefined for an unknown list id. */
  listTree(listId: string): IcimsListNode[] | undefined;
  /**
   * Starts (or with null, stops) the tenant's event notifications: from now on every workflow
   * status change, created workflow and job posted to / removed from a portal — through the write
   * API or `mutate` — is POSTed to `options.url` (see `EventNotificationOptions`). Resets the
   * delivery counters. Throws RangeError (changing nothing) on invalid options.
   */
  setEventNotifications(options: EventNotificationOptions | null): void;
  /** Event notification counters since the last `setEventNotifications`. */
  eventStats(): EventDeliveryStats;
  /** Resolves once every event notification started so far was answered or given up. */
  flushEvents(): Promise<void>;
}

/** Services of the running server the state API reaches. */
export interface StateServices {
  /** Request counters (`stats`, `resetStats`). */
  stats: RouteStats;
  /** Daily quota (`quota`, `setQuotaRemaining`). */
  quota: DailyQuota;
  /** Fault injection (`setFaults`, `faultStats`). */
  faults: Faults;
  /** Token issuing and checks (`expireTokens`). */
  auth: Auth;
  /** API base URL used in rendered links. */
  apiBase: string;
  /** Event notifications (`setEventNotifications`, `eventStats`, `flushEvents`). */
  notifier: EventNotifier;
}

/** Creates the state API of a simulator. */
export function createState(sim: SimContext, services: StateServices): IcimsSimulatorState {
  const checkType = (type: string): ProfileType => {
    if (!isProfileType(type)) throw new RangeError(`unknown profile type "${type}"`);
    return type;
  };
  const get = (type: ProfileType, id: number): SimRecord | undefined => {
    const record = sim.store.get(checkType(type), id);
    if (!record) return undefined;
    const json = sim.renderer.record(type, record, {
      apiBase: services.apiBase,
      fields: new Set(Object.keys(sim.schema[type])),
      exposeTimestamps: true,
      links: false,
      extraKeysRate: 0,
      internal: true,
    });
    return { id, ...json };
  };
  const existingIds = (type: ProfileType): Iterable<number> =>
    sim.store.idsAfter(checkType(type), Number.NEGATIVE_INFINITY);
  const setHidden = (type: ProfileType, ids: readonly number[], hidden: boolean): void => {
    for (const id of ids) sim.store.setHidden(checkType(type), id, hidden);
  };
  return {
    now: () => sim.clock.now(),
    advance: (ms) => sim.clock.advance(ms),
    get,
    list: (type) => Array.from(existingIds(type), (id) => get(type, id) as SimRecord),
    visible: (type) => {
      const hidden = sim.store.hiddenIds(checkType(type));
      return Array.from(existingIds(type))
        .filter((id) => !hidden.has(id) && !sim.store.get(type, id)?.restricted)
        .map((id) => get(type, id) as SimRecord);
    },
    hide: (type, ids) => {
      const missing = ids.find((id) => !sim.store.exists(checkType(type), id));
      if (missing !== undefined) throw new RangeError(`no ${type} record ${missing} to hide`);
      setHidden(type, ids, true);
    },
    unhide: (type, ids) => setHidden(type, ids, false),
    mutate(mutation) {
      const ctx = sim.writeContext("state");
      switch (mutation.op) {
        case "create":
          return { id: sim.writer.create(checkType(mutation.type), mutation.fields, ctx).id };
        case "update":
          return { id: sim.writer.update(checkType(mutation.type), mutation.id, mutation.fields, ctx).id };
        case "purge":
          purge(sim.store, checkType(mutation.type), mutation.id);
          return { id: mutation.id };
        case "merge":
          merge(sim.store, sim.writer, sim.lists, mutation.survivorId, mutation.loserId, ctx);
          return { id: mutation.survivorId };
        case "restrict":
          restrict(sim.store, checkType(mutation.type), mutation.id, mutation.restricted ?? true);
          return { id: mutation.id };
        default:
          throw new RangeError(`unknown mutation ${JSON.stringify(mutation)}`);
      }
    },
    stats: () => services.stats.snapshot(),
    faultStats: () => services.faults.injected(),
    resetStats: () => {
      services.stats.reset();
      services.faults.resetCounts();
    },
    quota: () => services.quota.snapshot(),
    setQuotaRemaining: (remaining) => services.quota.setRemaining(remaining),
    expireTokens: () => services.auth.expireTokens(),
    setFaults: (faults) => services.faults.set(faults),
    setEventNotifications: (options) => services.notifier.configure(options),
    eventStats: () => services.notifier.snapshot(),
    flushEvents: () => services.notifier.flush(),
    listTree: (listId) => {
      const root = sim.lists.root(listId);
      return root ? structuredClone(root.children ?? []) : undefined;
    },
  };
}
