import { useEffect, useRef, useState } from 'react';

/**
 * Text of a JSON value being edited: keeps what the user typed while it does not parse, follows
 * the value when it changes from outside (undo, another field).
 */
const format = (v: unknown) => (v === undefined ? '' : JSON.stringify(v, null, 2));

export function useJsonText(value: unknown, onChange: (value: unknown) => void) {
  const [text, setText] = useState(() => format(value));
  const [error, setError] = useState<string | null>(null);
  const lastEmitted = useRef<string>(JSON.stringify(value));
  useEffect(() => {
    const incoming = JSON.stringify(value);
    if (incoming !== lastEmitted.current) {
      lastEmitted.current = incoming;
      setText(format(value));
      setError(null);
    }
  }, [value]);
  const edit = (next: string) => {
    setText(next);
    if (next.trim() === '') {
      setError(null);
      lastEmitted.current = JSON.stringify(undefined);
      onChange(undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(next);
      setError(null);
      lastEmitted.current = JSON.stringify(parsed);
      onChange(parsed);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Invalid JSON');
    }
  };
  return { text, error, edit };
}
