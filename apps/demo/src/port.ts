import { createServer, type Server } from "node:net";
import { type DemoConfig, DemoConfigError } from "./config.js";

/**
 * Listens `server` on the configured host and port. Throws `DemoConfigError` (one line, no
 * stack) when the port is taken or not allowed; other listen errors as they are.
 */
export async function listenOn(server: Server, config: Pick<DemoConfig, "host" | "port">): Promise<void> {
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(config.port, config.host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const where = `${config.host}:${config.port}`;
    if (code === "EADDRINUSE")
      throw new DemoConfigError(
        `port ${where} is already in use (another demo running?); set PORT to a free port`,
      );
    if (code === "EACCES")
      throw new DemoConfigError(
        `port ${where} needs privileges this process lacks; set PORT to a port above 1023`,
      );
    throw error;
  }
}

/**
 * Throws `listenOn`'s one-line `DemoConfigError` when the configured port cannot be bound, so
 * `npm run demo` ends within a second on a busy port, before loading atsync (the demo binds the
 * port again when it starts, which fails the same way if it was taken in between).
 */
export async function checkPortFree(config: Pick<DemoConfig, "host" | "port">): Promise<void> {
  if (config.port === 0) return;
  const probe = createServer();
  await listenOn(probe, config);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
}
