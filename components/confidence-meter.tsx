// The RCA's confidence as a percentage with a bar, coloured by band.
import { useId } from "react";
import { confidenceBand, confidencePercent } from "@/lib/rca/labels";

export function ConfidenceMeter({ confidence }: { confidence: number }) {
  const labelId = useId();
  const percent = confidencePercent(confidence);
  const band = confidenceBand(confidence);
  return (
    <div className="confidence">
      <span id={labelId} className="muted">
        Confidence
      </span>
      <div
        className={`meter meter-${band}`}
        role="meter"
        aria-labelledby={labelId}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={`${percent}% (${band})`}
      >
        <span style={{ width: `${percent}%` }} />
      </div>
      <strong data-testid="rca-confidence" data-band={band}>
        {percent}%
      </strong>
    </div>
  );
}
