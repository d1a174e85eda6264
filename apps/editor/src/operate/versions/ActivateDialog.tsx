import { RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { focusOnMount } from '../../ui/focusOnMount.js';
import { ModalForm } from '../../ui/ModalForm.js';
import type { OperateApi } from '../api/operateApi.js';
import type { VersionRow } from './versionRows.js';

/** Activates a version; a rollback (an older version) needs a reason, which goes to the audit log. */
export function ActivateDialog({
  api,
  workflowId,
  row,
  onClose,
  onDone,
}: {
  api: OperateApi;
  workflowId: string;
  row: VersionRow;
  onClose(): void;
  onDone(): void;
}) {
  const rollback = row.action === 'rollback';
  const [reason, setReason] = useState('');
  return (
    <ModalForm
      id="activate"
      title={
        <>
          <RotateCcw size={18} /> {rollback ? `Roll back to v${row.version}` : `Activate v${row.version}`}
        </>
      }
      canSubmit={!rollback || reason.trim().length > 0}
      submitLabel={rollback ? 'Roll back' : 'Activate'}
      busyLabel="Activating…"
      submitTestId="confirm-activate"
      onSubmit={async () => {
        await api.activate(workflowId, row.version, reason.trim() || undefined);
        onDone();
      }}
      onClose={onClose}
    >
      <p className="muted">
        New contacts enter v{row.version} from now on. Contacts already in the journey stay on the version
        they entered.
      </p>
      <label className="field">
        <span className="field__label">
          Reason
          {rollback ? <span className="field__required"> (required for a rollback)</span> : ' (optional)'}
        </span>
        <textarea
          ref={focusOnMount}
          rows={3}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="e.g. v3 sends the case study to hot leads by mistake"
          aria-label="Reason"
        />
      </label>
    </ModalForm>
  );
}
