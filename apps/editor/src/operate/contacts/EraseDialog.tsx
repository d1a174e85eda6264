import { Trash2 } from 'lucide-react';
import { useState } from 'react';
import { ModalForm } from '../../ui/ModalForm.js';

/** Erasure is irreversible: the admin types the contact id to confirm. */
export function EraseDialog({
  contactId,
  onClose,
  onErase,
}: {
  contactId: string;
  onClose(): void;
  onErase(): Promise<void>;
}) {
  const [typed, setTyped] = useState('');
  return (
    <ModalForm
      id="erase"
      title={
        <>
          <Trash2 size={18} /> Erase {contactId}
        </>
      }
      canSubmit={typed === contactId}
      submitLabel="Erase"
      busyLabel="Erasing…"
      submitClass="btn--danger"
      submitTestId="confirm-erase"
      onSubmit={onErase}
      onClose={onClose}
    >
      <p>
        Deletes the contact, its events and messages; journeys end and the trace keeps only a pseudonym. This
        cannot be undone. Type <code>{contactId}</code> to confirm.
      </p>
      <input value={typed} onChange={(e) => setTyped(e.target.value)} aria-label="Confirm contact id" />
    </ModalForm>
  );
}
