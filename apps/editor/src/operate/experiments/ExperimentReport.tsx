import type { SplitReport } from '@crossroads/api';
import { FlaskConical, Trophy } from 'lucide-react';
import { useState } from 'react';
import { navigate } from '../../app/router.js';
import { focusOnMount } from '../../ui/focusOnMount.js';
import { ModalForm } from '../../ui/ModalForm.js';
import type { OperateApi } from '../api/operateApi.js';
import { operatePaths } from '../shell/operatePaths.js';
import { liftWords, percent } from './liftWords.js';

/**
 * The experiment report of each split step: arms with their contacts and goal conversion, lift
 * against the first arm in words, "not enough data yet" until the planned sample, and Declare
 * winner (a new version without the split, published through the normal flow with a message).
 */
export function ExperimentReports({
  api,
  workflowId,
  version,
  experiments,
  canPublish,
}: {
  api: OperateApi;
  workflowId: string;
  /** The version the report is about (the new version is compared with it). */
  version: number;
  experiments: readonly SplitReport[];
  canPublish: boolean;
}) {
  const [declaring, setDeclaring] = useState<{ split: SplitReport; arm: SplitReport['arms'][number] } | null>(
    null,
  );
  return (
    <>
      {experiments.map((split) => {
        const first = split.arms[0];
        return (
          <section
            key={split.nodeId}
            className="rollout"
            aria-labelledby={`exp-${split.nodeId}`}
            data-testid={`experiment-${split.nodeId}`}
          >
            <h4 id={`exp-${split.nodeId}`}>
              <FlaskConical size={14} aria-hidden="true" /> Experiment: {split.label}
            </h4>
            <p
              className={split.status === 'ready' ? 'rollout__who' : 'muted'}
              data-testid="experiment-status"
            >
              {split.status === 'ready'
                ? 'Enough contacts in every arm to read the result.'
                : `Not enough data yet${split.plannedPerArm ? `: planned ${split.plannedPerArm.toLocaleString('en-US')} contacts per arm` : ''}.`}
            </p>
            <table className="rollout__table">
              <caption className="sr-only">Arms of {split.label}</caption>
              <thead>
                <tr>
                  <th scope="col">Arm</th>
                  <th scope="col">Share</th>
                  <th scope="col">Contacts</th>
                  <th scope="col">Reached the goal</th>
                </tr>
              </thead>
              <tbody>
                {split.arms.map((arm) => (
                  <tr key={arm.id} data-testid={`arm-row-${arm.label}`}>
                    <th scope="row">{arm.label}</th>
                    <td>{Math.round((arm.weight / split.arms.reduce((n, a) => n + a.weight, 0)) * 100)}%</td>
                    <td>{arm.contacts}</td>
                    <td>
                      {arm.conversions} ({percent(arm.rate)})
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
            {first &&
              split.arms.slice(1).map((arm) => (
                <p key={arm.id} className="rollout__lift" data-testid={`arm-lift-${arm.label}`}>
                  <b>{arm.label}</b> vs {first.label}:{' '}
                  {arm.comparison
                    ? liftWords(
                        arm.comparison,
                        { contacts: arm.contacts, baselineContacts: first.contacts },
                        first.label,
                      )
                    : 'no contacts to compare yet'}
                </p>
              ))}
            {canPublish && (
              <div className="op-row">
                {split.arms.map((arm) => (
                  <button
                    key={arm.id}
                    type="button"
                    className="btn btn--small"
                    onClick={() => setDeclaring({ split, arm })}
                    data-testid={`declare-${arm.label}`}
                  >
                    <Trophy size={13} /> {arm.label} wins
                  </button>
                ))}
              </div>
            )}
          </section>
        );
      })}
      {declaring && (
        <DeclareWinnerDialog
          api={api}
          workflowId={workflowId}
          version={version}
          split={declaring.split}
          arm={declaring.arm}
          onClose={() => setDeclaring(null)}
        />
      )}
    </>
  );
}

function DeclareWinnerDialog({
  api,
  workflowId,
  version,
  split,
  arm,
  onClose,
}: {
  api: OperateApi;
  workflowId: string;
  version: number;
  split: SplitReport;
  arm: SplitReport['arms'][number];
  onClose(): void;
}) {
  const [message, setMessage] = useState(`'${arm.label}' won the experiment '${split.label}'`);
  return (
    <ModalForm
      id="declare-winner"
      title={
        <>
          <Trophy size={18} /> Declare '{arm.label}' the winner
        </>
      }
      canSubmit={message.trim().length > 0}
      submitLabel="Publish the new version"
      busyLabel="Publishing…"
      submitTestId="confirm-winner"
      onSubmit={async () => {
        const published = await api.declareWinner(workflowId, split.nodeId, arm.id, message.trim());
        navigate(operatePaths.compare(workflowId, version, published.version));
      }}
      onClose={onClose}
    >
      <p className="muted">
        A new version is published in which '{split.label}' is gone and every contact takes '{arm.label}'. It
        goes live if the journey is live; contacts already in the journey stay on their version.
        {split.status !== 'ready'
          ? ' The experiment does not have enough data yet: the result may still change.'
          : ''}
      </p>
      <label className="field">
        <span className="field__label">What changed (the version's message)</span>
        <textarea
          ref={focusOnMount}
          rows={3}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          aria-label="Version message"
        />
      </label>
    </ModalForm>
  );
}
