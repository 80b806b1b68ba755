import { timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import { signWebhook } from "../webhooks/delivery.js";

/** One POST a `WebhookReceiver` got. */
export interface ReceivedWebhook {
  /** Method, path and query as requested. */
  method: string;
  /** Path and query, exactly as requested. */
  path: string;
  /** Request headers (lower-case names). */
  headers: IncomingHttpHeaders;
  /** The raw body. */
  body: string;
  /** The parsed body (`{ id, type, data }`). */
  payload: { id: string; type: string; data: Record<string, unknown> };
  /** `Date.now()` when it arrived. */
  at: number;
  /** The status the receiver answered. */
  status: number;
}

/** What the receiver answers: a status and optional headers. */
export interface ReceiverAnswer {
  status: number;
  headers?: Record<string, string>;
  /** Wait this long before answering (a slow receiver). */
  delayMs?: number;
}

/** A local HTTP server recording webhook deliveries (for tests and benchmarks). */
export interface WebhookReceiver {
  /** `http://127.0.0.1:<port>/hooks?via=test` — with a path and query, to check they are kept. */
  url: string;
  /** Everything received, in arrival order. */
  readonly received: ReceivedWebhook[];
  /** Sets how requests are answered (default 200): called with the request and how many came before it. */
  answer(fn: (request: Omit<ReceivedWebhook, "status">, index: number) => ReceiverAnswer): void;
  /** Whether `request` carries a valid `X-Kombo-Signature` for `secret` (constant-time compare). */
  verify(request: ReceivedWebhook, secret: string): boolean;
  /** Resolves once `predicate` holds for `received` (checked on every arrival); rejects after `timeoutMs`. */
  waitFor(predicate: (received: readonly ReceivedWebhook[]) => boolean, timeoutMs?: number): Promise<void>;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Starts a `WebhookReceiver` on 127.0.0.1 (a free port). */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  let answer: (r: Omit<ReceivedWebhook, "status">, i: number) => ReceiverAnswer = () => ({ status: 200 });
  const waiters = new Set<() => void>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      let payload: ReceivedWebhook["payload"];
      try {
        payload = JSON.parse(body) as ReceivedWebhook["payload"];
      } catch {
        payload = { id: "", type: "", data: {} };
      }
      const request = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body,
        payload,
        at: Date.now(),
      };
      const { status, headers, delayMs = 0 } = answer(request, received.length);
      received.push({ ...request, status });
      res.on("error", () => undefined);
      setTimeout(() => res.writeHead(status, headers).end(), delayMs);
      for (const wake of waiters) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks?via=test`,
    received,
    answer: (fn) => {
      answer = fn;
    },
    verify: (request, secret) => {
      const given = request.headers["x-kombo-signature"];
      if (typeof given !== "string") return false;
      const expected = Buffer.from(signWebhook(secret, request.body));
      const actual = Buffer.from(given);
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
    waitFor: (predicate, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (predicate(received)) return resolve();
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `webhook receiver: condition not met within ${timeoutMs} ms (${received.length} received)`,
            ),
          );
        }, timeoutMs);
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        waiters.add(check);
      }),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
