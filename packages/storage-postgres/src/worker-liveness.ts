import type { Pool, PoolClient } from "pg";

/**
 * SQL expression of the advisory-lock key that marks a graphile-worker pool as alive, for the pool
 * id in the text expression `poolId` of a queue whose key prefix is the text expression `prefix`.
 */
export function livenessKeySql(prefix: string, poolId: string): string {
  return `hashtextextended(${prefix} || ${poolId}, 0)`;
}

/**
 * The session-level advisory lock a worker process holds while its graphile-worker pool may hold
 * jobs: the lock lives exactly as long as the database session that took it, so another process
 * that can take it knows the pool's process (or its connection) is gone. One dedicated pooled
 * connection holds it; the connection is destroyed, never returned to the pool, on release.
 */
export class WorkerLiveness {
  private client: PoolClient | null = null;
  private claiming: Promise<void> | null = null;
  private poolId: string | null = null;
  private released = false;

  /**
   * @param pool where the holding connection comes from.
   * @param prefix the queue's key prefix (see `livenessKeySql`).
   * @param onLost called when the holding session is lost while held (the lock is gone with it).
   */
  constructor(
    private readonly pool: Pool,
    private readonly prefix: string,
    private readonly onLost: (error: Error) => void,
  ) {}

  /** Names the graphile-worker pool this process runs; must happen before the first `held()`. */
  bind(poolId: string): void {
    this.poolId = poolId;
  }

  /**
   * Resolves once this process holds the lock of the bound pool id, taking it (again, after a lost
   * session) when needed. Rejects when the lock cannot be taken now; the next call tries again.
   */
  held(): Promise<void> {
    this.claiming ??= this.claim().catch((error: unknown) => {
      this.claiming = null;
      throw error;
    });
    return this.claiming;
  }

  /** Gives the lock up by closing its session. Later `held()` calls reject. */
  async release(): Promise<void> {
    this.released = true;
    await this.claiming?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    client?.release(true);
  }

  private async claim(): Promise<void> {
    const poolId = this.poolId;
    if (this.released || poolId === null) throw new Error("worker liveness: released or not bound to a pool");
    const client = await this.pool.connect();
    const lost = (error: Error) => {
      if (this.client !== client) return;
      this.client = null;
      this.claiming = null;
      client.release(true);
      this.onLost(error);
    };
    client.on("error", lost);
    try {
      await client.query(`SELECT pg_advisory_lock(${livenessKeySql("$1::text", "$2::text")})`, [
        this.prefix,
        poolId,
      ]);
    } catch (error) {
      client.off("error", lost);
      client.release(true);
      throw error;
    }
    this.client = client;
  }
}
