// The incident page's notice that Vigil handed the incident to humans: repeated actions did
// not resolve it, or the analysis's confidence stayed under the floor.
export function EscalatedBanner({ reason }: { reason: string | null }) {
  return (
    <p className="notice escalated" role="status" data-testid="escalated-banner">
      <strong>Escalated to humans:</strong> {reason ? `${reason.replace(/\.+$/, "")}.` : "Vigil cannot resolve this on its own."} A person
      decides the next step.
    </p>
  );
}
