import { describeStorageConformance } from "@atsync/core/testing";
import { createMemoryStorage } from "./index.js";

describeStorageConformance("memory", {
  create: async () => {
    const storage = createMemoryStorage({ encryptionKey: "0".repeat(64) });
    return { storage, dumpAtRest: async () => storage.dumpAtRest() };
  },
});
