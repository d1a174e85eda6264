import { CircleAlert, CircleCheck } from 'lucide-react';

export interface SaveResult {
  ok: boolean;
  text: string;
}

/** The foot of the Sending page: whether there are unsaved changes, Discard, Save, the last result. */
export function SaveBar({
  dirty,
  saving,
  result,
  onDiscard,
}: {
  dirty: boolean;
  saving: boolean;
  result: SaveResult | null;
  onDiscard(): void;
}) {
  return (
    <div className="send-bar" data-testid="sending-bar">
      <div className="send-bar__state">
        {result ? (
          <p
            role={result.ok ? 'status' : 'alert'}
            className={result.ok ? 'send-ok' : 'send-failed'}
            data-testid="sending-result"
          >
            {result.ok ? (
              <CircleCheck size={15} aria-hidden="true" />
            ) : (
              <CircleAlert size={15} aria-hidden="true" />
            )}{' '}
            {result.text}
          </p>
        ) : (
          <p className={dirty ? 'send-dirty' : 'muted'} data-testid="sending-state">
            {dirty ? 'Unsaved changes' : 'No unsaved changes'}
          </p>
        )}
      </div>
      <button type="button" className="btn" disabled={!dirty || saving} onClick={onDiscard}>
        Discard changes
      </button>
      <button
        type="submit"
        className="btn btn--primary"
        disabled={saving || !dirty}
        data-testid="sending-save"
      >
        {saving ? 'Saving…' : 'Save'}
      </button>
    </div>
  );
}
