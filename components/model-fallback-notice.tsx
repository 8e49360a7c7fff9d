// Says that the model's answer was set aside (rejected, timed out, failed, or the model was
// skipped while its circuit is open) and that the conclusion shown is the rule engine's.
export function ModelFallbackNotice({ reason }: { reason: string }) {
  return (
    <p className="notice" data-testid="model-fallback-notice">
      The model&apos;s answer was not used: <span className="fallback-reason">{reason.replace(/\.+$/, "")}</span>. Showing the rule
      engine&apos;s analysis.
    </p>
  );
}
