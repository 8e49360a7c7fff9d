import { describe, expect, it } from "vitest";
import { crossSiteRefusal, ownOrigins } from "@/lib/http/same-origin";

const own = ["https://vigil.example.com"];
const request = (method: string, headers: Record<string, string>) => ({
  method,
  header: (name: string) => headers[name] ?? null,
  ownOrigins: own,
});
const json = { "content-type": "application/json", "content-length": "20" };

describe("crossSiteRefusal", () => {
  it("refuses a state change another site made the browser send", () => {
    // The pentest's probe: an admin's browser posting text/plain from evil.example.
    expect(
      crossSiteRefusal(request("POST", { origin: "http://evil.example", "content-type": "text/plain", "content-length": "9" })),
    ).toMatchObject({
      status: 403,
      error: "cross_site",
    });
    expect(crossSiteRefusal(request("POST", { ...json, origin: "https://vigil.example.com.evil.example" }))?.status).toBe(403);
    expect(crossSiteRefusal(request("DELETE", { origin: "null" }))?.status).toBe(403);
    expect(crossSiteRefusal(request("POST", { ...json, "sec-fetch-site": "cross-site" }))?.status).toBe(403);
    // A sibling subdomain is another origin, though SameSite=Lax would send the cookie.
    expect(crossSiteRefusal(request("POST", { ...json, origin: "https://grafana.example.com" }))?.status).toBe(403);
  });

  it("requires a JSON body, so no HTML form can post one without a preflight", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])
      expect(crossSiteRefusal(request("POST", { "content-type": type, "content-length": "5", origin: own[0]! }))?.status, type).toBe(415);
    expect(crossSiteRefusal(request("POST", { "content-length": "5" }))?.status).toBe(415);
  });

  it("lets the console's own requests and tools without a browser through", () => {
    expect(crossSiteRefusal(request("POST", { ...json, origin: own[0]!, "sec-fetch-site": "same-origin" }))).toBeNull();
    expect(crossSiteRefusal(request("POST", { "content-type": "application/json; charset=utf-8", "content-length": "2" }))).toBeNull();
    expect(crossSiteRefusal(request("DELETE", { origin: own[0]! }))).toBeNull();
    expect(crossSiteRefusal(request("GET", { origin: "http://evil.example" }))).toBeNull();
  });
});

describe("ownOrigins", () => {
  it("is where the request came to, behind a proxy too, and the configured public URL", () => {
    const headers: Record<string, string> = {
      host: "10.0.0.5:3000",
      "x-forwarded-host": "vigil.example.com",
      "x-forwarded-proto": "https",
    };
    expect(ownOrigins("http://10.0.0.5:3000/api/demo/faults", (n) => headers[n] ?? null, "https://vigil.example.com")).toEqual([
      "https://vigil.example.com",
      "https://10.0.0.5:3000",
    ]);
    expect(ownOrigins("http://127.0.0.1:3000/api/x", (n) => ({ host: "127.0.0.1:3000" })[n] ?? null, undefined)).toEqual([
      "http://127.0.0.1:3000",
    ]);
  });
});
