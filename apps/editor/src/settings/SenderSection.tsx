import { TriangleAlert } from 'lucide-react';
import { FieldError, inputProps, type SectionProps } from './fields.js';
import type { SendingForm } from './sendingForm.js';
import { fieldId } from './sendingProblems.js';

/** Who the emails come from, and the postal address every footer prints. */
export function SenderSection({
  form,
  onChange,
  errors,
  lacksAddress,
}: SectionProps & { lacksAddress: boolean }) {
  const set = (patch: Partial<SendingForm['sender']>) =>
    onChange((f) => ({ ...f, sender: { ...f.sender, ...patch } }));
  const { sender } = form;
  return (
    <section className="send-section" aria-labelledby="send-sender" data-testid="sending-sender">
      <h2 id="send-sender">Sender</h2>
      <p className="muted">
        Who your journeys' emails come from. A send step that names its own sender uses that one instead.
      </p>
      {lacksAddress && (
        <div className="banner banner--warning send-warning" data-testid="sending-postal-warning">
          <TriangleAlert size={16} aria-hidden="true" />
          <span>
            No postal address is set. Emails go out with none in their footer, and the law in most countries
            requires one on marketing email. Enter yours below and save.
          </span>
        </div>
      )}
      <div className="send-grid">
        <div className="field">
          <label className="field__label" htmlFor={fieldId('fromName')}>
            From name
          </label>
          <input
            {...inputProps('fromName', errors)}
            value={sender.fromName}
            placeholder="e.g. Lumen"
            onChange={(e) => set({ fromName: e.target.value })}
          />
          <FieldError field="fromName" errors={errors} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={fieldId('fromEmail')}>
            From email
          </label>
          <input
            {...inputProps('fromEmail', errors)}
            type="email"
            value={sender.fromEmail}
            placeholder="e.g. hello@yourcompany.com"
            onChange={(e) => set({ fromEmail: e.target.value })}
          />
          <FieldError field="fromEmail" errors={errors} />
        </div>
        <div className="field">
          <label className="field__label" htmlFor={fieldId('replyTo')}>
            Reply-to (optional)
          </label>
          <input
            {...inputProps('replyTo', errors, 'send-reply-hint')}
            type="email"
            value={sender.replyTo}
            onChange={(e) => set({ replyTo: e.target.value })}
          />
          <span id="send-reply-hint" className="field__hint">
            Where replies go. Leave it empty for replies to reach the from address.
          </span>
          <FieldError field="replyTo" errors={errors} />
        </div>
        <div className="field send-grid__wide">
          <label className="field__label" htmlFor={fieldId('postalAddress')}>
            Postal address
          </label>
          <textarea
            {...inputProps('postalAddress', errors, 'send-postal-hint')}
            rows={3}
            value={sender.postalAddress}
            placeholder={'e.g. Your Company Ltd.\n1 Main Street, Springfield 12345, Country'}
            onChange={(e) => set({ postalAddress: e.target.value })}
          />
          <span id="send-postal-hint" className="field__hint">
            The law in most countries requires your postal address on marketing email; it is printed in every
            email's footer.
          </span>
          <FieldError field="postalAddress" errors={errors} />
        </div>
      </div>
    </section>
  );
}
