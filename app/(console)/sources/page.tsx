import { redirect } from "next/navigation";
import { getDb } from "@/lib/db/client";
import { requireUser } from "@/lib/auth/session";
import { VigilError } from "@/lib/errors";
import { listApiKeys } from "@/lib/ingest/keys";
import { toJson } from "@/lib/json";
import { ApiKeysPanel } from "@/components/api-keys-panel";
import "@/app/styles/sources.css";

export const dynamic = "force-dynamic";
export const metadata = { title: "Sources" };

export default async function SourcesPage() {
  try {
    await requireUser("admin");
  } catch (err) {
    if (err instanceof VigilError && err.code === "forbidden") {
      return (
        <section className="panel" data-testid="sources-refused">
          <h1>Sources</h1>
          <p role="alert" className="notice error">
            <strong>403 — not allowed.</strong> Ingestion sources and API keys are for administrators: {err.message}.
          </p>
        </section>
      );
    }
    if (err instanceof VigilError && err.code === "unauthorized") redirect("/signin?callbackUrl=%2Fsources");
    throw err;
  }
  return <ApiKeysPanel keys={toJson(await listApiKeys(getDb()))} />;
}
