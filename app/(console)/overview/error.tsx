// The overview failed to render on the server (the database away, most likely): say so in
// the page's own shape and offer to try again.
"use client";

import { OverviewSkeleton } from "@/components/overview-view";

export default function OverviewError({ reset }: { error: Error; reset: () => void }) {
  return (
    <>
      <div className="overview-head">
        <h1>Overview</h1>
        <button type="button" onClick={reset}>
          Try again
        </button>
      </div>
      <p className="overview-status notice error" role="alert">
        The overview could not be loaded. The error was logged; try again in a moment.
      </p>
      <OverviewSkeleton error="Not loaded" />
    </>
  );
}
