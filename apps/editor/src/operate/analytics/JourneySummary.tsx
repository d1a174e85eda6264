import type { WorkflowInsights } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { hourlyBuckets } from './hourlyBuckets.js';
import { dropOff, type LiveOverlay, rate } from './liveOverlay.js';

/** Enrolments per hour (bars), goal conversion, drop-off by node and contacts by version. */
export function JourneySummary({
  overlay,
  insights,
  graph,
}: {
  overlay: LiveOverlay;
  insights: WorkflowInsights | null;
  graph: Graph;
}) {
  const label = (id: string) => graph.nodes.find((n) => n.id === id)?.label ?? id;
  const bars = hourlyBuckets(insights?.enrolments ?? [], new Date(), 48);
  const max = Math.max(1, ...bars.map((b) => b.count));
  const { totals } = overlay;
  return (
    <div className="journey-summary" data-testid="journey-summary">
      <div className="op-kpis">
        <div>
          <b data-testid="kpi-enrolled">{totals.enrolled}</b>
          <span>enrolled</span>
        </div>
        <div>
          <b>{totals.inJourney}</b>
          <span>in journey</span>
        </div>
        <div>
          <b data-testid="kpi-conversion">
            {totals.conversionRate === null ? '—' : `${totals.conversionRate}%`}
          </b>
          <span>goal conversion</span>
        </div>
      </div>
      <h4>Enrolments per hour (last 48 h)</h4>
      {bars.every((b) => b.count === 0) ? (
        <p className="muted">No enrolments yet.</p>
      ) : (
        <svg
          className="op-bars"
          viewBox={`0 0 ${bars.length * 8} 60`}
          preserveAspectRatio="none"
          role="img"
          aria-label="Enrolments per hour"
        >
          {bars.map(({ at, count }, i) => (
            <rect key={at} x={i * 8 + 1} y={60 - (count / max) * 58} width={6} height={(count / max) * 58}>
              <title>
                {new Date(at).toLocaleString()}: {count}
              </title>
            </rect>
          ))}
        </svg>
      )}
      <h4>Where journeys end</h4>
      <ul className="op-list">
        {dropOff(overlay).map((d) => (
          <li key={d.nodeId}>
            {label(d.nodeId)}{' '}
            <span className="muted">
              · {d.ended} ({d.share}%)
            </span>
          </li>
        ))}
      </ul>
      <h4>By version</h4>
      <table className="table op-table">
        <thead>
          <tr>
            <th>Version</th>
            <th>Contacts</th>
            <th>In journey</th>
            <th>Converted</th>
          </tr>
        </thead>
        <tbody>
          {(insights?.versions ?? []).map((v) => (
            <tr key={v.version}>
              <td>v{v.version}</td>
              <td>{v.contacts}</td>
              <td>{v.inJourney}</td>
              <td>
                {v.converted}{' '}
                {rate(v.converted, v.contacts) !== null && (
                  <span className="muted">({rate(v.converted, v.contacts)}%)</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
