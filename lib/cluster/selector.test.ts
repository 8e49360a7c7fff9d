import { describe, expect, it } from "vitest";
import { labelSelectorString } from "@/lib/cluster/selector";
import { labelMatcher } from "@/lib/cluster/sandbox/label-selector";

describe("labelSelectorString", () => {
  it("joins matchLabels and matchExpressions into the query syntax", () => {
    const selector = labelSelectorString({
      matchLabels: { "app.kubernetes.io/name": "checkout-api", tier: "web" },
      matchExpressions: [
        { key: "track", operator: "In", values: ["stable", "canary"] },
        { key: "zone", operator: "NotIn", values: ["b"] },
        { key: "team", operator: "Exists" },
        { key: "legacy", operator: "DoesNotExist" },
      ],
    });
    expect(selector).toBe("app.kubernetes.io/name=checkout-api,tier=web,track in (canary,stable),zone notin (b),team,!legacy");
    // The sandbox's parser (the API server's grammar) reads it back with the same meaning.
    const matches = labelMatcher(selector);
    expect(matches({ "app.kubernetes.io/name": "checkout-api", tier: "web", track: "canary", zone: "a", team: "shop" })).toBe(true);
    expect(matches({ "app.kubernetes.io/name": "checkout-api", tier: "web", track: "canary", zone: "a", team: "shop", legacy: "1" })).toBe(
      false,
    );
    expect(matches({ "app.kubernetes.io/name": "checkout-api", tier: "web", track: "beta", zone: "a", team: "shop" })).toBe(false);
  });

  it("treats an empty selector as everything and an absent one as nothing", () => {
    expect(labelSelectorString({})).toBe("");
    expect(labelSelectorString(undefined)).toBeNull();
  });

  it("refuses operators it does not know instead of widening the selection", () => {
    expect(() => labelSelectorString({ matchExpressions: [{ key: "a", operator: "Gt", values: ["1"] }] })).toThrow(/unsupported/);
  });
});
