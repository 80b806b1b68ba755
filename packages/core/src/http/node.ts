import {
  type IncomingMessage,
  type RequestListener,
  type Server,
  type ServerResponse,
  STATUS_CODES,
} from "node:http";
import type { Duplex } from "node:stream";
import { Readable } from "node:stream";
import type { FetchHandler } from "./handler.js";

/** Kombo's error envelope as JSON text, for answers written outside the fetch handler. */
function errorBody(code: string, message: string): string {
  return JSON.stringify({
    status: "error",
    error: { code, title: code.split(".")[1]?.replaceAll("_", " ") ?? null, message, log_url: null },
  });
}

/** The request's URL: its target resolved against its Host, or null when they do not form a URL. */
function requestUrl(req: IncomingMessage): string | null {
  try {
    return new URL(req.url ?? "/", `http://${req.headers.host ?? "localhost"}`).href;
  } catch {
    return null;
  }
}

/**
 * Adapts a fetch handler to `node:http` (`http.createServer(toNodeListener(handler))`). A request
 * whose Host header and target do not form a URL is answered 400 in Kombo's error envelope
 * without reaching the handler; a connection whose request body the handler left unread is closed
 * after the answer. Pair it with `handleClientErrors` for requests Node's parser
 * refuses before any listener runs (oversized heads, malformed requests).
 */
export function toNodeListener(handler: FetchHandler): RequestListener {
  return (req: IncomingMessage, res: ServerResponse) => {
    const url = requestUrl(req);
    if (url === null) {
      res.writeHead(400, { "content-type": "application/json; charset=utf-8", connection: "close" });
      res.end(errorBody("PLATFORM.INPUT_INVALID", "The Host header and request target do not form a URL"));
      return;
    }
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    const headers = new Headers();
    for (const [k, v] of Object.entries(req.headers)) {
      if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
    }
    const request = new Request(url, {
      method: req.method ?? "GET",
      headers,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: "half" } : {}),
    } as RequestInit);
    handler(request)
      .then(async (response) => {
        const headers = Object.fromEntries(response.headers);
        // A body the handler did not read to its end stays in the socket: close it after this answer.
        if (hasBody && !req.complete) headers.connection = "close";
        res.writeHead(response.status, headers);
        res.end(Buffer.from(await response.arrayBuffer()));
      })
      .catch(() => {
        res.writeHead(500, { "content-type": "application/json; charset=utf-8" });
        res.end(errorBody("PLATFORM.UNKNOWN_ERROR", "Internal error"));
      });
  };
}

/** Status and message for the errors Node's HTTP parser raises before a request exists. */
function clientErrorAnswer(code: string | undefined): { status: number; message: string } {
  switch (code) {
    case "HPE_HEADER_OVERFLOW":
      return { status: 431, message: "Request head (request line and headers) is too large" };
    case "ERR_HTTP_REQUEST_TIMEOUT":
      return { status: 408, message: "The request was not received in time" };
    default:
      return { status: 400, message: "Malformed HTTP request" };
  }
}

/**
 * Installs a `clientError` listener on `server` that answers what Node's parser refuses (a head
 * over `maxHeaderSize`, 16 KiB by default → 431; a request timeout → 408; anything else malformed
 * → 400) with Kombo's error envelope as JSON instead of Node's empty answer, then closes the
 * connection. Returns `server`.
 */
export function handleClientErrors<S extends Server>(server: S): S {
  server.on("clientError", (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    const { status, message } = clientErrorAnswer(error.code);
    const body = errorBody("PLATFORM.INPUT_INVALID", message);
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        "Content-Type: application/json; charset=utf-8\r\n" +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        "Connection: close\r\n\r\n" +
        body,
    );
  });
  return server;
}
