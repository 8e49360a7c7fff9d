import { describe, expect, it } from "vitest";
import { isFiltered, listViewSearch, parseListView, sameView, withView } from "@/lib/incidents/list-view";

describe("incident list view in the URL", () => {
  it("reads filters and sort from search params and writes them back in a fixed order", () => {
    const view = parseListView(new URLSearchParams("sort=severity&q=checkout&state=open&severity=critical&namespace=shop"));
    expect(view).toEqual({ state: "open", severity: "critical", namespace: "shop", q: "checkout", sort: "severity" });
    expect(listViewSearch(view)).toBe("?state=open&severity=critical&namespace=shop&q=checkout&sort=severity");
    expect(parseListView(new URLSearchParams(listViewSearch(view)))).toEqual(view);
  });

  it("leaves the default order and empty fields out: the plain list has the plain URL", () => {
    expect(listViewSearch(parseListView(new URLSearchParams("sort=newest&q=&namespace=%20")))).toBe("");
    expect(listViewSearch(withView({ sort: "oldest" }, { sort: "newest" }))).toBe("");
  });

  it("drops what it does not understand instead of failing the page", () => {
    expect(parseListView(new URLSearchParams("state=opened&severity=apocalyptic&sort=random&cursor=x"))).toEqual({});
  });

  it("reads a Next.js searchParams object, taking the first of repeated values", () => {
    expect(parseListView({ state: ["resolved", "open"], q: " db ", other: "x" })).toEqual({ state: "resolved", q: "db" });
  });

  it("changes one field, clears with undefined, and compares views by what they show", () => {
    const view = withView({ q: "api" }, { severity: "high" });
    expect(view).toEqual({ q: "api", severity: "high" });
    expect(withView(view, { q: undefined })).toEqual({ severity: "high" });
    expect(sameView({ q: "api", sort: "newest" }, { q: "api" })).toBe(true);
    expect(sameView({ q: "api" }, { q: "API" })).toBe(false);
    expect(isFiltered({ sort: "severity" })).toBe(false);
    expect(isFiltered({ namespace: "shop" })).toBe(true);
  });
});
