import type { SalesOutcomes as Outcomes } from '@crossroads/api';
import { Handshake } from 'lucide-react';
import { useCallback, useState } from 'react';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { percent, timeToWon, wonRevenue } from './salesOutcomeWords.js';
import { usePolling } from './usePolling.js';

/**
 * What sales made of this journey's handoffs, as the CRM reported it: acceptance, wins and the time
 * from enrolment to won, per version and per segment (fastest to won first).
 */
export function SalesOutcomes({ workflowId }: { workflowId: string }) {
  const api = useOperateApi();
  const [outcomes, setOutcomes] = useState<Outcomes | null>(null);
  const [error, setError] = useState<string | null>(null);
  const refresh = useCallback(async () => {
    try {
      setOutcomes(await api.salesOutcomes(workflowId));
      setError(null);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api, workflowId]);
  usePolling(refresh, 10_000);
  if (error) return <div className="banner banner--error">{error}</div>;
  if (!outcomes) return null;
  const { total } = outcomes;
  return (
    <section className="sales-outcomes" data-testid="sales-outcomes" aria-labelledby="sales-outcomes-title">
      <h4 id="sales-outcomes-title">
        <Handshake size={14} aria-hidden="true" /> Sales outcomes
      </h4>
      {total.handoffs === 0 ? (
        <p className="muted">No handoffs yet.</p>
      ) : (
        <>
          <div className="op-kpis">
            <div>
              <b data-testid="outcome-acceptance">{percent(total.acceptanceRate)}</b>
              <span>accepted by sales</span>
            </div>
            <div>
              <b data-testid="outcome-won">
                {total.won} of {total.handoffs}
              </b>
              <span>won</span>
            </div>
            <div>
              <b data-testid="outcome-time">{timeToWon(total.medianHoursToWon)}</b>
              <span>enrolment to won</span>
            </div>
          </div>
          <p className="muted op-small">
            {wonRevenue(total)} won · {total.rejected} rejected · {total.lost} lost · {total.awaiting}{' '}
            awaiting an answer
          </p>
          {outcomes.bySegment.length > 0 && (
            <table className="table op-table" data-testid="outcomes-by-segment">
              <caption>Which segments convert faster</caption>
              <thead>
                <tr>
                  <th scope="col">Segment</th>
                  <th scope="col">Handoffs</th>
                  <th scope="col">Accepted</th>
                  <th scope="col">Won</th>
                  <th scope="col">To won</th>
                </tr>
              </thead>
              <tbody>
                {outcomes.bySegment.map((s) => (
                  <tr key={s.segment}>
                    <td>{s.segment}</td>
                    <td>{s.handoffs}</td>
                    <td>{percent(s.acceptanceRate)}</td>
                    <td>{s.won}</td>
                    <td>{timeToWon(s.medianHoursToWon)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {outcomes.byVersion.length > 1 && (
            <table className="table op-table" data-testid="outcomes-by-version">
              <caption>By version</caption>
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Handoffs</th>
                  <th scope="col">Accepted</th>
                  <th scope="col">Won</th>
                  <th scope="col">To won</th>
                </tr>
              </thead>
              <tbody>
                {outcomes.byVersion.map((v) => (
                  <tr key={v.version}>
                    <td>v{v.version}</td>
                    <td>{v.handoffs}</td>
                    <td>{percent(v.acceptanceRate)}</td>
                    <td>{v.won}</td>
                    <td>{timeToWon(v.medianHoursToWon)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
    </section>
  );
}
