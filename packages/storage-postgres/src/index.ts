/**
 * @atsync/storage-postgres — every atsync storage port on PostgreSQL (`pg`), with versioned
 * migrations and one-transaction page commits.
 */
export { createPostgresStorage, PostgresStorage, type PostgresStorageOptions } from "./postgres-storage.js";
