import { describe, expect, it } from "vitest";
import { labelMatcher, parseLabelSelector, SelectorParseError } from "@/lib/cluster/sandbox/label-selector";

const labels = { app: "checkout", tier: "web", "app.kubernetes.io/version": "2.14.0", shard: "3" };
const matches = (selector: string) => labelMatcher(selector)(labels);
// Objects without any labels (metadata.labels absent).
const matchesUnlabelled = (selector: string) => labelMatcher(selector)(undefined);

describe("label selector parser", () => {
  it("parses every requirement form", () => {
    expect(parseLabelSelector("a=b, c==d,e!=f, g in (x, y), h notin (z), i, !j, k>1, l<2")).toEqual([
      { key: "a", op: "=", value: "b" },
      { key: "c", op: "=", value: "d" },
      { key: "e", op: "!=", value: "f" },
      { key: "g", op: "in", values: ["x", "y"] },
      { key: "h", op: "notin", values: ["z"] },
      { key: "i", op: "exists" },
      { key: "j", op: "!exists" },
      { key: "k", op: "gt", value: 1 },
      { key: "l", op: "lt", value: 2 },
    ]);
    expect(parseLabelSelector("")).toEqual([]);
    expect(parseLabelSelector("a=")).toEqual([{ key: "a", op: "=", value: "" }]);
    expect(parseLabelSelector("a==")).toEqual([{ key: "a", op: "=", value: "" }]);
    // "in" and "notin" are keywords where a key is expected, plain words where a value is.
    expect(parseLabelSelector("a=in,b notin (in)")).toEqual([
      { key: "a", op: "=", value: "in" },
      { key: "b", op: "notin", values: ["in"] },
    ]);
  });

  it.each(["a in ()", "a in (x", "a in x", "a=b c", "=b", "a=b=c", "!", "a,", "a=(b)", "a>x", "bad key=b", "a=b/c", "in"])(
    "rejects %j like the API server",
    (selector) => {
      expect(() => parseLabelSelector(selector)).toThrow(SelectorParseError);
    },
  );
});

describe("label selector matching", () => {
  it("matches equality and inequality", () => {
    expect(matches("app=checkout")).toBe(true);
    expect(matches("app==checkout,tier=web")).toBe(true);
    expect(matches("app=checkout,tier=db")).toBe(false);
    expect(matches("app.kubernetes.io/version=2.14.0")).toBe(true);
    expect(matches("tier!=db")).toBe(true);
    expect(matches("tier!=web")).toBe(false);
    // != also matches objects without the label at all.
    expect(matches("missing!=x")).toBe(true);
  });

  it("matches in and notin", () => {
    expect(matches("tier in (db, web)")).toBe(true);
    expect(matches("tier in (db,cache)")).toBe(false);
    expect(matches("missing in (x)")).toBe(false);
    expect(matches("tier notin (db,cache)")).toBe(true);
    expect(matches("tier notin (web)")).toBe(false);
    expect(matches("missing notin (x)")).toBe(true);
  });

  it("matches existence and absence", () => {
    expect(matches("tier")).toBe(true);
    expect(matches("missing")).toBe(false);
    expect(matches("!missing")).toBe(true);
    expect(matches("!tier")).toBe(false);
    expect(matches("app,!missing,tier in (web)")).toBe(true);
    expect(matchesUnlabelled("!app")).toBe(true);
    expect(matchesUnlabelled("app")).toBe(false);
  });

  it("compares integers with > and <", () => {
    expect(matches("shard>2")).toBe(true);
    expect(matches("shard<3")).toBe(false);
    expect(matches("tier>1")).toBe(false);
  });

  it("selects everything when empty", () => {
    expect(matches("")).toBe(true);
    expect(matchesUnlabelled("")).toBe(true);
  });
});
