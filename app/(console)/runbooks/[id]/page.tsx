// /runbooks/[id] — one runbook, rendered, with an anchor per chunk (#chunk-N).
import { notFound } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { toJson } from "@/lib/json";
import { getRunbook } from "@/lib/runbooks/library";
import { RunbookView } from "@/components/runbooks/runbook-view";
import "../runbooks.css";

export const dynamic = "force-dynamic";

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }) {
  await requireUser("viewer");
  const runbook = await getRunbook(getDb(), (await params).id);
  return { title: runbook ? `Runbook: ${runbook.title}` : "Runbook not found" };
}

export default async function RunbookPage({ params }: { params: Promise<{ id: string }> }) {
  await requireUser("viewer");
  const runbook = await getRunbook(getDb(), (await params).id);
  if (!runbook) notFound();
  return <RunbookView runbook={toJson(runbook)} />;
}
