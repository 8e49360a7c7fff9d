// The incident page's warning that Vigil is in watchtower mode: the model is slow or
// failing, so analysis goes on but automated actions are suspended.
export function WatchtowerBanner({ reason }: { reason: string | null }) {
  return (
    <p className="notice watchtower" role="status" data-testid="watchtower-banner">
      <strong>Watchtower mode:</strong> the model is slow or failing{reason ? ` (${reason})` : ""}. Vigil keeps analysing but suspends
      automated actions.
    </p>
  );
}
