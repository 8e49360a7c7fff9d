import { OverviewSkeleton } from "@/components/overview-view";

export default function OverviewLoading() {
  return (
    <div aria-busy="true">
      <div className="overview-head">
        <h1>Overview</h1>
      </div>
      <p className="overview-status">
        <span className="spinner" aria-hidden="true" /> Loading the overview…
      </p>
      <OverviewSkeleton />
    </div>
  );
}
