import type { ChannelSettingsView } from '@crossroads/api';
import { KeyRound, Plus } from 'lucide-react';
import { useState } from 'react';
import { formatWhen } from '../ui/formatWhen.js';
import { ModalForm } from '../ui/ModalForm.js';
import { ShownOnce } from '../ui/ShownOnce.js';
import { FieldError, inputProps, type SectionProps } from './fields.js';
import { MAX_SECRETS } from './sendingForm.js';
import { fieldId } from './sendingProblems.js';

export type Secret = ChannelSettingsView['crm']['secrets'][number];

/**
 * Where handoffs and CRM syncs go, and the secrets that sign them. The URL is saved with the page;
 * secrets are generated and removed at once (a new one is shown here once).
 */
export function CrmSection({
  form,
  onChange,
  errors,
  secrets,
  generated,
  onGenerate,
  onAskRemove,
  onDismiss,
}: SectionProps & {
  secrets: Secret[];
  generated: Array<{ id: string; secret: string }>;
  onGenerate(): Promise<void>;
  /** Opens `RemoveSecretDialog`, which the page renders outside its form. */
  onAskRemove(secret: Secret): void;
  onDismiss(): void;
}) {
  const [busy, setBusy] = useState(false);
  const generate = async () => {
    setBusy(true);
    try {
      await onGenerate();
    } finally {
      setBusy(false);
    }
  };
  const full = secrets.length >= MAX_SECRETS;
  return (
    <section className="send-section" aria-labelledby="send-crm" data-testid="sending-crm">
      <h2 id="send-crm">CRM endpoint</h2>
      <p className="muted">
        Sales handoffs and the update-contact step's CRM sync are sent to this address as signed webhooks
        (Standard Webhooks), retried for about a day. Without one, handoffs stay in Crossroads (Handoffs
        page).
      </p>
      <div className="field">
        <label className="field__label" htmlFor={fieldId('webhookUrl')}>
          Webhook URL
        </label>
        <input
          {...inputProps('webhookUrl', errors)}
          type="url"
          value={form.webhookUrl}
          placeholder="https://crm.yourcompany.com/hooks/crossroads"
          onChange={(e) => onChange((f) => ({ ...f, webhookUrl: e.target.value }))}
        />
        <FieldError field="webhookUrl" errors={errors} />
      </div>

      <h3 className="send-subhead">Signing secrets</h3>
      <p className="muted">
        Your CRM checks each webhook's signature with a secret. Every webhook is signed with each secret
        below, so you can add a new one, switch your CRM to it, then remove the old one. Changes to secrets
        take effect at once.
      </p>
      {generated.map((g) => (
        <NewSecret key={g.id} secret={g.secret} onDone={onDismiss} />
      ))}
      {secrets.length > 0 ? (
        <table className="table op-table send-secrets" data-testid="sending-secrets">
          <caption className="ws-caption">Newest first</caption>
          <thead>
            <tr>
              <th scope="col">Secret</th>
              <th scope="col">Created</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          <tbody>
            {secrets.map((s) => (
              <tr key={s.id} data-testid="sending-secret">
                <td>
                  <code>{s.prefix}</code>
                </td>
                <td className="muted nowrap">{formatWhen(s.createdAt)}</td>
                <td>
                  <button
                    type="button"
                    className="btn btn--small btn--danger"
                    onClick={() => onAskRemove(s)}
                    aria-label={`Remove secret ${s.prefix}`}
                  >
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="send-empty" data-testid="sending-no-secrets">
          <KeyRound size={15} aria-hidden="true" /> No signing secret yet. Saving a webhook URL makes one.
        </p>
      )}
      <div className="op-row">
        <button
          type="button"
          className="btn"
          disabled={busy || full}
          onClick={() => void generate()}
          data-testid="sending-generate"
        >
          <Plus size={15} aria-hidden="true" /> {busy ? 'Generating…' : 'Generate a new signing secret'}
        </button>
        {full && <span className="muted">At most {MAX_SECRETS} secrets: remove an old one first.</span>}
      </div>
      <FieldError field="secrets" errors={errors} />
    </section>
  );
}

/** Asks before a secret is removed (at once): webhooks stop carrying its signature. */
export function RemoveSecretDialog({
  secret,
  lastOfEndpoint,
  onRemove,
  onClose,
}: {
  secret: Secret;
  /** The only secret of a saved webhook URL: the server makes a new one. */
  lastOfEndpoint: boolean;
  onRemove(): Promise<void>;
  onClose(): void;
}) {
  return (
    <ModalForm
      id="remove-secret"
      title={`Remove secret ${secret.prefix}?`}
      canSubmit
      submitLabel="Remove secret"
      busyLabel="Removing…"
      submitClass="btn--danger"
      onClose={onClose}
      onSubmit={onRemove}
    >
      <p>
        Webhooks stop carrying its signature at once: your CRM must already check another secret.
        {lastOfEndpoint
          ? ' The endpoint needs a secret, so Crossroads makes a new one and shows it once.'
          : ''}
      </p>
    </ModalForm>
  );
}

function NewSecret({ secret, onDone }: { secret: string; onDone(): void }) {
  return (
    <ShownOnce
      id="send-secret"
      title="New signing secret"
      note="Copy it now and give it to your CRM: it will not be shown again. Crossroads shows only its beginning."
      value={secret}
      label="The new signing secret"
      onDone={onDone}
      testIds={{ section: 'sending-new-secret', value: 'sending-secret-value' }}
    />
  );
}
