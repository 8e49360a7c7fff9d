import { describe, expect, it } from "vitest";
import { FieldSelectorError, matchesFields, parseFieldSelector } from "@/lib/cluster/sandbox/field-selector";

describe("field selector", () => {
  it("parses =, == and != terms, comma-joined", () => {
    expect(parseFieldSelector("involvedObject.name=checkout-api,involvedObject.kind==Deployment,type!=Normal")).toEqual([
      { field: "involvedObject.name", op: "=", value: "checkout-api" },
      { field: "involvedObject.kind", op: "=", value: "Deployment" },
      { field: "type", op: "!=", value: "Normal" },
    ]);
    expect(parseFieldSelector("")).toEqual([]);
    expect(parseFieldSelector("involvedObject.namespace=")).toEqual([{ field: "involvedObject.namespace", op: "=", value: "" }]);
  });

  it("unescapes \\, \\= and \\\\ in values", () => {
    expect(parseFieldSelector("reason=a\\,b\\=c\\\\d,type=x")).toEqual([
      { field: "reason", op: "=", value: "a,b=c\\d" },
      { field: "type", op: "=", value: "x" },
    ]);
    expect(() => parseFieldSelector("reason=a\\n")).toThrow(FieldSelectorError);
  });

  it.each(["name", "=x", "a=b,,c=d"])("rejects %j", (selector) => {
    expect(() => parseFieldSelector(selector)).toThrow(FieldSelectorError);
  });

  it("matches every term", () => {
    const fields: Record<string, string> = { "involvedObject.name": "checkout-api", "involvedObject.kind": "Deployment", type: "Warning" };
    const match = (selector: string) => matchesFields(parseFieldSelector(selector), (field) => fields[field] ?? "");
    expect(match("involvedObject.name=checkout-api")).toBe(true);
    expect(match("involvedObject.name=checkout-api,involvedObject.kind=Pod")).toBe(false);
    expect(match("type!=Normal,involvedObject.kind=Deployment")).toBe(true);
    expect(match("involvedObject.namespace=")).toBe(true);
  });
});
