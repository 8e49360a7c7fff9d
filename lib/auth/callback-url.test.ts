import { describe, expect, it } from "vitest";
import { safeCallbackPath } from "@/lib/auth/callback-url";

const origin = "https://vigil.example.com";

// Each of these, handed to window.location.assign or a redirect, has led a browser off-site.
// `searchParams` arrive percent-decoded: `/%09/evil` in the address is a literal tab here.
const offSite = [
  "//evil.example/a",
  "/\\evil.example/a",
  "/\t/evil.example/b",
  "\t//evil.example",
  "/\n/evil.example",
  "\\\\evil.example",
  "\\/evil.example",
  "   //evil.example",
  "javascript:alert(1)",
  "JaVaScRiPt:alert(1)",
  " javascript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "http://evil.example/",
  "https://evil.example",
  "HTTPS://evil.example",
  "http://vigil.example.com@evil.example/",
  "/a/..//evil.example",
  "/./\\evil.example",
];

describe("safeCallbackPath", () => {
  it.each(offSite)("sends %j home instead", (url) => {
    expect(safeCallbackPath(url, origin)).toBe("/");
  });

  it("keeps still-encoded forms on this origin", () => {
    // Not decoded yet, so not a separator: a path on this site, and it stays one.
    expect(safeCallbackPath("/%09/evil.example/b", origin)).toBe("/%09/evil.example/b");
    expect(safeCallbackPath("/%5Cevil.example", origin)).toBe("/%5Cevil.example");
    expect(safeCallbackPath("/%2F%2Fevil.example", origin)).toBe("/%2F%2Fevil.example");
    // Same scheme as the base, so a relative path, as a browser reads it.
    expect(safeCallbackPath("https:evil.example", origin)).toBe("/evil.example");
  });

  it("keeps paths on this origin with their query and fragment", () => {
    expect(safeCallbackPath("/", origin)).toBe("/");
    expect(safeCallbackPath("/incidents/abc?x=1#y", origin)).toBe("/incidents/abc?x=1#y");
    expect(safeCallbackPath("/audit?page=2", origin)).toBe("/audit?page=2");
    expect(safeCallbackPath(`${origin}/incidents/abc?x=1`, origin)).toBe("/incidents/abc?x=1");
  });

  it("sends anything that is not one string home", () => {
    for (const url of [undefined, null, "", ["/a", "/b"], 42]) expect(safeCallbackPath(url, origin)).toBe("/");
  });

  it("never returns what a browser would resolve to another origin", () => {
    const inputs = [...offSite, "/%09/evil.example/b", "/%5Cevil.example", "/incidents/abc?x=1#y", "/\u0000//evil.example"];
    for (const url of inputs) expect(new URL(safeCallbackPath(url, origin), origin).origin, url).toBe(origin);
  });
});
