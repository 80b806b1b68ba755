import { SimClock } from "./clock.js";
import { tenantCustomFields } from "./data/custom-fields.js";
import { DataGenerator } from "./data/generate.js";
import { TenantLists } from "./data/lists.js";
import { Renderer } from "./data/render.js";
import type { ProfileType, Schema } from "./data/schema.js";
import { buildSchema } from "./data/schema.js";
import { RecordStore } from "./data/store.js";
import type { WriteContext } from "./data/write.js";
import { Writer } from "./data/write.js";
import type { ResolvedOptions } from "./options.js";
import { SearchCache } from "./search/cache.js";

/** Everything a route handler or the state API needs about one simulated tenant. */
export interface SimContext {
  options: ResolvedOptions;
  clock: SimClock;
  lists: TenantLists;
  schema: Schema;
  generator: DataGenerator;
  store: RecordStore;
  renderer: Renderer;
  writer: Writer;
  searchCache: SearchCache;
  /** Hidden field ids per type. */
  hidden: Record<ProfileType, ReadonlySet<string>>;
  /** A write context stamped with the current (minute-precision) time. */
  writeContext(origin: WriteContext["origin"]): WriteContext;
}

/** Builds the tenant (lists, generator, store, renderer, writer, cache) from resolved options. */
export function createContext(options: ResolvedOptions): SimContext {
  const clock = new SimClock(options.startTime, options.freezeClock);
  const lists = new TenantLists(options.seed, options.statusListId);
  const customFields = tenantCustomFields(options.seed);
  const schema = buildSchema(options.statusListId, customFields);
  const generator = new DataGenerator({
    seed: options.seed,
    sizes: options.sizes,
    dataEnd: options.dataEnd,
    lists,
    portals: options.portals,
    customFields,
  });
  const store = new RecordStore(generator);
  const actor = generator.count("people") > 0 ? generator.idAt("people", 0) : 0;
  const hiddenFor = (type: ProfileType) => new Set(options.hiddenFields[type] ?? []);
  return {
    options,
    clock,
    lists,
    schema,
    generator,
    store,
    renderer: new Renderer(store, schema, lists, options.seed),
    writer: new Writer(store, schema, lists, {
      requiredFields: options.requiredFields,
      duplicateApplication: options.duplicateApplication,
      portals: options.portals,
    }),
    searchCache: new SearchCache(options.searchCache, clock),
    hidden: {
      people: hiddenFor("people"),
      jobs: hiddenFor("jobs"),
      companies: hiddenFor("companies"),
      applicantworkflows: hiddenFor("applicantworkflows"),
    },
    writeContext: (origin) => ({ origin, now: clock.nowMinute(), actor }),
  };
}
