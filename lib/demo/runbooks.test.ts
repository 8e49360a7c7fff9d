// The demo ships a runbook for each of its alert rules, synced into the library by
// `npm run demo`: each parses, names its alert, and is what the alert's runbook_url links.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { demoRules } from "@/lib/demo/alerts";
import { decodeRunbook, parseRunbook } from "@/lib/runbooks/document";
import { linkReason } from "@/lib/runbooks/links";
import { slugify } from "@/lib/runbooks/slug";

const dir = path.join(path.dirname(new URL(import.meta.url).pathname), "runbooks");
const files = readdirSync(dir).filter((f) => f.endsWith(".md"));

describe("the demo's runbooks", () => {
  it("cover every demo alert, linked by its runbook_url and its front matter", () => {
    const runbooks = files.map((file) => {
      const doc = parseRunbook(decodeRunbook(readFileSync(path.join(dir, file)), file), file);
      return { file, doc, linkable: { slug: slugify(file), path: file, url: null, alerts: doc.alerts } };
    });
    expect(runbooks.every((r) => r.doc.title.length > 0)).toBe(true);
    for (const rule of demoRules) {
      const alert = { alertname: rule.alertname, annotations: { runbook_url: `https://runbooks.demo.local/${rule.alertname}` } };
      const linked = runbooks.filter((r) => linkReason(r.linkable, alert) !== null).map((r) => r.file);
      expect(linked, rule.alertname).toEqual([`${rule.alertname}.md`]);
    }
  });
});
