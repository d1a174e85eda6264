import type { AlreadyInSegment } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { RotateCcw } from 'lucide-react';
import { useEffect, useState } from 'react';
import { PostalAddressNotice } from '../../settings/PostalAddressNotice.js';
import { focusOnMount } from '../../ui/focusOnMount.js';
import { ModalForm } from '../../ui/ModalForm.js';
import type { OperateApi } from '../api/operateApi.js';
import { alsoEnrolLabel } from './alsoEnrolLabel.js';
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
  const [already, setAlready] = useState<AlreadyInSegment | null>(null);
  const [enrolExisting, setEnrolExisting] = useState(false);
  const [graph, setGraph] = useState<Graph | null>(null);
  useEffect(() => {
    let current = true;
    api
      .alreadyInSegment(workflowId, row.version)
      .then((count) => current && setAlready(count))
      // Without the count the option is not offered; activating still works.
      .catch(() => current && setAlready(null));
    api.version(workflowId, row.version).then(
      (v) => current && setGraph(v.graph),
      () => current && setGraph(null),
    );
    return () => {
      current = false;
    };
  }, [api, workflowId, row.version]);
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
        await api.activate(workflowId, row.version, reason.trim() || undefined, enrolExisting);
        onDone();
      }}
      onClose={onClose}
    >
      <p className="muted">
        New contacts enter v{row.version} from now on. Contacts already in the journey stay on the version
        they entered.
      </p>
      <PostalAddressNotice graph={graph} />
      {already && already.segments.length > 0 && (
        <label className="activate-existing">
          <input
            type="checkbox"
            checked={enrolExisting}
            disabled={already.contacts === 0}
            onChange={(e) => setEnrolExisting(e.target.checked)}
            data-testid="enrol-existing"
          />
          <span data-testid="enrol-existing-label">{alsoEnrolLabel(already)}</span>
        </label>
      )}
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
