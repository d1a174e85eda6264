import { Check, Copy } from 'lucide-react';
import { type ReactNode, useState } from 'react';

/**
 * A secret shown once (a new API key, a webhook signing secret): selectable, with Copy and Done.
 * Copy falls back to the selectable box where the clipboard is refused (http, permissions).
 */
export function ShownOnce(props: {
  id: string;
  title: ReactNode;
  note: string;
  value: string;
  label: string;
  onDone(): void;
  testIds: { section: string; value: string; copy?: string };
}) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.value);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section
      className="banner banner--success ws-issued"
      aria-labelledby={`${props.id}-title`}
      data-testid={props.testIds.section}
    >
      <h2 id={`${props.id}-title`}>{props.title}</h2>
      <p>{props.note}</p>
      <div className="op-row">
        <input
          className="mono ws-key"
          readOnly
          value={props.value}
          aria-label={props.label}
          onFocus={(e) => e.target.select()}
          data-testid={props.testIds.value}
        />
        <button type="button" className="btn" onClick={() => void copy()} data-testid={props.testIds.copy}>
          {copied ? <Check size={15} /> : <Copy size={15} />} {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" className="btn btn--primary" onClick={props.onDone}>
          Done
        </button>
      </div>
    </section>
  );
}
