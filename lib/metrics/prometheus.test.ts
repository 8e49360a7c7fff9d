// The Prometheus reader: the request it sends, the answers it parses, the failures it names.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createPrometheusReader, MetricsError } from "@/lib/metrics/prometheus";

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), { status, headers: { "Content-Type": "application/json" } });

/** A fetch that answers `response` and remembers what it was asked. */
function recordingFetch(response: () => Response) {
  const calls: { url: string; init: RequestInit }[] = [];
  const fetch = (async (url: URL | string, init: RequestInit = {}) => {
    calls.push({ url: String(url), init });
    return response();
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

const start = new Date("2025-04-02T15:18:00Z");
const end = new Date("2025-04-02T16:18:00.500Z");
const matrix = (result: unknown[]) => json(200, { status: "success", data: { resultType: "matrix", result } });

describe("createPrometheusReader", () => {
  let server: Server | undefined;
  afterEach(() => {
    server?.closeAllConnections();
    server?.close();
    server = undefined;
  });

  it("POSTs a query_range form under the URL's path prefix, with the caller's headers", async () => {
    const { fetch, calls } = recordingFetch(() => matrix([]));
    const reader = createPrometheusReader({ url: "https://obs.example/prometheus", fetch, headers: { Authorization: "Bearer t" } });
    await reader.queryRange('up{job="a"}', start, end, 30);
    expect(calls[0]!.url).toBe("https://obs.example/prometheus/api/v1/query_range");
    expect(calls[0]!.init.method).toBe("POST");
    expect(calls[0]!.init.headers).toMatchObject({ Authorization: "Bearer t", "Content-Type": "application/x-www-form-urlencoded" });
    const form = Object.fromEntries(calls[0]!.init.body as URLSearchParams);
    expect(form).toEqual({ query: 'up{job="a"}', start: "1743607080", end: "1743610680.5", step: "30", timeout: "10s" });
  });

  it("parses string values, keeps infinities and drops NaN as a gap", async () => {
    const { fetch } = recordingFetch(() =>
      matrix([
        {
          metric: { pod: "a" },
          values: [
            [1, "0.5"],
            [2, "NaN"],
            [3, "+Inf"],
            [4, "-Inf"],
            [5, "1e-07"],
          ],
        },
      ]),
    );
    const result = await createPrometheusReader({ url: "http://p", fetch }).queryRange("x", start, end, 1);
    expect(result).toEqual([
      {
        labels: { pod: "a" },
        values: [
          [1, 0.5],
          [3, Infinity],
          [4, -Infinity],
          [5, 1e-7],
        ],
      },
    ]);
  });

  it("turns Prometheus errors into MetricsError with the server's message and type", async () => {
    const { fetch } = recordingFetch(() =>
      json(422, { status: "error", errorType: "execution", error: "query processing would load too many samples" }),
    );
    const failure = await createPrometheusReader({ url: "http://p", fetch })
      .queryRange("x", start, end, 1)
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(MetricsError);
    expect(failure).toMatchObject({
      status: 422,
      errorType: "execution",
      message: "Prometheus query failed (execution): query processing would load too many samples",
    });
  });

  it("names a proxy's non-JSON answer and an unexpected result type", async () => {
    const html = recordingFetch(() => new Response("<html>502 Bad Gateway</html>", { status: 502 }));
    await expect(createPrometheusReader({ url: "http://p", fetch: html.fetch }).queryRange("x", start, end, 1)).rejects.toThrow(
      "Prometheus answered HTTP 502 with a non-JSON body: <html>502 Bad Gateway</html>",
    );
    const vector = recordingFetch(() => json(200, { status: "success", data: { resultType: "vector", result: [] } }));
    await expect(createPrometheusReader({ url: "http://p", fetch: vector.fetch }).queryRange("x", start, end, 1)).rejects.toThrow(
      /unexpected shape/,
    );
  });

  it("gives up after timeoutMs on a server that never answers", async () => {
    server = createServer(() => {});
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const began = Date.now();
    const failure = await createPrometheusReader({ url, timeoutMs: 200 })
      .queryRange("up", start, end, 60)
      .catch((e: unknown) => e);
    expect(Date.now() - began).toBeLessThan(2000);
    expect(failure).toMatchObject({ name: "MetricsError", status: null, message: `Prometheus at ${url}: no answer within 200 ms` });
  });

  it("names the network failure when nothing listens", async () => {
    server = createServer();
    await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    await expect(createPrometheusReader({ url }).queryRange("up", start, end, 60)).rejects.toThrow(/fetch failed: ECONNREFUSED/);
  });

  it("refuses a non-positive step before asking", async () => {
    const { fetch, calls } = recordingFetch(() => matrix([]));
    await expect(createPrometheusReader({ url: "http://p", fetch }).queryRange("x", start, end, 0)).rejects.toThrow(RangeError);
    expect(calls).toHaveLength(0);
  });
});
