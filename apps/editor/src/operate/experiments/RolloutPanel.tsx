import type { RolloutReport, RolloutSide } from '@crossroads/api';
import { Percent, TrendingUp, Users } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../ui/errorMessage.js';
import type { OperateApi } from '../api/operateApi.js';
import { liftWords, percent } from './liftWords.js';
import { ControlGroupDialog, RolloutDialog } from './RolloutDialog.js';
import { nextStep, whoGetsWhat } from './rolloutWords.js';

/**
 * The rollout at the top of the versions panel: which version a new contact gets, each side's
 * figures (GET /rollout) with treated vs control in words, and the buttons that change the share
 * or the control group (each asks for a reason, which the runtime audits).
 */
export function RolloutPanel({
  api,
  workflowId,
  status,
  canPublish,
  rollOut,
  onRollOutDone,
  onReport,
  onChanged,
}: {
  api: OperateApi;
  workflowId: string;
  status: 'draft' | 'active' | 'paused';
  canPublish: boolean;
  /** A version whose "Roll out gradually" was clicked in the list. */
  rollOut: number | null;
  onRollOutDone(): void;
  /** Told the settings each time the report loads (the list marks the rolling version). */
  onReport?(settings: RolloutReport): void;
  onChanged(): void;
}) {
  const [report, setReport] = useState<RolloutReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [dialog, setDialog] = useState<
    null | { kind: 'rollout'; version: number; percent: number } | { kind: 'control' }
  >(null);
  const load = useCallback(
    () =>
      api.rollout(workflowId).then(
        (r) => {
          setReport(r);
          onReport?.(r);
        },
        (e: unknown) => setError(messageOf(e)),
      ),
    [api, workflowId, onReport],
  );
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    if (rollOut !== null) setDialog({ kind: 'rollout', version: rollOut, percent: 5 });
  }, [rollOut]);
  if (!report) return error ? <div className="banner banner--error">{error}</div> : null;
  const live = report.activeVersion;
  const rolling = report.rolloutVersion;
  const shown = report.sides.filter((s) => s.side !== 'earlier' || s.enrolments > 0);
  const close = () => {
    setDialog(null);
    onRollOutDone();
  };
  const done = () => {
    close();
    void load();
    onChanged();
  };
  return (
    <section className="rollout" aria-labelledby="rollout-title" data-testid="rollout-panel">
      <h4 id="rollout-title">Who gets which version</h4>
      <p className="rollout__who" data-testid="rollout-summary">
        <Users size={14} aria-hidden="true" /> {whoGetsWhat(report, status)}
      </p>
      {canPublish && live !== null && status === 'active' && (
        <div className="op-row">
          {rolling !== null && (
            <>
              <button
                type="button"
                className="btn btn--small"
                data-testid="rollout-raise"
                onClick={() =>
                  setDialog({ kind: 'rollout', version: rolling, percent: nextStep(report.rolloutPercent) })
                }
              >
                <TrendingUp size={13} /> Change v{rolling}'s share
              </button>
              <button
                type="button"
                className="btn btn--small btn--primary"
                data-testid="rollout-complete"
                onClick={() => setDialog({ kind: 'rollout', version: rolling, percent: 100 })}
              >
                Make v{rolling} 100%
              </button>
            </>
          )}
          <button
            type="button"
            className="btn btn--small"
            data-testid="control-group"
            onClick={() => setDialog({ kind: 'control' })}
          >
            <Percent size={13} /> Control group: {report.controlPercent}%
          </button>
        </div>
      )}
      {shown.length > 0 && <SideTable sides={shown} control={report.controlPercent > 0} />}
      {dialog?.kind === 'rollout' && live !== null && (
        <RolloutDialog
          api={api}
          workflowId={workflowId}
          version={dialog.version}
          live={live}
          current={rolling === dialog.version ? report.rolloutPercent : 0}
          initial={dialog.percent}
          onClose={close}
          onDone={done}
        />
      )}
      {dialog?.kind === 'control' && (
        <ControlGroupDialog
          api={api}
          workflowId={workflowId}
          current={report.controlPercent}
          onClose={close}
          onDone={done}
        />
      )}
    </section>
  );
}

const SIDE_NAMES: Record<RolloutSide['side'], string> = {
  live: 'live',
  rollout: 'rolling out',
  earlier: 'earlier',
};

function SideTable({ sides, control }: { sides: RolloutSide[]; control: boolean }) {
  // Versions as columns: the panel is narrow, and a rollout has two or three of them.
  const rows: Array<[string, (s: RolloutSide) => string]> = [
    ['Share of new', (s) => `${s.percent}%`],
    ['Enrolled', (s) => String(s.enrolments)],
    ['Emails sent', (s) => String(s.sends)],
    ['Opened', (s) => percent(s.openRate)],
    ['Clicked', (s) => percent(s.clickRate)],
    ['Replied', (s) => percent(s.replyRate)],
    [
      'Reached the goal',
      (s) => `${s.conversions} (${percent(s.enrolments ? s.conversions / s.enrolments : null)})`,
    ],
    ['Handed to sales', (s) => String(s.handoffs)],
  ];
  return (
    <>
      <table className="rollout__table" data-testid="rollout-sides">
        <caption className="sr-only">Figures of each version</caption>
        <thead>
          <tr>
            <td />
            {sides.map((s) => (
              <th scope="col" key={s.version} data-testid={`rollout-side-${s.version}`}>
                v{s.version} <span className="muted">{SIDE_NAMES[s.side]}</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map(([label, value]) => (
            <tr key={label} data-testid={`rollout-row-${label}`}>
              <th scope="row">{label}</th>
              {sides.map((s) => (
                <td key={s.version}>{value(s)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {control &&
        sides.map((s) => (
          <p key={s.version} className="rollout__lift" data-testid={`rollout-lift-${s.version}`}>
            <b>v{s.version}</b> treated {percent(s.enrolments ? s.conversions / s.enrolments : null)} vs
            control {percent(s.controlEnrolments ? s.controlConversions / s.controlEnrolments : null)} reached
            the goal
            {s.lift
              ? `: ${liftWords(s.lift, { contacts: s.enrolments, baselineContacts: s.controlEnrolments }, 'the control group')}`
              : ': no control contacts yet'}
          </p>
        ))}
    </>
  );
}
