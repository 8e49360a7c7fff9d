// For tests and the eval's fake model: who is asking the fake Ollama — which ensemble
// specialist, the director, or the single prompt — read from the request's system prompt
// exactly as the real server would receive it.
import type { FakeChatBody } from "@/lib/model/fake-ollama";
import { isSpecialist, type Specialist } from "@/lib/rca/ensemble/domains";

export type PanelRole = Specialist | "director" | "single";

export function panelRole(body: Pick<FakeChatBody, "messages">): PanelRole {
  const system = body.messages.find((m) => m.role === "system")?.content ?? "";
  const specialist = /You are the (\w+) specialist on a panel/.exec(system)?.[1];
  if (isSpecialist(specialist)) return specialist;
  if (system.includes("You are the director of a panel")) return "director";
  return "single";
}

/** The root causes the request's `format` lets the model spell (Ollama's structured output). */
export function allowedCauses(body: Pick<FakeChatBody, "format">): string[] | null {
  const format = body.format as { properties?: { rootCause?: { enum?: string[] } } } | undefined;
  return format?.properties?.rootCause?.enum ?? null;
}
