import type { JourneyGuardrailReport } from '@crossroads/api';
import { ShieldAlert, X } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from '../../app/router.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { operatePaths } from '../shell/operatePaths.js';
import { tripToShow, tripWords } from './guardrailWords.js';

const dismissedKey = (workflowId: string) => `crossroads.guardrail-dismissed.${workflowId}`;

/**
 * The banner on a journey whose guardrail tripped: what tripped, the figures, when, and what was
 * done (paused, or the rollout sent back to 0%), with the audit log and the versions one click
 * away. Shown while it matters (`tripToShow`); dismissing remembers that trip in this browser.
 */
export function GuardrailBanner({
  workflowId,
  status,
}: {
  workflowId: string;
  status: 'draft' | 'active' | 'paused';
}) {
  const api = useOperateApi();
  const [report, setReport] = useState<JourneyGuardrailReport | null>(null);
  const [dismissed, setDismissed] = useState(() => localStorage.getItem(dismissedKey(workflowId)));
  useEffect(() => {
    api.guardrails(workflowId).then(setReport, () => setReport(null));
  }, [api, workflowId]);
  const trip = tripToShow(report, status, dismissed);
  if (!trip) return null;
  const { what, done } = tripWords(trip);
  return (
    <div className="banner banner--warning guardrail-banner" role="alert" data-testid="guardrail-banner">
      <ShieldAlert size={16} aria-hidden="true" />
      <span>
        <strong>Guardrail tripped {formatWhen(trip.at)}.</strong> {what} {done}{' '}
        <Link href={operatePaths.versions(workflowId)}>Versions</Link> ·{' '}
        <Link href={`${operatePaths.audit()}?workflowId=${workflowId}`}>Audit log</Link>
      </span>
      <button
        type="button"
        className="icon-btn icon-btn--ghost"
        aria-label="Dismiss the guardrail notice"
        onClick={() => {
          localStorage.setItem(dismissedKey(workflowId), trip.at);
          setDismissed(trip.at);
        }}
      >
        <X size={14} />
      </button>
    </div>
  );
}
