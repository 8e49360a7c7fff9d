// The console's view of the demo application: its workloads, faults and fault kinds, polled;
// and injecting or clearing a fault. Only used on the Demo page, which exists in the demo.
"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

export type DemoWorkloadJson = {
  namespace: string;
  name: string;
  version: string;
  behaviour: string;
  replicas: number;
  ready: number;
  crashLooping: number;
  imagePull: number;
  errorRatio: number;
  latencyP99Ms: number;
  requestRate: number;
  throttled: number;
  dependsOn: string | null;
};
export type DemoFaultJson = { id: string; kind: string; namespace: string; name: string; at: string };
export type DemoStateJson = { workloads: DemoWorkloadJson[]; faults: DemoFaultJson[]; kinds: { kind: string; title: string }[] };

async function call<T>(url: string, init?: RequestInit): Promise<T> {
  const response = await fetch(url, {
    cache: "no-store",
    ...init,
    headers: { accept: "application/json", ...(init?.body ? { "content-type": "application/json" } : {}) },
  });
  const body = (await response.json().catch(() => ({}))) as T & { error?: { message?: string } | string };
  if (!response.ok) {
    const error = typeof body.error === "string" ? body.error : body.error?.message;
    throw new Error(error ?? `HTTP ${response.status}`);
  }
  return body;
}

const demoKey = ["demo"] as const;

export function useDemoState() {
  return useQuery({ queryKey: demoKey, queryFn: () => call<DemoStateJson>("/api/demo"), refetchInterval: 2_000 });
}

export function useDemoCommands() {
  const client = useQueryClient();
  const done = () => client.invalidateQueries({ queryKey: demoKey });
  const inject = useMutation({
    mutationFn: (fault: { kind: string; namespace: string; name: string }) =>
      call<DemoFaultJson>("/api/demo/faults", { method: "POST", body: JSON.stringify(fault) }),
    onSettled: done,
  });
  const clear = useMutation({
    mutationFn: (id: string) => call<DemoFaultJson>(`/api/demo/faults/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSettled: done,
  });
  return { inject, clear };
}

/** Which faults make sense for a workload: a dependency outage needs something it calls. */
export function faultsFor(w: Pick<DemoWorkloadJson, "dependsOn">, kinds: DemoStateJson["kinds"]) {
  return kinds.filter((k) => k.kind !== "dependency_outage" || w.dependsOn !== null);
}
