// What the incident list shows — its filters and sort — as URL search parameters, so a view
// can be shared, reloaded and gone back to. Pure and safe in the browser; the server page
// reads the same parameters to render the first page of the same view.
import type { IncidentState, Severity } from "@/lib/generated/prisma/enums";
import { incidentStates, severities } from "@/lib/incidents/model";
import { defaultSort, isIncidentSort, type IncidentSort } from "@/lib/incidents/sort";

/** One state and one severity at most (the console's chips and menu); the API takes lists. */
export type ListView = {
  state?: IncidentState;
  severity?: Severity;
  namespace?: string;
  /** Mine or unowned; left out for everyone's. */
  owner?: "me" | "none";
  q?: string;
  /** Left out for the default order, so the plain list has the plain URL. */
  sort?: IncidentSort;
};

const keys = ["state", "severity", "namespace", "owner", "q", "sort"] as const;

type ParamSource = URLSearchParams | Record<string, string | string[] | undefined>;

function read(source: ParamSource, key: string): string | undefined {
  const value = source instanceof URLSearchParams ? source.get(key) : source[key];
  const first = Array.isArray(value) ? value[0] : value;
  return first?.trim().slice(0, 200) || undefined;
}

const oneOf = <T extends string>(allowed: readonly T[], value: string | undefined): T | undefined =>
  value !== undefined && (allowed as readonly string[]).includes(value) ? (value as T) : undefined;

/** A hand-edited or stale link shows the list with what it understands, never an error page. */
export function parseListView(source: ParamSource): ListView {
  const sort = read(source, "sort");
  return compact({
    state: oneOf(incidentStates, read(source, "state")),
    severity: oneOf(severities, read(source, "severity")),
    namespace: read(source, "namespace"),
    owner: oneOf(["me", "none"] as const, read(source, "owner")),
    q: read(source, "q"),
    sort: isIncidentSort(sort) && sort !== defaultSort ? sort : undefined,
  });
}

/** Without the empty fields, so two equal views compare (and key queries) equal. */
function compact(view: ListView): ListView {
  const out: ListView = {};
  for (const key of keys) {
    const value = view[key];
    if (value) (out as Record<string, string>)[key] = value;
  }
  if (out.sort === defaultSort) delete out.sort;
  return out;
}

/** The view with some fields changed; `undefined` clears one. */
export function withView(view: ListView, patch: Partial<ListView>): ListView {
  return compact({ ...view, ...patch });
}

/** The view's search string, in a fixed order: "?state=open&sort=severity", or "" for the plain list. */
export function listViewSearch(view: ListView): string {
  const params = new URLSearchParams();
  for (const key of keys) {
    const value = compact(view)[key];
    if (value) params.set(key, value);
  }
  const search = params.toString();
  return search ? `?${search}` : "";
}

export function sameView(a: ListView, b: ListView): boolean {
  return listViewSearch(a) === listViewSearch(b);
}

/** Whether anything narrows the list (the sort does not). */
export function isFiltered(view: ListView): boolean {
  return Boolean(view.state || view.severity || view.namespace || view.owner || view.q);
}
