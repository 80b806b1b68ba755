import type { SimContext } from "./context.js";
import type { ListNode } from "./data/lists.js";
import { merge, purge, restrict } from "./data/mutations.js";
import type { ProfileType } from "./data/schema.js";
import { isProfileType } from "./data/schema.js";
import type { FaultOptions, Faults } from "./faults.js";
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
  /** Every existing record of a type, ascending by id (materialises them all: mind large sizes). */
  list(type: ProfileType): SimRecord[];
  /** Applies a change; returns the id of the created/changed record (or the survivor of a merge). Throws on invalid input. */
  mutate(mutation: SimMutation): { id: number };
  /** Requests received per route key since start or `resetStats` (see README for the keys). */
  stats(): Record<string, number>;
  /** Zeroes the request counters. */
  resetStats(): void;
  /** Daily quota counters. */
  quota(): QuotaSnapshot;
  /** Changes injected faults from now on. */
  setFaults(faults: Partial<FaultOptions>): void;
  /** First-level nodes of a list with their descendants (a copy), or undefined for an unknown list id. */
  listTree(listId: string): IcimsListNode[] | undefined;
}

/** Services of the running server the state API reaches. */
export interface StateServices {
  stats: RouteStats;
  quota: DailyQuota;
  faults: Faults;
  /** API base URL used in rendered links. */
  apiBase: string;
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
  return {
    now: () => sim.clock.now(),
    advance: (ms) => sim.clock.advance(ms),
    get,
    list: (type) =>
      Array.from(
        sim.store.idsAfter(checkType(type), Number.NEGATIVE_INFINITY),
        (id) => get(type, id) as SimRecord,
      ),
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
    resetStats: () => services.stats.reset(),
    quota: () => services.quota.snapshot(),
    setFaults: (faults) => services.faults.set(faults),
    listTree: (listId) => {
      const root = sim.lists.root(listId);
      return root ? structuredClone(root.children ?? []) : undefined;
    },
  };
}
