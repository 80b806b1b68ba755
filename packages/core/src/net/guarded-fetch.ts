import { lookup as dnsLookup } from "node:dns/promises";
import http, { type IncomingHttpHeaders, type IncomingMessage } from "node:http";
import https from "node:https";
import { isIP, type LookupFunction } from "node:net";
import ipaddr from "ipaddr.js";
import { type AtsyncError, inputInvalid, isAtsyncError } from "../errors.js";

/** Options of `GuardedFetcher`, set once per atsync instance. */
export interface GuardedFetcherOptions {
  /**
   * Addresses the host allows although they are not public unicast, as CIDRs (`127.0.0.1/32`,
   * `10.0.0.0/8`, `fd00::/8`) or single addresses. Default none: every loopback, private,
   * link-local, multicast, unspecified, CGNAT, documentation or otherwise reserved address is refused.
   */
  allow?: readonly string[];
  /** Time limit of one download, all redirect hops and the body included; default 30 s. */
  timeoutMs?: number;
  /** Redirects followed (each hop checked again); default 5. */
  maxRedirects?: number;
  /** Resolves a host name to its addresses; default `dns.lookup` (all addresses). Tests inject one. */
  resolve?: (hostname: string) => Promise<string[]>;
}

/** What one download is for. */
export interface GuardedFetchRequest {
  /** The input field the URL came from (`attachment.data_url`); refusals name it. */
  field: string;
  /** What the input is (`attachment`), for the refusal's message. */
  what: string;
  /** Largest body accepted; a larger one is refused without reading it all. */
  maxBytes: number;
  /** Aborts the download (the integration's shutdown); an abort is rethrown as is. */
  signal?: AbortSignal | undefined;
}

/** A downloaded body. */
export interface FetchedBody {
  /** The bytes (at most `maxBytes`). */
  bytes: Uint8Array;
  /** The response's media type without parameters, or null when it sent none. */
  contentType: string | null;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NAT64_PREFIX = ipaddr.parseCIDR("64:ff9b::/96");

/** A refusal: `PLATFORM.INPUT_INVALID` naming the field and the reason. */
function refused(request: GuardedFetchRequest, reason: string): AtsyncError {
  return inputInvalid(request.what, [{ path: request.field, message: reason }]);
}

/** Parses one allow-list entry; throws `PLATFORM.INPUT_INVALID` naming it when it is neither a CIDR nor an address. */
function parseAllowEntry(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  if (ipaddr.isValidCIDR(entry)) return ipaddr.parseCIDR(entry);
  if (isIP(entry) !== 0) {
    const address = ipaddr.parse(entry);
    return [address, address.kind() === "ipv4" ? 32 : 128];
  }
  throw inputInvalid("fetchAllow", [{ path: entry, message: "is neither a CIDR nor an IP address" }]);
}

/**
 * Why `address` may not be fetched from, or null when it may: allowed when it lies in an
 * allow-listed range, otherwise only when ipaddr.js classifies it as public unicast. IPv4-mapped
 * IPv6 addresses are judged as their IPv4 address, NAT64 (`64:ff9b::/96`) as the embedded one.
 */
export function addressRefusal(
  address: string,
  allow: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][] = [],
): string | null {
  let ip = ipaddr.process(address);
  if (ip.kind() === "ipv6" && ip.match(NAT64_PREFIX)) {
    ip = ipaddr.fromByteArray((ip as ipaddr.IPv6).toByteArray().slice(12));
  }
  if (allow.some(([range, bits]) => range.kind() === ip.kind() && ip.match(range, bits))) return null;
  const range = ip.range();
  return range === "unicast" ? null : `resolves to a ${range} address, which atsync does not fetch from`;
}

/**
 * The one way atsync downloads a URL a caller supplied (attachment `data_url`s, and any later
 * feature that takes a URL): http(s) only; the host resolved once and the connection pinned to
 * that address (no DNS-rebinding window); non-public addresses refused in every spelling unless
 * allow-listed; redirects followed by hand with every hop checked again; body size and total time
 * limited. Every refusal and failed download is `PLATFORM.INPUT_INVALID` naming the field and the
 * reason (never a 5xx); the caller's own abort is rethrown unchanged.
 */
export class GuardedFetcher {
  private readonly allow: [ipaddr.IPv4 | ipaddr.IPv6, number][];
  private readonly timeoutMs: number;
  private readonly maxRedirects: number;
  private readonly resolveHost: (hostname: string) => Promise<string[]>;

  /** Validates the allow-list (a bad entry throws `PLATFORM.INPUT_INVALID` naming it). */
  constructor(options: GuardedFetcherOptions = {}) {
    this.allow = (options.allow ?? []).map(parseAllowEntry);
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.resolveHost =
      options.resolve ??
      (async (hostname) => (await dnsLookup(hostname, { all: true, verbatim: true })).map((a) => a.address));
  }

  /** Downloads `url` under the rules of the class comment. */
  async fetch(url: string, request: GuardedFetchRequest): Promise<FetchedBody> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    let target = this.checkedUrl(url, request);
    try {
      for (let hop = 0; ; hop++) {
        const address = await this.pinnedAddress(target, request);
        const response = await get(target, address, signal);
        const status = response.statusCode ?? 0;
        if (REDIRECT_STATUSES.has(status)) {
          response.destroy();
          const location = response.headers.location;
          if (!location) throw refused(request, `was redirected (HTTP ${status}) without a Location`);
          if (hop >= this.maxRedirects) {
            throw refused(request, `was redirected more than ${this.maxRedirects} times`);
          }
          target = this.checkedUrl(new URL(location, target).href, request);
          continue;
        }
        if (status < 200 || status > 299) {
          response.destroy();
          throw refused(request, `could not be downloaded: the server answered HTTP ${status}`);
        }
        const bytes = await readBody(response, request);
        const contentType = response.headers["content-type"]?.split(";")[0]?.trim() || null;
        return { bytes, contentType };
      }
    } catch (error) {
      throw this.failure(error, request, deadline, "could not be downloaded");
    }
  }

  /**
   * POSTs `body` to `url` under the same address rules (resolved once, pinned, non-public
   * addresses refused unless allow-listed), following no redirect: resolves with the status and
   * headers of whatever the server answered (its body is read up to 64 KiB and dropped), so
   * the caller decides what a status means. Refusals, connection failures and the time limit
   * throw `PLATFORM.INPUT_INVALID` naming `request.field`; the caller's abort is rethrown.
   */
  async post(
    url: string,
    body: string,
    request: Omit<GuardedFetchRequest, "maxBytes"> & { headers: Record<string, string> },
  ): Promise<{ status: number; headers: IncomingHttpHeaders }> {
    const deadline = AbortSignal.timeout(this.timeoutMs);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline]) : deadline;
    const limits = { ...request, maxBytes: 64 * 1024 };
    const target = this.checkedUrl(url, limits);
    try {
      const address = await this.pinnedAddress(target, limits);
      const payload = Buffer.from(body);
      const response = await send(target, address, signal, {
        method: "POST",
        headers: { ...request.headers, "content-length": String(payload.byteLength) },
        body: payload,
      });
      await readBody(response, limits).catch(() => undefined);
      return { status: response.statusCode ?? 0, headers: response.headers };
    } catch (error) {
      throw this.failure(error, limits, deadline, "could not be delivered");
    }
  }

  /** What a failed download or delivery throws: the caller's abort, a refusal, or one naming the failure. */
  private failure(
    error: unknown,
    request: GuardedFetchRequest,
    deadline: AbortSignal,
    what: string,
  ): unknown {
    if (request.signal?.aborted) return request.signal.reason ?? error;
    if (isAtsyncError(error)) return error;
    if (deadline.aborted) {
      const limit =
        this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`;
      return refused(request, `${what} within ${limit}`);
    }
    return refused(request, `${what}: the connection failed`);
  }

  /** `url` parsed, when it is http(s) without credentials. */
  private checkedUrl(url: string, request: GuardedFetchRequest): URL {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw refused(request, "is not a valid URL");
    }
    if (parsed.protocol !== "http:" && parsed.protocol !== "https:") {
      throw refused(request, "must be an http(s) URL");
    }
    if (parsed.username !== "" || parsed.password !== "") {
      throw refused(request, "must not contain credentials");
    }
    return parsed;
  }

  /** The address to connect to: the literal, or the host's resolved addresses, all of them allowed. */
  private async pinnedAddress(url: URL, request: GuardedFetchRequest): Promise<string> {
    const host = url.hostname.replace(/^\[(.*)\]$/, "$1");
    let addresses: string[];
    if (isIP(host) !== 0) {
      addresses = [host];
    } else {
      try {
        addresses = await this.resolveHost(host);
      } catch {
        addresses = [];
      }
      if (addresses.length === 0) throw refused(request, "has a host name that does not resolve");
    }
    for (const address of addresses) {
      const refusal = addressRefusal(address, this.allow);
      if (refusal !== null) throw refused(request, refusal);
    }
    return addresses[0] as string;
  }
}

/** One GET connected to `address` whatever the host name resolves to now (TLS still checks the name). */
function get(url: URL, address: string, signal: AbortSignal): Promise<IncomingMessage> {
  return send(url, address, signal, { method: "GET", headers: { accept: "*/*" } });
}

/** One request connected to `address` whatever the host name resolves to now (TLS still checks the name). */
function send(
  url: URL,
  address: string,
  signal: AbortSignal,
  message: { method: string; headers: Record<string, string>; body?: Buffer },
): Promise<IncomingMessage> {
  const family = isIP(address);
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [{ address, family }]);
    else callback(null, address, family);
  };
  const transport = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const request = transport.request(
      url,
      { method: message.method, agent: false, lookup, signal, headers: message.headers },
      resolve,
    );
    request.on("error", reject);
    request.end(message.body);
  });
}

/** The body, refused as soon as it passes `maxBytes` (by `Content-Length` or while streaming). */
async function readBody(response: IncomingMessage, request: GuardedFetchRequest): Promise<Uint8Array> {
  const limit = `is larger than ${formatBytes(request.maxBytes)}`;
  if (Number(response.headers["content-length"] ?? 0) > request.maxBytes) {
    response.destroy();
    throw refused(request, limit);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > request.maxBytes) {
      response.destroy();
      throw refused(request, limit);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** `10 MiB`, `512 KiB` or `300 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
