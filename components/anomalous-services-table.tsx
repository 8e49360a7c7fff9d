// The services whose ingested telemetry had the most anomalies in the overview's range, with
// the worst severity and the metrics involved: where to look before anything pages.
import type { OverviewJson } from "@/lib/client/api";
import { rangeLabel } from "@/lib/client/chart-format";
import { metricName } from "@/lib/client/anomaly-format";
import { SeverityBadge } from "@/components/badges";
import { RelativeTime } from "@/components/relative-time";

export function AnomalousServicesTable({ overview }: { overview: OverviewJson }) {
  if (overview.anomalousServices.length === 0) return null;
  return (
    <div className="table-scroll">
      <table className="noisy-table" data-testid="anomalous-services">
        <caption className="sr-only">Services with the most anomalies in the last {rangeLabel[overview.range]}</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Worst</th>
            <th scope="col" className="num">
              Anomalies
            </th>
            <th scope="col" className="hide-sm">
              Metrics
            </th>
            <th scope="col" className="num hide-sm">
              Incidents
            </th>
            <th scope="col" className="hide-sm">
              Last
            </th>
          </tr>
        </thead>
        <tbody>
          {overview.anomalousServices.map((s) => (
            <tr key={s.service}>
              <td className="alertname">{s.service}</td>
              <td>
                <SeverityBadge severity={s.worst} />
              </td>
              <td className="num">{s.anomalies}</td>
              <td className="hide-sm">{s.metrics.map(metricName).join(", ")}</td>
              <td className="num hide-sm">{s.incidents}</td>
              <td className="hide-sm">
                <RelativeTime iso={s.lastAt} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
