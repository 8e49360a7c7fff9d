import { notFound, redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { traceIdSchema } from "@/lib/lineage/trace-id";
import { findIncidentByTrace } from "@/lib/lineage/lookup";

export const dynamic = "force-dynamic";

// /trace/<trace id> — a Kubernetes change's vigil.dev/trace-id leads to its incident's lineage.
export default async function TracePage({ params }: { params: Promise<{ traceId: string }> }) {
  await requireUser("viewer");
  const parsed = traceIdSchema.safeParse((await params).traceId);
  const match = parsed.success ? await findIncidentByTrace(getDb(), parsed.data) : null;
  if (!match) notFound();
  redirect(match.lineageUrl);
}
