import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it, onTestFinished } from "vitest";
import { isAtsyncError } from "../errors.js";
import { addressRefusal, GuardedFetcher, type GuardedFetchRequest } from "./guarded-fetch.js";

const request: GuardedFetchRequest = { field: "attachment.data_url", what: "attachment", maxBytes: 1024 };

/** A server on 127.0.0.1 answering with `answer`; returns its port and the Host headers it saw. */
async function serve(answer: (req: IncomingMessage, res: ServerResponse) => void) {
  const hosts: string[] = [];
  const server = createServer((req, res) => {
    hosts.push(String(req.headers.host));
    answer(req, res);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  onTestFinished(() => {
    server.closeAllConnections();
    return new Promise<void>((r) => server.close(() => r()));
  });
  return { port: (server.address() as AddressInfo).port, hosts };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(isAtsyncError(error), String(error)).toBe(true);
  expect((error as { code: string }).code).toBe("PLATFORM.INPUT_INVALID");
  return (error as Error).message;
}

describe("addressRefusal", () => {
  it("allows public unicast only, in every spelling of v4 and v6", () => {
    for (const ok of ["8.8.8.8", "2606:4700::1111", "::ffff:8.8.8.8", "64:ff9b::808:808"]) {
      expect(addressRefusal(ok), ok).toBeNull();
    }
    const refused: [string, string][] = [
      ["127.0.0.1", "loopback"],
      ["127.255.0.9", "loopback"],
      ["::1", "loopback"],
      ["::ffff:127.0.0.1", "loopback"],
      ["::ffff:7f00:1", "loopback"],
      ["64:ff9b::7f00:1", "loopback"],
      ["64:ff9b::a00:1", "private"],
      ["0.0.0.0", "unspecified"],
      ["::", "unspecified"],
      ["10.1.2.3", "private"],
      ["172.16.0.1", "private"],
      ["192.168.1.1", "private"],
      ["169.254.169.254", "linkLocal"],
      ["fe80::1", "linkLocal"],
      ["fd00::1", "uniqueLocal"],
      ["100.64.0.1", "carrierGradeNat"],
      ["224.0.0.1", "multicast"],
      ["ff02::1", "multicast"],
      ["255.255.255.255", "broadcast"],
      ["192.0.2.1", "reserved"],
      ["198.51.100.7", "reserved"],
      ["2001:db8::1", "reserved"],
      ["198.18.0.1", "reserved"],
      ["2002:7f00:1::1", "6to4"],
      ["64:ff9b:1::1", "rfc6052"],
    ];
    for (const [address, range] of refused) expect(addressRefusal(address), address).toContain(range);
  });

  it("lets an allow-listed range through", () => {
    const fetcher = new GuardedFetcher({ allow: ["127.0.0.1/32", "10.0.0.0/8", "fd00::1"] });
    expect(fetcher).toBeInstanceOf(GuardedFetcher);
    expect(() => new GuardedFetcher({ allow: ["localhost"] })).toThrow(/fetchAllow: localhost/);
  });
});

describe("GuardedFetcher", () => {
  it("refuses other schemes, credentials in the URL and host names resolving to a non-public address", async () => {
    const fetcher = new GuardedFetcher({ resolve: async () => ["10.0.0.7"] });
    expect(await refusal(fetcher.fetch("file:///etc/passwd", request))).toContain(
      "attachment.data_url: must be an http(s) URL",
    );
    expect(await refusal(fetcher.fetch("ftp://files.example/x", request))).toContain("http(s)");
    expect(await refusal(fetcher.fetch("http://u:p@files.example/x", request))).toContain("credentials");
    expect(await refusal(fetcher.fetch("http://files.example/x", request))).toContain("private address");
    const mixed = new GuardedFetcher({ resolve: async () => ["8.8.8.8", "127.0.0.1"] });
    expect(await refusal(mixed.fetch("http://files.example/x", request))).toContain("loopback");
    const none = new GuardedFetcher({ resolve: async () => [] });
    expect(await refusal(none.fetch("http://files.example/x", request))).toContain("does not resolve");
  });

  it("resolves the host once and connects to that address (no rebinding window), keeping the Host header", async () => {
    const { port, hosts } = await serve((_, res) =>
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" }).end("hi"),
    );
    let lookups = 0;
    const answers = ["127.0.0.1", "10.9.9.9"];
    const fetcher = new GuardedFetcher({
      allow: ["127.0.0.1/32"],
      resolve: async () => [answers[lookups++] ?? "10.9.9.9"],
    });
    const body = await fetcher.fetch(`http://files.example:${port}/cv.txt`, request);
    expect(Buffer.from(body.bytes).toString()).toBe("hi");
    expect(body.contentType).toBe("text/plain");
    expect(lookups).toBe(1);
    expect(hosts).toEqual([`files.example:${port}`]);
  });

  it("checks every redirect hop again and caps the number of hops", async () => {
    const { port } = await serve((req, res) => {
      if (req.url === "/ok") return res.writeHead(200).end("ok");
      if (req.url === "/to-ok") return res.writeHead(302, { Location: "/ok" }).end();
      if (req.url === "/loop") return res.writeHead(307, { Location: "/loop" }).end();
      return res.writeHead(301, { Location: `http://127.0.0.2:${port}/ok` }).end();
    });
    const fetcher = new GuardedFetcher({ allow: ["127.0.0.1/32"] });
    const base = `http://127.0.0.1:${port}`;
    expect(Buffer.from((await fetcher.fetch(`${base}/to-ok`, request)).bytes).toString()).toBe("ok");
    expect(await refusal(fetcher.fetch(`${base}/elsewhere`, request))).toContain("loopback");
    expect(await refusal(fetcher.fetch(`${base}/loop`, request))).toContain("redirected more than 5 times");
  });

  it("refuses bodies over the limit (declared or streamed), non-2xx answers and slow servers", async () => {
    const { port } = await serve((req, res) => {
      if (req.url === "/declared")
        return res.writeHead(200, { "Content-Length": "5000" }).end("x".repeat(5000));
      if (req.url === "/streamed") {
        res.writeHead(200);
        res.write("x".repeat(800));
        return res.end("x".repeat(800));
      }
      if (req.url === "/slow") return;
      return res.writeHead(404).end();
    });
    const fetcher = new GuardedFetcher({ allow: ["127.0.0.1"], timeoutMs: 300 });
    const base = `http://127.0.0.1:${port}`;
    expect(await refusal(fetcher.fetch(`${base}/declared`, request))).toContain("is larger than 1 KiB");
    expect(await refusal(fetcher.fetch(`${base}/streamed`, request))).toContain("is larger than 1 KiB");
    expect(await refusal(fetcher.fetch(`${base}/missing`, request))).toContain("HTTP 404");
    expect(await refusal(fetcher.fetch(`${base}/slow`, request))).toContain("within 300 ms");
  });

  it("rethrows the caller's abort unchanged", async () => {
    const { port } = await serve(() => {});
    const controller = new AbortController();
    const fetcher = new GuardedFetcher({ allow: ["127.0.0.1/32"] });
    const pending = fetcher.fetch(`http://127.0.0.1:${port}/`, { ...request, signal: controller.signal });
    controller.abort(new Error("shutting down"));
    await expect(pending).rejects.toThrow("shutting down");
  });
});
