import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { type IcimsHarness, startIcimsHarness } from "./icims-harness.js";
import { type SdkServer, serveSdk } from "./sdk-server.js";

/** A request the recording proxy forwarded to the simulator. */
interface Forwarded {
  method: string;
  path: string;
  contentType: string;
  body: Buffer;
}

/** A forwarding proxy in front of the simulator that records each request it forwards. */
async function startRecordingProxy(): Promise<{
  via(origin: string): string;
  forwarded: Forwarded[];
  close(): Promise<void>;
}> {
  let target = new URL("http://127.0.0.1:9");
  const forwarded: Forwarded[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const path = req.url ?? "/";
      forwarded.push({
        method: req.method ?? "",
        path,
        contentType: req.headers["content-type"] ?? "",
        body,
      });
      const upstream = request(new URL(path, target), { method: req.method, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on("error", () => res.destroy());
      upstream.end(body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    via: (simulatorOrigin) => {
      const url = new URL(simulatorOrigin);
      target = new URL(url.origin);
      return `${origin}${url.pathname === "/" ? "" : url.pathname}`;
    },
    forwarded,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** A loopback file server answering `GET /cv.pdf` with `bytes` (a `data_url` to download). */
async function startFileServer(bytes: Buffer): Promise<{ url: string; close(): Promise<void> }> {
  const server = createServer((_req, res) => {
    res.writeHead(200, { "Content-Type": "application/pdf" }).end(bytes);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cv.pdf`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

let h: IcimsHarness;
let served: SdkServer;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>>;

async function start(fetchAllow?: string[]): Promise<void> {
  proxy = await startRecordingProxy();
  closers.push(() => proxy.close());
  h = await startIcimsHarness({
    apiUrl: (origin) => proxy.via(origin),
    ...(fetchAllow ? { fetchAllow } : {}),
  });
  closers.push(() => h.close());
  served = await serveSdk(h.atsync, h.integrationId);
  closers.push(() => served.close());
}

/** `POST /v1/passthrough/icims/default` over HTTP; the status and the JSON answer. */
async function passthrough(body: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await served.raw("/passthrough/icims/default", { method: "POST", body: JSON.stringify(body) });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** A candidate of the simulator (a person id the resume route accepts). */
const candidateId = () => h.sim.state.list("people")[10]?.id ?? 0;

describe("multipart_form_data passthrough to iCIMS (simulator over HTTP)", () => {
  it("uploads a resume as multipart/form-data: iCIMS receives the text and file parts", async () => {
    await start();
    const id = candidateId();
    const text = "Ada Lovelace\nAnalytical engines, 1843\n";
    const { status, json } = await passthrough({
      method: "PATCH",
      path: `/people/${id}/fields/resume/binary`,
      multipart_form_data: [
        { name: "comment", value: "uploaded through atsync" },
        {
          name: "file",
          value: {
            name: "Ada_Resume.txt",
            content_type: "text/plain",
            data: Buffer.from(text).toString("base64"),
          },
        },
      ],
    });
    expect(status).toBe(200);
    expect((json["data"] as { status: number }).status).toBe(204);

    const sent = proxy.forwarded.find((f) => f.path.endsWith(`/people/${id}/fields/resume/binary`));
    expect(sent?.method).toBe("PATCH");
    expect(sent?.contentType).toMatch(/^multipart\/form-data; ?boundary=/);
    const form = await new Response(sent?.body, {
      headers: { "content-type": sent?.contentType ?? "" },
    }).formData();
    expect([...form.keys()]).toEqual(["comment", "file"]);
    expect(form.get("comment")).toBe("uploaded through atsync");
    const file = form.get("file") as File;
    expect([file.name, file.type, await file.text()]).toEqual(["Ada_Resume.txt", "text/plain", text]);

    // iCIMS stored the file part as the resume.
    expect(h.sim.state.get("people", id)?.["resume"]).toBeDefined();
    const download = await passthrough({
      method: "GET",
      path: `/people/${id}/fields/resume/binary`,
      response_as_base64: true,
    });
    const answer = download.json["data"] as { data: string; headers: Record<string, string> };
    expect(Buffer.from(answer.data, "base64").toString("utf8")).toBe(text);
    expect(answer.headers["content-type"]).toBe("text/plain");
  });

  it("downloads a data_url file through the guarded fetcher and forwards it", async () => {
    const pdf = Buffer.from("%PDF-1.4\n% a tiny resume\n");
    const files = await startFileServer(pdf);
    closers.push(() => files.close());
    await start(["127.0.0.1/32"]);
    const id = candidateId();
    const { status } = await passthrough({
      method: "PATCH",
      path: `/people/${id}/fields/resume/binary`,
      multipart_form_data: [{ name: "file", value: { name: "cv.pdf", data_url: files.url } }],
    });
    expect(status).toBe(200);
    const sent = proxy.forwarded.at(-1);
    const form = await new Response(sent?.body, {
      headers: { "content-type": sent?.contentType ?? "" },
    }).formData();
    const file = form.get("file") as File;
    expect([file.name, file.type]).toEqual(["cv.pdf", "application/pdf"]);
    expect(Buffer.from(await file.arrayBuffer())).toEqual(pdf);
  });

  it.each([
    [
      "data and multipart_form_data together",
      { data: { a: 1 }, multipart_form_data: [{ name: "a", value: "b" }] },
      "multipart_form_data",
    ],
    [
      "a part without a name",
      { multipart_form_data: [{ name: "", value: "b" }] },
      "multipart_form_data.0.name",
    ],
    [
      "a malformed data_url",
      { multipart_form_data: [{ name: "file", value: { name: "cv.pdf", data_url: "not a url" } }] },
      "multipart_form_data.0.value.data_url",
    ],
    [
      "a data_url on a non-http scheme",
      { multipart_form_data: [{ name: "file", value: { name: "cv.pdf", data_url: "file:///etc/passwd" } }] },
      "multipart_form_data.0.value.data_url",
    ],
    [
      "malformed base64 data",
      {
        multipart_form_data: [
          { name: "file", value: { name: "cv.txt", content_type: "text/plain", data: "%%%" } },
        ],
      },
      "multipart_form_data.0.value.data",
    ],
    [
      "a caller's Content-Type header",
      {
        headers: { "Content-Type": "multipart/form-data" },
        multipart_form_data: [{ name: "a", value: "b" }],
      },
      "headers.Content-Type",
    ],
    [
      "a data_url resolving to loopback (SSRF guard, no fetchAllow)",
      {
        multipart_form_data: [
          { name: "file", value: { name: "cv.pdf", data_url: "http://127.0.0.1:1/cv.pdf" } },
        ],
      },
      "multipart_form_data.0.value.data_url",
    ],
  ])("refuses %s with 400 naming the field, sending nothing to iCIMS", async (_, fields, named) => {
    await start();
    h.sim.state.resetStats();
    const { status, json } = await passthrough({
      method: "PATCH",
      path: `/people/${candidateId()}/fields/resume/binary`,
      ...fields,
    });
    expect(status).toBe(400);
    expect(JSON.stringify(json)).toContain(named);
    expect(h.sim.state.stats()).toEqual({});
    expect(proxy.forwarded.filter((f) => f.path.includes("/resume/"))).toEqual([]);
  });

  it("refuses multipart passthrough for a disabled integration, before any vendor call", async () => {
    await start();
    await h.atsync.integrations.setEnabled(h.integrationId, false);
    h.sim.state.resetStats();
    const { status } = await passthrough({
      method: "PATCH",
      path: `/people/${candidateId()}/fields/resume/binary`,
      multipart_form_data: [{ name: "a", value: "b" }],
    });
    expect(status).toBeGreaterThanOrEqual(400);
    expect(h.sim.state.stats()).toEqual({});
  });
});
