/**
 * @atsync/storage-postgres — PostgreSQL storage and the graphile-worker job queue.
 * Not implemented yet: see the "PostgreSQL storage and a distributed sync queue" issue.
 */
export const STORAGE_POSTGRES_STATUS = "planned" as const;
