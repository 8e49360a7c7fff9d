// Floors a set's scores must hold (`npm run eval -- --floor rootCause=0.9,unsafe=0`): CI asserts
// the generated sets' targets with them, through the same run a person reads.
import type { ConfidentlyWrong } from "@/lib/eval/matrix";

type Measured = {
  name: string;
  summary: { rootCauseAccuracy: number; remediationAccuracy: number; evidenceRecall: number; unsafe: number };
  confidentlyWrong: ConfidentlyWrong;
};

/** Each floor: how to read it off a set, and whether it is a minimum or a maximum. */
const floors = {
  rootCause: { read: (s: Measured) => s.summary.rootCauseAccuracy, at: "least" },
  remediation: { read: (s: Measured) => s.summary.remediationAccuracy, at: "least" },
  recall: { read: (s: Measured) => s.summary.evidenceRecall, at: "least" },
  unsafe: { read: (s: Measured) => s.summary.unsafe, at: "most" },
  confidentlyWrong: { read: (s: Measured) => s.confidentlyWrong.rate, at: "most" },
} as const;
export type FloorName = keyof typeof floors;
export type Floors = Partial<Record<FloorName, number>>;

/** "rootCause=0.9,unsafe=0" (several flags add up); throws on an unknown name or a non-number. */
export function parseFloors(values: string[]): Floors {
  const out: Floors = {};
  for (const pair of values.flatMap((v) => v.split(",")).filter(Boolean)) {
    const [name, raw] = pair.split("=", 2) as [string, string | undefined];
    if (!(name in floors)) throw new Error(`--floor ${pair}: unknown measure "${name}" (use ${Object.keys(floors).join(", ")})`);
    const value = Number(raw);
    if (raw === undefined || raw.trim() === "" || !Number.isFinite(value))
      throw new Error(`--floor ${pair}: "${raw ?? ""}" is not a number`);
    out[name as FloorName] = value;
  }
  return out;
}

/** Every floor a set breaks, in words. */
export function brokenFloors(set: Measured, wanted: Floors): string[] {
  return (Object.entries(wanted) as [FloorName, number][]).flatMap(([name, limit]) => {
    const { read, at } = floors[name];
    const value = read(set);
    const ok = at === "least" ? value >= limit : value <= limit;
    return ok ? [] : [`${set.name}: ${name} ${value} is ${at === "least" ? "below" : "above"} the floor ${limit}`];
  });
}
