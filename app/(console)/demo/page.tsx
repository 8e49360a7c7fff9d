import { requireUser } from "@/lib/auth/session";
import { canApprove } from "@/lib/auth/roles";
import { demoEnabled } from "@/lib/demo/client";
import { DemoPanel } from "@/components/demo-panel";
import "@/app/styles/demo.css";

export const dynamic = "force-dynamic";

export default async function DemoPage() {
  const user = await requireUser("viewer");
  return (
    <section className="panel" aria-labelledby="demo-heading">
      <h1 id="demo-heading">Demo: fault injection</h1>
      {demoEnabled() ? (
        <DemoPanel canInject={canApprove(user.role)} />
      ) : (
        <p className="muted">
          Fault injection exists only in the demo: start Vigil with <code>npm run demo</code>.
        </p>
      )}
    </section>
  );
}
