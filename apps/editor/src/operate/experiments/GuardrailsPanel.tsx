import type { JourneyGuardrailReport, JourneyGuardrailSettings } from '@crossroads/api';
import { ShieldCheck } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { ModalForm } from '../../ui/ModalForm.js';
import type { OperateApi } from '../api/operateApi.js';
import { DEFAULT_GUARDRAILS, METRIC_NAMES, settingsWords } from './guardrailWords.js';
import { percent } from './liftWords.js';

type RateKey = 'maxUnsubscribeRate' | 'maxFailureRate' | 'maxComplaintRate';
const RATES: Array<[RateKey, string]> = [
  ['maxUnsubscribeRate', 'of emails lead to an unsubscribe'],
  ['maxFailureRate', 'of emails fail to send'],
  ['maxComplaintRate', 'of contacts emailed bounce or complain'],
];

/**
 * The journey's guardrails in the versions panel: what they watch in one sentence, each version's
 * figures now, and the dialog that sets them (publishers; the runtime audits it).
 */
export function GuardrailsPanel({
  api,
  workflowId,
  canPublish,
}: {
  api: OperateApi;
  workflowId: string;
  canPublish: boolean;
}) {
  const [report, setReport] = useState<JourneyGuardrailReport | null>(null);
  const [editing, setEditing] = useState(false);
  const load = useCallback(
    () => api.guardrails(workflowId).then(setReport, () => setReport(null)),
    [api, workflowId],
  );
  useEffect(() => {
    void load();
  }, [load]);
  if (!report) return null;
  return (
    <section className="rollout" aria-labelledby="guardrails-title" data-testid="guardrails-panel">
      <h4 id="guardrails-title">
        <ShieldCheck size={14} aria-hidden="true" /> Guardrails
      </h4>
      <p className="rollout__lift" data-testid="guardrails-summary">
        {settingsWords(report.settings)}
      </p>
      {report.settings &&
        report.versions.map((v) => (
          <p key={v.version} className="rollout__lift" data-testid={`guardrail-figures-${v.version}`}>
            <b>v{v.version}</b> {v.side === 'rollout' ? '(rolling out)' : '(live)'}: {v.sample} emails ·
            unsubscribes {percent(v.unsubscribeRate)} · failures {percent(v.failureRate)} · bounces and
            complaints {percent(v.complaintRate)}
            {v.crossed && <strong> · over the {METRIC_NAMES[v.crossed]} limit</strong>}
          </p>
        ))}
      {canPublish && (
        <div className="op-row">
          <button
            type="button"
            className="btn btn--small"
            onClick={() => setEditing(true)}
            data-testid="edit-guardrails"
          >
            {report.settings ? 'Change guardrails' : 'Turn on guardrails'}
          </button>
        </div>
      )}
      {editing && (
        <GuardrailsDialog
          initial={report.settings ?? DEFAULT_GUARDRAILS}
          onClose={() => setEditing(false)}
          onSave={async (settings) => {
            setReport(await api.setGuardrails(workflowId, settings));
            setEditing(false);
          }}
        />
      )}
    </section>
  );
}

function GuardrailsDialog({
  initial,
  onClose,
  onSave,
}: {
  initial: JourneyGuardrailSettings;
  onClose(): void;
  onSave(settings: JourneyGuardrailSettings): Promise<void>;
}) {
  // Percent text per threshold; null: not watched.
  const [rates, setRates] = useState<Record<RateKey, string | null>>(() => {
    const text = (r: number | null) => (r === null ? null : String(Math.round(r * 100_000) / 1000));
    return {
      maxUnsubscribeRate: text(initial.maxUnsubscribeRate),
      maxFailureRate: text(initial.maxFailureRate),
      maxComplaintRate: text(initial.maxComplaintRate),
    };
  });
  const [sample, setSample] = useState(String(initial.minSample));
  const valid = (t: string | null) => t === null || (t.trim() !== '' && Number(t) >= 0 && Number(t) <= 100);
  const sampleOk = /^\d+$/.test(sample) && Number(sample) >= 1 && Number(sample) <= 10_000_000;
  const ok = RATES.every(([key]) => valid(rates[key])) && sampleOk;
  return (
    <ModalForm
      id="guardrails"
      title="Guardrails"
      canSubmit={ok}
      submitLabel="Save guardrails"
      busyLabel="Saving…"
      submitTestId="save-guardrails"
      onSubmit={() => {
        const rate = (t: string | null) => (t === null ? null : Math.round(Number(t) * 1000) / 100_000);
        return onSave({
          maxUnsubscribeRate: rate(rates.maxUnsubscribeRate),
          maxFailureRate: rate(rates.maxFailureRate),
          maxComplaintRate: rate(rates.maxComplaintRate),
          minSample: Number(sample),
        });
      }}
      onClose={onClose}
    >
      <p className="muted">
        Checked every 20 seconds. When a version crosses a limit, a rollout goes back to 0% (new contacts get
        the live version) or, for the live version, the journey pauses. Nothing already sent is sent again;
        waiting contacts stay parked.
      </p>
      <fieldset className="rollout__steps">
        <legend>Act when more than</legend>
        {RATES.map(([key, words]) => (
          <div className="exit-rule__to" key={key}>
            <label>
              <input
                type="checkbox"
                checked={rates[key] !== null}
                onChange={(e) =>
                  setRates((r) => ({
                    ...r,
                    [key]: e.target.checked ? String((DEFAULT_GUARDRAILS[key] ?? 0.05) * 100) : null,
                  }))
                }
                aria-label={`Watch: ${words}`}
              />
            </label>
            <input
              type="number"
              min={0}
              max={100}
              step="any"
              className="arm__share"
              value={rates[key] ?? ''}
              disabled={rates[key] === null}
              onChange={(e) => setRates((r) => ({ ...r, [key]: e.target.value }))}
              aria-label={`Limit: percent ${words}`}
            />
            <span>% {words}</span>
          </div>
        ))}
      </fieldset>
      <label className="field">
        <span className="field__label">Judge a version only after this many emails</span>
        <input
          type="number"
          min={1}
          step={1}
          value={sample}
          onChange={(e) => setSample(e.target.value)}
          aria-label="Minimum emails before judging"
        />
      </label>
      {!ok && <p className="field__error">Give each limit from 0 to 100%, and a whole number of emails.</p>}
    </ModalForm>
  );
}
