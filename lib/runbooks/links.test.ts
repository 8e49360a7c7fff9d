// Linking alerts to runbooks: runbook_url equal to a runbook's url, or naming its slug or
// file (last path segment, case-insensitive, .md dropped); or an alertname it lists.
import { describe, expect, it } from "vitest";
import { linkKeys, linkReason, runbookKey, runbookUrls } from "@/lib/runbooks/links";

const runbook = {
  slug: "db-postgres-connections",
  path: "db/Postgres-Connections.md",
  url: "https://wiki.example/x/y?id=7",
  alerts: ["PostgresTooManyConnections"],
};
const alert = (annotations: Record<string, unknown>, alertname = "Other") => ({ alertname, annotations });

describe("runbookKey", () => {
  it("takes the last path segment, decoded and lowercased, without .md, query or fragment", () => {
    expect(runbookKey("https://github.com/acme/runbooks/blob/main/db/Postgres-Connections.md")).toBe("postgres-connections");
    expect(runbookKey("https://wiki.example/runbooks/postgres%20connections/?tab=2#steps")).toBe("postgres connections");
    expect(runbookKey("postgres-connections.markdown")).toBe("postgres-connections");
    expect(runbookKey("https://")).toBeNull();
    expect(runbookKey("/")).toBeNull();
    expect(runbookKey("https://x/%E0%A4%A")).toBe("%e0%a4%a");
  });
});

describe("linkReason", () => {
  it("links by exact url, by slug, by file name, or by alertname", () => {
    expect(linkReason(runbook, alert({ runbook_url: "https://wiki.example/x/y?id=7" }))).toBe("runbook_url");
    expect(linkReason(runbook, alert({ runbook_url: "https://runbooks.example/DB-Postgres-Connections.md" }))).toBe("runbook_url");
    expect(linkReason(runbook, alert({ runbook_url: "https://runbooks.example/ops/postgres-connections" }))).toBe("runbook_url");
    expect(linkReason(runbook, alert({ runbook: "postgres-connections" }))).toBe("runbook_url");
    expect(linkReason(runbook, alert({}, "PostgresTooManyConnections"))).toBe("alertname");
  });

  it("does not link on a near miss", () => {
    expect(linkReason(runbook, alert({ runbook_url: "https://wiki.example/x/y?id=8" }))).toBeNull();
    expect(linkReason(runbook, alert({ runbook_url: "https://runbooks.example/postgres" }))).toBeNull();
    expect(linkReason(runbook, alert({ runbook_url: 42 }, "postgrestoomanyconnections"))).toBeNull();
    expect(linkReason({ ...runbook, path: null }, alert({ runbook_url: "https://r.example/postgres-connections" }))).toBeNull();
  });
});

describe("linkKeys", () => {
  it("collects the urls, their keys and the alertnames to look runbooks up by", () => {
    expect(runbookUrls({ runbook_url: " https://a/b.md ", runbook: "", summary: "x" })).toEqual(["https://a/b.md"]);
    expect(linkKeys([alert({ runbook_url: "https://a/B.md" }, "A"), alert({ runbookUrl: "https://c/d" }, "A")])).toEqual({
      urls: ["https://a/B.md", "https://c/d"],
      keys: ["b", "d"],
      alertnames: ["A"],
    });
  });
});
