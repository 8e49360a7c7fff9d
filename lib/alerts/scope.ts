// Which incident a notification's alerts may join: the group's key, as Alertmanager sent it,
// and its scope, the receiver and the namespace of the group's workload. The same group key
// arriving with another namespace's workload (a misconfigured route, or a crafted payload) is
// another incident, never a join.
import { groupWorkload } from "@/lib/alerts/workload";

export function groupScope(receiver: string | null | undefined, namespace: string | null | undefined): string {
  return `${receiver ?? ""}|${namespace ?? ""}`;
}

/** The scope of a notification: its receiver and the namespace its alerts' workload is in. */
export function payloadScope(receiver: string, commonLabels: Record<string, string>, alerts: { labels: Record<string, string> }[]): string {
  return groupScope(
    receiver || null,
    groupWorkload(
      commonLabels,
      alerts.map((a) => a.labels),
    ).namespace,
  );
}
