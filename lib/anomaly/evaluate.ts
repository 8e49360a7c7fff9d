// Runs a batch's samples through their series: each sample is judged against the window
// before it joins it, and moves the series' episode along. Pure: the caller loads and saves
// the series (lib/anomaly/baselines.ts), looks up deploys, and settles the touched episodes.
import type { Episode } from "@/lib/anomaly/episode";
import { observe } from "@/lib/anomaly/episode";
import { judge, type SeriesKind } from "@/lib/anomaly/score";
import { push, type Window } from "@/lib/anomaly/window";

export type SeriesState = {
  service: string;
  name: string;
  kind: SeriesKind;
  window: Window;
  /** Metrics: the last sample's time; log series: the start of the last minute fed. */
  lastAt: Date | null;
  episode: Episode | null;
};

export type Sample = { value: number; at: Date; labels: Record<string, string> };

/** Episodes a batch opened or changed, with their series. */
export type Touched = Map<Episode, SeriesState>;

/** Judges each sample, then adds it to the window (in the order given). */
export function feed(state: SeriesState, samples: Sample[], touched: Touched, newId: () => string): void {
  for (const s of samples) {
    judgeInto(state, s, true, touched, newId);
    push(state.window, s.value);
    state.lastAt = s.at;
  }
}

/** Judges a sample without adding it (a log series' minute that is still filling up). */
export function judgeOnly(state: SeriesState, sample: Sample, touched: Touched, newId: () => string): void {
  judgeInto(state, sample, false, touched, newId);
}

function judgeInto(state: SeriesState, s: Sample, fed: boolean, touched: Touched, newId: () => string): void {
  const verdict = judge(state.window, s.value, state.kind);
  if (!verdict) return;
  const { open, changed } = observe(state.episode, verdict, { ...s, fed }, newId);
  state.episode = open;
  if (changed) touched.set(changed, state);
}
