// The `format` sent to Ollama: the RCA schema's vocabulary, narrowed to one incident.
import { describe, expect, it } from "vitest";
import { answerSchema } from "@/lib/rca/model/answer-schema";
import { rootCauses } from "@/lib/scenarios/schema";
import type { Subject } from "@/lib/evidence/types";

const subject: Subject = { namespace: "shop", name: "checkout-api", kind: "Deployment", replicas: 4, selector: null };
type Node = { properties: Record<string, Node>; items: Node; enum?: unknown[]; required?: string[] };

describe("answerSchema", () => {
  it("keeps the taxonomy and the action kinds, reasoning first, without grammar-costly string bounds", () => {
    const schema = answerSchema() as unknown as Node;
    expect(Object.keys(schema.properties)).toEqual(["reasoning", "citations", "rootCause", "confidence", "summary", "actions", "missing"]);
    // `missing` is optional: what would have decided an `unknown`.
    expect(schema.required).toEqual(["reasoning", "citations", "rootCause", "confidence", "summary", "actions"]);
    expect(schema.properties.missing).toMatchObject({ type: "array", items: { type: "string" } });
    expect(schema.properties.rootCause!.enum).toEqual([...rootCauses]);
    expect(schema.properties.actions!.items.properties.action!.enum).toEqual(["rollback", "restart", "scale", "none"]);
    expect(JSON.stringify(schema)).not.toMatch(/maxLength|minLength|\$schema|"default"/);
  });

  it("narrows citations to the context's ids and targets to the incident's workload", () => {
    const schema = answerSchema({ subject, contextIds: ["E1", "E4"] }) as unknown as Node;
    expect(schema.properties.citations!.items.enum).toEqual(["E1", "E4"]);
    const target = schema.properties.actions!.items.properties.target!;
    expect(target.properties.namespace!.enum).toEqual(["shop"]);
    expect(target.properties.name!.enum).toEqual(["checkout-api"]);
    expect(target.properties.kind!.enum).toEqual(["Deployment"]);
  });

  it("names the subject's real kind, and offers only the actions that kind supports", () => {
    const offered = (s: Subject) => {
      const schema = answerSchema({ subject: s, contextIds: ["E1"] }) as unknown as Node;
      const item = schema.properties.actions!.items;
      return { kind: item.properties.target!.properties.kind!.enum, actions: item.properties.action!.enum };
    };
    expect(offered(subject)).toEqual({ kind: ["Deployment"], actions: ["rollback", "restart", "scale", "none"] });
    expect(offered({ ...subject, kind: "StatefulSet" })).toEqual({
      kind: ["StatefulSet"],
      actions: ["rollback", "restart", "scale", "none"],
    });
    expect(offered({ ...subject, kind: "DaemonSet" })).toEqual({ kind: ["DaemonSet"], actions: ["restart", "none"] });
    for (const kind of ["Job", "CronJob", "Pod"] as const)
      expect(offered({ ...subject, kind })).toEqual({ kind: [kind], actions: ["none"] });
  });

  it("allows only `none` when the workload is not resolved", () => {
    const schema = answerSchema({ subject: { ...subject, kind: "unknown" }, contextIds: ["E1"] }) as unknown as Node;
    expect(schema.properties.actions!.items.properties.action!.enum).toEqual(["none"]);
  });
});
