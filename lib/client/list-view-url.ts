// The incident list's view (filters and sort) held in the URL: read from the search params,
// changed with history.pushState, which the App Router follows without asking the server
// again, so a view is shareable, survives a reload and the back button returns to the last one.
"use client";

import { useCallback, useMemo } from "react";
import { useSearchParams } from "next/navigation";
import { listViewSearch, parseListView, type ListView } from "@/lib/incidents/list-view";

export function useListView(): [ListView, (next: ListView) => void] {
  const params = useSearchParams();
  const view = useMemo(() => parseListView(params), [params]);
  const show = useCallback((next: ListView) => {
    const search = listViewSearch(next);
    if (search === listViewSearch(parseListView(new URLSearchParams(window.location.search)))) return;
    window.history.pushState(null, "", `${window.location.pathname}${search}`);
  }, []);
  return [view, show];
}
