// How each answer (or its absence) maps onto the kinds remediation acts on.
import { ApiException } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { toClusterWriteError } from "@/lib/cluster/write-error";

const request = "PATCH deployments/shop/web";
const answer = (code: number, body: unknown = "") => new ApiException(code, "Unknown API Status Code!", body, {});

describe("toClusterWriteError", () => {
  it.each([
    [401, "forbidden"],
    [403, "forbidden"],
    [404, "not_found"],
    [409, "conflict"],
    [400, "invalid"],
    [415, "invalid"],
    [422, "invalid"],
    [429, "server"],
    [500, "server"],
    [503, "server"],
    [504, "timeout"],
  ] as const)("maps HTTP %i to %s", (code, kind) => {
    expect(toClusterWriteError(request, answer(code))).toMatchObject({ kind, status: code, request });
  });

  it("keeps the Status reason and message, and reads a body that is not JSON", () => {
    const status = JSON.stringify({ kind: "Status", reason: "Forbidden", message: 'deployments.apps "web" is forbidden' });
    expect(toClusterWriteError(request, answer(403, status)).message).toBe(
      `${request}: 403 Forbidden: deployments.apps "web" is forbidden`,
    );
    expect(toClusterWriteError(request, answer(502, "<html>bad gateway</html>")).message).toBe(`${request}: 502: <html>bad gateway</html>`);
  });

  it("tells a deadline from a caller's abort, and both from a network failure", () => {
    const abort = Object.assign(new Error("The user aborted a request."), { name: "AbortError" });
    expect(toClusterWriteError(request, abort, 10_000).message).toBe(
      `${request}: no answer within 10 s; the change may or may not have been applied`,
    );
    expect(toClusterWriteError(request, abort)).toMatchObject({ kind: "timeout", status: null });
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    expect(toClusterWriteError(request, refused)).toMatchObject({ kind: "network", status: null });
  });
});
