// The lab's Terraform, parsed with HashiCorp's HCL parser (@cdktf/hcl2json, compiled to
// wasm: no terraform binary or network needed) and checked for what `terraform validate`
// would catch and more: variables declared and used, references that resolve, providers
// pinned, secrets only in sensitive outputs — and wired to the manifests it applies.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import path from "node:path";
import { getReferencesInExpression, parse } from "@cdktf/hcl2json";
import { beforeAll, describe, expect, it } from "vitest";
import { containersOf, kustomize, podSpecOf } from "@/lib/deploy/kustomize";

type Block = Record<string, unknown>;
type Config = {
  terraform?: { required_version?: string; required_providers?: Record<string, { source: string; version: string }>[] }[];
  provider?: Record<string, Block[]>;
  variable?: Record<
    string,
    (Block & { description?: string; type?: string; validation?: { condition: string; error_message: string }[] })[]
  >;
  locals?: Block[];
  resource?: Record<string, Record<string, Block[]>>;
  data?: Record<string, Record<string, Block[]>>;
  output?: Record<string, (Block & { value: unknown; description?: string; sensitive?: boolean })[]>;
};

const dir = __dirname;
const files = readdirSync(dir).filter((f) => f.endsWith(".tf"));
let config: Config;
/** Every reference in the configuration, with where it appears. */
let references: { ref: string; at: string }[];

function merge(into: Record<string, unknown>, from: Record<string, unknown>) {
  for (const [key, value] of Object.entries(from)) {
    if (Array.isArray(value)) into[key] = [...((into[key] as unknown[]) ?? []), ...value];
    else if (value && typeof value === "object") merge((into[key] ??= {}) as Record<string, unknown>, value as Record<string, unknown>);
    else into[key] = value;
  }
}

function strings(value: unknown, at: string, out: { text: string; at: string }[] = []) {
  if (typeof value === "string") out.push({ text: value, at });
  else if (Array.isArray(value)) value.forEach((v, i) => strings(v, `${at}[${i}]`, out));
  else if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) strings(v, `${at}.${k}`, out);
  return out;
}

beforeAll(async () => {
  const merged: Record<string, unknown> = {};
  for (const file of files) merge(merged, await parse(file, readFileSync(path.join(dir, file), "utf8")));
  config = merged as Config;
  references = [];
  for (const { text, at } of strings(config, "")) {
    // Type constraints (`type = string`) are parsed as expressions but refer to nothing.
    if (!text.includes("${") || /\.variable\.\w+\[0\]\.type$/.test(at)) continue;
    for (const r of await getReferencesInExpression(at, text)) references.push({ ref: r.value, at });
  }
});

const declared = (kind: "resource" | "data") =>
  new Set(Object.entries(config[kind] ?? {}).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${type}.${name}`)));
const providerOf = (type: string) => type.split("_")[0]!;
/** A string with `${local.x}` replaced where that local is a plain string. */
const resolveLocals = (text: string) =>
  text.replace(/\$\{local\.(\w+)\}/g, (whole, name: string) => {
    const value = (config.locals ?? []).find((l) => name in l)?.[name];
    return typeof value === "string" && !value.includes("${") ? value : whole;
  });
const usedTypes = () => [...Object.keys(config.resource ?? {}), ...Object.keys(config.data ?? {})];

describe("terraform", () => {
  it("parses every file", () => {
    expect(files.sort()).toEqual(["cluster.tf", "outputs.tf", "platform.tf", "providers.tf", "variables.tf", "versions.tf", "vigil.tf"]);
    expect(references.length).toBeGreaterThan(20);
  });

  it("uses every declared variable and declares every used one, each with a type, a description and validations of itself", () => {
    const variables = config.variable ?? {};
    const used = new Set(references.filter((r) => r.ref.startsWith("var.")).map((r) => r.ref.split(".")[1]!));
    expect([...used].filter((v) => !(v in variables))).toEqual([]);
    expect(Object.keys(variables).filter((v) => !used.has(v))).toEqual([]);
    for (const [name, [block]] of Object.entries(variables)) {
      expect(block!.description, name).toMatch(/\w{3,}/);
      expect(block!.type, name).toBeDefined();
      // Before Terraform 1.9 a validation may only refer to its own variable.
      for (const v of block!.validation ?? []) {
        const refs = references.filter((r) => r.at.startsWith(`.variable.${name}[0].validation`)).map((r) => r.ref);
        expect(refs.length, `${name}: ${v.condition}`).toBeGreaterThan(0);
        expect(
          refs.every((r) => r === `var.${name}` || r.startsWith(`var.${name}.`)),
          `${name}: ${refs.join(", ")}`,
        ).toBe(true);
      }
    }
  });

  it("refers only to resources, data sources and locals that exist", () => {
    const resources = declared("resource");
    const data = declared("data");
    const locals = new Set((config.locals ?? []).flatMap((l) => Object.keys(l)));
    const missing = references
      .map(({ ref, at }) => {
        const [head, a, b] = ref.split(".");
        if (["var", "path", "each", "count", "self", "terraform"].includes(head!)) return null;
        if (head === "local") return locals.has(a!) ? null : `${ref} (${at})`;
        if (head === "data") return data.has(`${a}.${b}`) ? null : `${ref} (${at})`;
        if (head === "module") return `${ref}: no modules here`;
        return resources.has(`${head}.${a}`) ? null : `${ref} (${at})`;
      })
      .filter(Boolean);
    expect(missing).toEqual([]);
  });

  it("pins every provider it uses, and uses every provider it pins", () => {
    const [terraform] = config.terraform ?? [];
    expect(terraform?.required_version).toMatch(/^>= 1\.\d+/);
    const required = Object.assign({}, ...(terraform?.required_providers ?? [])) as Record<string, { source: string; version: string }>;
    for (const [name, p] of Object.entries(required)) {
      expect(p.source, name).toMatch(/^[a-z0-9-]+\/[a-z0-9-]+$/);
      expect(p.version, name).toMatch(/^\d+\.\d+\.\d+$/);
    }
    const used = new Set(
      usedTypes()
        .map(providerOf)
        .filter((p) => p !== "terraform"),
    );
    expect([...used].sort()).toEqual(Object.keys(required).sort());
    expect(Object.keys(config.provider ?? {}).sort()).toEqual(Object.keys(required).sort());
    expect(required.kind?.source).toBe("tehcyx/kind");
  });

  it("outputs the console URL and the admin password, secrets only as sensitive", () => {
    const outputs = config.output ?? {};
    expect(Object.keys(outputs)).toEqual(expect.arrayContaining(["console_url", "admin_password"]));
    for (const [name, [block]] of Object.entries(outputs)) {
      expect(block!.description, name).toMatch(/\w{3,}/);
      const refs = references.filter((r) => r.at.startsWith(`.output.${name}[0]`)).map((r) => r.ref);
      if (refs.some((r) => r.startsWith("random_password.") || r.startsWith("kubernetes_secret")))
        expect(block!.sensitive, name).toBe(true);
    }
    expect(outputs.admin_password![0]!.sensitive).toBe(true);
  });

  it("applies the dev overlay with the Secrets, image, model and ConfigMap it expects", () => {
    const overlay = config.data?.kustomization_overlay?.vigil?.[0] as {
      resources: string[];
      images: { name: string }[];
      config_map_generator: { name: string; namespace: string }[];
      patches: { target: { kind: string; name: string }[] }[];
    };
    const overlayDir = path.resolve(dir, overlay.resources[0]!.replace("${path.module}", "."));
    expect(existsSync(path.join(overlayDir, "kustomization.yaml"))).toBe(true);
    const objects = kustomize(overlayDir);
    const pods = objects.map(podSpecOf).filter((p) => p !== undefined);
    const images = pods.flatMap((p) => containersOf(p!).map((c) => String(c.image).split(":")[0]));
    for (const image of overlay.images) expect(images).toContain(image.name);
    for (const g of overlay.config_map_generator)
      expect(
        objects.some(
          (o) => o.kind === "ConfigMap" && o.metadata.name.startsWith(`${g.name}-`) && o.metadata.namespace === resolveLocals(g.namespace),
        ),
      ).toBe(true);
    for (const p of overlay.patches)
      for (const t of p.target) expect(objects.some((o) => o.kind === t.kind && o.metadata.name === t.name)).toBe(true);

    // Every Secret key the pods need (and do not mark optional) is created by Terraform.
    const secrets = Object.values(config.resource?.kubernetes_secret_v1 ?? {}).map(
      ([s]) => s as { metadata: { name: string; namespace: string }[]; data: Record<string, unknown> },
    );
    const provided = new Set(
      secrets.flatMap((s) => Object.keys(s.data).map((k) => `${resolveLocals(s.metadata[0]!.namespace)}/${s.metadata[0]!.name}/${k}`)),
    );
    type SecretRef = { name: string; key: string; optional?: boolean };
    const needed = objects.flatMap((o) => {
      const pod = podSpecOf(o);
      if (!pod) return [];
      const refs = containersOf(pod).flatMap((c) =>
        ((c.env ?? []) as { valueFrom?: { secretKeyRef?: SecretRef } }[]).map((e) => e.valueFrom?.secretKeyRef),
      );
      return refs.filter((r): r is SecretRef => r !== undefined && !r.optional).map((r) => `${o.metadata.namespace}/${r.name}/${r.key}`);
    });
    expect(needed.length).toBeGreaterThan(0);
    expect(needed.filter((n) => !provided.has(n))).toEqual([]);
  });
});
