/**
 * @atsync/storage-postgres — every atsync storage port on PostgreSQL (`pg`), with versioned
 * migrations and one-transaction page commits, and the scheduler's `JobQueue` on graphile-worker.
 */
export {
  GraphileWorkerQueue,
  type GraphileWorkerQueueOptions,
  INTERRUPTED_RUN_MESSAGE,
} from "./graphile-worker-queue.js";
export { createPostgresStorage, PostgresStorage, type PostgresStorageOptions } from "./postgres-storage.js";
