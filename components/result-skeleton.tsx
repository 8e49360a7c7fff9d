// The shape of the conclusion to come, so a wait reads as loading, not as empty.
export function ResultSkeleton() {
  return (
    <div className="skeleton" aria-hidden="true">
      <span />
      <span />
      <span />
      <span />
    </div>
  );
}
