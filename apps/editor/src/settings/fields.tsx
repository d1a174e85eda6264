import type { SendingForm } from './sendingForm.js';
import { type FieldErrors, type FieldKey, fieldId } from './sendingProblems.js';

/** What every section of the Sending page gets: the form, a way to change it, its errors. */
export interface SectionProps {
  form: SendingForm;
  onChange(update: (form: SendingForm) => SendingForm): void;
  errors: FieldErrors;
}

const errorId = (key: FieldKey) => `${fieldId(key)}-error`;

/** A field's error, in words, right below it (`invalid()` points the input at it). */
export function FieldError({ field, errors }: { field: FieldKey; errors: FieldErrors }) {
  const text = errors[field];
  if (!text) return null;
  return (
    <p id={errorId(field)} className="field__error" data-testid={`sending-error-${field}`}>
      {text}
    </p>
  );
}

/** The input's id, and its error (plus a hint) as its description when it has one. */
export function inputProps(field: FieldKey, errors: FieldErrors, hint?: string) {
  const described = [errors[field] ? errorId(field) : undefined, hint].filter(Boolean).join(' ');
  return {
    id: fieldId(field),
    ...(errors[field] ? { 'aria-invalid': true as const } : {}),
    ...(described ? { 'aria-describedby': described } : {}),
  };
}
