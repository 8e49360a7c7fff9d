// The bench's traffic mix and ledger: shares, payload shape, resends and resolutions.
import { describe, expect, it } from "vitest";
import { webhookPayloadSchema } from "@/lib/alerts/schema";
import { ALERTS_PER_PAYLOAD, Workload, type Delivery } from "./workload";
import { percentile } from "./stats";

function drive(workload: Workload, requests: number, senders: number): Delivery[] {
  const sent: Delivery[] = [];
  for (let i = 0; i < requests; i++) {
    const delivery = workload.next(i % senders);
    sent.push(delivery);
    workload.acknowledged(delivery);
  }
  return sent;
}

describe("bench workload", () => {
  it("sends valid 5-alert payloads: ~20% exact resends, the rest new groups, joins and resolutions", () => {
    const workload = new Workload(20, 7);
    const sent = drive(workload, 4_000, 20);
    for (const d of sent.slice(0, 200)) {
      const payload = webhookPayloadSchema.parse(JSON.parse(d.body));
      expect(payload.alerts).toHaveLength(ALERTS_PER_PAYLOAD);
    }
    const share = (kind: string) => sent.filter((d) => d.kind === kind).length / sent.length;
    expect(share("duplicate")).toBeGreaterThan(0.17);
    expect(share("duplicate")).toBeLessThan(0.23);
    expect(share("new")).toBeGreaterThan(0.45);
    expect(share("resolve")).toBeGreaterThan(0.08);
    expect(share("join")).toBeGreaterThan(0.08);
    const originals = new Set(sent.filter((d) => d.kind !== "duplicate").map((d) => d.body));
    expect(sent.filter((d) => d.kind === "duplicate").every((d) => originals.has(d.body))).toBe(true);
  });

  it("keeps a ledger of deliveries per alert identity, with resolution final", () => {
    const workload = new Workload(2, 11);
    const sent = drive(workload, 500, 2);
    const deliveries = sent.reduce((n, d) => n + d.alerts.length, 0);
    const counted = [...workload.ledger.values()].reduce((n, e) => n + e.deliveries, 0);
    expect(counted).toBe(deliveries);
    const resolvedKeys = new Set(sent.flatMap((d) => d.alerts.filter((a) => a.resolved).map((a) => a.key)));
    expect(resolvedKeys.size).toBeGreaterThan(0);
    for (const key of resolvedKeys) expect(workload.ledger.get(key)?.resolved).toBe(true);
  });

  it("takes percentiles by rank", () => {
    const sorted = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(sorted, 50)).toBe(50);
    expect(percentile(sorted, 99)).toBe(99);
    expect(percentile([], 99)).toBeNaN();
  });
});
