import { useState } from 'react';
import { focusOnMount } from '../../ui/focusOnMount.js';
import { ModalForm } from '../../ui/ModalForm.js';
import type { OperateApi } from '../api/operateApi.js';
import { rolloutChange } from './rolloutWords.js';

const STEPS = [5, 10, 25, 50, 100];

function ReasonField({
  value,
  onChange,
  example,
}: {
  value: string;
  onChange(v: string): void;
  example: string;
}) {
  return (
    <label className="field">
      <span className="field__label">
        Reason <span className="field__required">(required, kept in the audit log)</span>
      </span>
      <textarea
        rows={3}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={example}
        aria-label="Reason"
      />
    </label>
  );
}

/** Rolls a newer version out to a share of new enrolments: quick steps, any share, a reason. */
export function RolloutDialog({
  api,
  workflowId,
  version,
  live,
  current,
  initial,
  onClose,
  onDone,
}: {
  api: OperateApi;
  workflowId: string;
  version: number;
  live: number;
  current: number;
  initial: number;
  onClose(): void;
  onDone(): void;
}) {
  const [share, setShare] = useState(String(initial));
  const [reason, setReason] = useState('');
  const value = Number(share);
  const valid = share.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 100;
  return (
    <ModalForm
      id="rollout"
      title={current > 0 ? `Change v${version}'s share` : `Roll out v${version} gradually`}
      canSubmit={valid && value !== current && reason.trim().length > 0}
      submitLabel={value >= 100 ? `Make v${version} live for everyone` : 'Apply'}
      busyLabel="Applying…"
      submitTestId="confirm-rollout"
      onSubmit={async () => {
        await api.setRollout(workflowId, version, Math.round(value * 100) / 100, reason.trim());
        onDone();
      }}
      onClose={onClose}
    >
      <p className="muted">
        Each new contact is placed on one side by a fixed draw, so a contact who comes back lands on the same
        version. Contacts already in the journey stay on the version they entered.
        {current > 0 ? ` Now: ${current}% on v${version}.` : ''}
      </p>
      <fieldset className="rollout__steps">
        <legend>Share of new enrolments on v{version}</legend>
        <div className="op-row">
          {STEPS.map((s) => (
            <button
              key={s}
              type="button"
              className={`btn btn--small${value === s ? ' btn--primary' : ''}`}
              aria-pressed={value === s}
              onClick={() => setShare(String(s))}
            >
              {s}%
            </button>
          ))}
          <label className="op-inline">
            Other
            <input
              ref={focusOnMount}
              type="number"
              min={0}
              max={100}
              step="any"
              value={share}
              onChange={(e) => setShare(e.target.value)}
              aria-label={`Share on v${version} (percent)`}
              data-testid="rollout-percent"
            />
            %
          </label>
        </div>
      </fieldset>
      <p data-testid="rollout-preview">
        <b>{valid ? rolloutChange(version, value, live) : 'Give a share from 0 to 100%.'}</b>
      </p>
      <ReasonField
        value={reason}
        onChange={setReason}
        example="e.g. v3's first 200 contacts look fine, widen to 25%"
      />
    </ModalForm>
  );
}

/** Holds out a share (0–50%) of the contacts the journey would enrol, to measure its lift. */
export function ControlGroupDialog({
  api,
  workflowId,
  current,
  onClose,
  onDone,
}: {
  api: OperateApi;
  workflowId: string;
  current: number;
  onClose(): void;
  onDone(): void;
}) {
  const [share, setShare] = useState(String(current || 10));
  const [reason, setReason] = useState('');
  const value = Number(share);
  const valid = share.trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 50;
  return (
    <ModalForm
      id="control-group"
      title="Control group"
      canSubmit={valid && value !== current && reason.trim().length > 0}
      submitLabel="Save"
      busyLabel="Saving…"
      submitTestId="confirm-control"
      onSubmit={async () => {
        await api.setControlGroup(workflowId, Math.round(value * 100) / 100, reason.trim());
        onDone();
      }}
      onClose={onClose}
    >
      <p className="muted">
        Contacts in the control group are recorded as enrolled but receive nothing; they are followed for the
        goal, so the report can show what the journey adds.
      </p>
      <label className="field">
        <span className="field__label">Hold out (0 to 50% of would-be enrolments)</span>
        <input
          ref={focusOnMount}
          type="number"
          min={0}
          max={50}
          step="any"
          value={share}
          onChange={(e) => setShare(e.target.value)}
          aria-label="Control group share (percent)"
          data-testid="control-percent"
        />
      </label>
      {!valid && <p className="field__error">Give a share from 0 to 50%.</p>}
      <ReasonField
        value={reason}
        onChange={setReason}
        example="e.g. measure what the nurture adds over doing nothing"
      />
    </ModalForm>
  );
}
