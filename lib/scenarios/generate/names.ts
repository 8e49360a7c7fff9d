// The vocabulary of the generated clusters: providers, node names, registries, namespaces,
// service names and versions, shaped the way EKS, GKE, AKS and kubeadm clusters name them.
import type { Gen } from "./rng";

export type Provider = "eks" | "gke" | "aks" | "kubeadm";
export type Cluster = {
  name: string;
  provider: Provider;
  region: string;
  registry: string;
  /** The kube-dns Service IP: what resolv.conf in every pod points at. */
  dnsIp: string;
  /** First two octets of pod IPs and of Service cluster IPs. */
  podNet: string;
  svcNet: string;
  nodeName(i: number): string;
  domain: string;
};

const DOMAINS = ["acme", "globex", "initech", "umbrella", "hooli", "vandelay", "stark", "wayne", "tyrell", "cyberdyne", "wonka", "soylent"];

export function createCluster(g: Gen): Cluster {
  const provider = g.weighted<Provider>([
    ["eks", 4],
    ["gke", 3],
    ["aks", 2],
    ["kubeadm", 1],
  ]);
  const corp = g.pick(DOMAINS);
  const env = g.pick(["prod", "prod", "production", "prd", "live"]);
  if (provider === "eks") {
    const region = g.pick(["eu-west-1", "us-east-1", "us-west-2", "eu-central-1", "ap-southeast-2"]);
    const acct = String(g.int(100000000000, 999999999999));
    const third = g.int(0, 3) * 16;
    return {
      name: `${corp}-${env}-${region.replace(/-\d$/, "")}`,
      provider,
      region,
      domain: corp,
      registry: `${acct}.dkr.ecr.${region}.amazonaws.com`,
      dnsIp: g.pick(["172.20.0.10", "10.100.0.10"]),
      podNet: "10.0",
      svcNet: "172.20",
      nodeName: (i) =>
        `ip-10-0-${third + ((i * 7) % 48)}-${(i * 37 + 11) % 250}.${region === "us-east-1" ? "ec2" : `${region}.compute`}.internal`,
    };
  }
  if (provider === "gke") {
    const region = g.pick(["europe-west1", "us-central1", "europe-west4", "asia-northeast1"]);
    const cname = `${env}-${g.pick(["main", "apps", "core", "gke"])}`;
    const pool = g.pick(["default-pool", "apps-pool", "n2-standard-8", "e2-pool"]);
    const grp = g.hex(8);
    const tails = Array.from({ length: 12 }, () => g.chars(4, "abcdefghijklmnopqrstuvwxyz0123456789"));
    return {
      name: cname,
      provider,
      region,
      domain: corp,
      registry: `${region}-docker.pkg.dev/${corp}-${env}/services`,
      dnsIp: g.pick(["34.118.224.10", "10.8.0.10"]),
      podNet: "10.4",
      svcNet: "10.8",
      nodeName: (i) => `gke-${cname}-${pool}-${grp}-${tails[i % tails.length]}`,
    };
  }
  if (provider === "aks") {
    const region = g.pick(["westeurope", "northeurope", "eastus2", "uksouth"]);
    const pool = g.pick(["nodepool1", "apps", "userpool", "system"]);
    const vmss = String(g.int(10000000, 99999999));
    return {
      name: `aks-${env}-${region}`,
      provider,
      region,
      domain: corp,
      registry: `${corp}${env}.azurecr.io`,
      dnsIp: "10.0.0.10",
      podNet: "10.244",
      svcNet: "10.0",
      nodeName: (i) => `aks-${pool}-${vmss}-vmss${String(i).padStart(6, "0")}`,
    };
  }
  const site = g.pick(["fra1", "ams2", "dc1", "lon3"]);
  const prefix = g.pick(["worker", "k8s-node", "node"]);
  return {
    name: `${corp}-${site}`,
    provider,
    region: site,
    domain: corp,
    registry: g.pick([`harbor.${corp}.internal`, `registry.${corp}.io`, `ghcr.io/${corp}`]),
    dnsIp: "10.96.0.10",
    podNet: "10.42",
    svcNet: "10.96",
    nodeName: (i) => `${prefix}-${String(i + 1).padStart(2, "0")}.${site}.${corp}.internal`,
  };
}

export const NAMESPACES = [
  "shop",
  "checkout",
  "payments",
  "billing",
  "orders",
  "inventory",
  "search",
  "recs",
  "media",
  "notifications",
  "identity",
  "auth",
  "ledger",
  "finance",
  "catalog",
  "shipping",
  "logistics",
  "analytics",
  "data",
  "ml",
  "risk",
  "fraud",
  "pricing",
  "cart",
  "messaging",
  "growth",
  "ads",
  "crm",
  "support",
  "reporting",
  "etl",
  "ingest",
  "accounts",
  "loyalty",
  "booking",
  "partners",
  "content",
  "tax",
  "fulfilment",
  "warehouse",
];

const NOUNS = [
  "orders",
  "checkout",
  "payment",
  "billing",
  "invoice",
  "ledger",
  "cart",
  "catalog",
  "pricing",
  "quote",
  "inventory",
  "stock",
  "shipping",
  "tracking",
  "search",
  "ranker",
  "recommend",
  "profile",
  "user",
  "account",
  "session",
  "auth",
  "token",
  "notify",
  "mailer",
  "sms",
  "push",
  "media",
  "thumbnail",
  "report",
  "export",
  "import",
  "settlement",
  "refund",
  "fraud",
  "risk",
  "loyalty",
  "coupon",
  "tax",
  "booking",
  "partner",
  "feed",
];
const SUFFIXES = ["api", "service", "svc", "worker", "gateway", "engine", "backend", "server", "processor", "consumer"];

export function serviceName(g: Gen, avoid: readonly string[] = []): string {
  for (;;) {
    const n = `${g.pick(NOUNS)}-${g.pick(SUFFIXES)}`;
    if (!avoid.includes(n)) return n;
  }
}

export const TEAMS = ["platform", "payments", "commerce", "growth", "data", "core", "identity", "fulfilment", "search", "sre"];

export function version(g: Gen): string {
  return g.weighted<() => string>([
    [() => `${g.int(0, 4)}.${g.int(0, 40)}.${g.int(0, 19)}`, 5],
    [() => `v${g.int(1, 3)}.${g.int(0, 30)}.${g.int(0, 12)}`, 3],
    [() => `sha-${g.hex(7)}`, 1],
    [() => `build-${g.int(1000, 9999)}`, 1],
  ])();
}

/** A later version than `v`: a patch or minor bump in the same style. */
export function bump(g: Gen, v: string): string {
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) return v.startsWith("sha-") ? `sha-${g.hex(7)}` : `build-${Number(v.slice(6)) + g.int(1, 40)}`;
  const [, p, a, b, c] = m;
  return g.chance(0.6) ? `${p}${a}.${b}.${Number(c) + 1}` : `${p}${a}.${Number(b) + 1}.0`;
}

export function ip(g: Gen, prefix: string): string {
  return `${prefix}.${g.int(0, 250)}.${g.int(2, 250)}`;
}
