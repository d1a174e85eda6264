import { Link, paths } from '../../app/router.js';
import { ScrollablePre } from '../../ui/ScrollablePre.js';
import type { TraceJourney } from './traceRows.js';

/** Steps are seconds apart: the trace shows seconds. */
const at = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const value = (v: unknown) => (typeof v === 'string' ? `“${v}”` : JSON.stringify(v));

/** One journey of a contact's trace: each step with its decision, reason, rule and values read. */
export function TraceTable({ journey }: { journey: TraceJourney }) {
  return (
    <div className="trace" data-testid={`trace-${journey.enrollmentId}`}>
      <h4>
        <Link href={paths.version(journey.workflowId, journey.version)}>
          {journey.workflowName} · v{journey.version}
        </Link>
      </h4>
      <table className="table op-table">
        <thead>
          <tr>
            <th>Time</th>
            <th>Step</th>
            <th>Decision</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {journey.rows.map((r) => (
            <tr key={r.id} data-node={r.nodeId}>
              <td className="muted nowrap">{at(r.at)}</td>
              <td title={`Step id: ${r.nodeId} (${r.nodeType})`}>{r.step}</td>
              <td>{r.decision}</td>
              <td className="trace__why">
                {r.reason}
                {r.delivery && (
                  <div className="trace__delivery" data-testid="trace-delivery">
                    {r.delivery.messageId ? (
                      <Link href={`/mailbox?message=${r.delivery.messageId}`}>{r.delivery.text}</Link>
                    ) : (
                      r.delivery.text
                    )}
                  </div>
                )}
                {r.reads.length > 0 && (
                  <ul className="trace__reads">
                    {r.reads.map(([path, v]) => (
                      <li key={path}>
                        <code>{path}</code> = <b>{value(v)}</b>
                      </li>
                    ))}
                  </ul>
                )}
                {r.rule !== null && (
                  <details>
                    <summary>Rule (JSONLogic)</summary>
                    <ScrollablePre>{JSON.stringify(r.rule)}</ScrollablePre>
                  </details>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
