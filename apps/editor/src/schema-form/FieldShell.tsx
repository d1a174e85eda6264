import type { JsonSchema } from '@crossroads/api';
import type { ReactNode } from 'react';
import { CodeText } from '../ui/CodeText.js';
import { useForm } from './FormContext.js';

/**
 * Label, description and problems around one field; `data-path` lets problems focus it. A field
 * whose widget is one input gets a real `<label for>`; a composite widget (a switch, a rule
 * builder, a code editor) is a group named by the label.
 */
export function FieldShell({
  path,
  id,
  label,
  schema,
  required,
  children,
  inline = false,
  deep = false,
  labelsInput = false,
}: {
  path: string;
  /** The widget's input id (`labelsInput`), or the base of the label's id. */
  id: string;
  label: string;
  schema: JsonSchema;
  required?: boolean;
  children: ReactNode;
  inline?: boolean;
  /** Also show problems located inside the value (a rule's operators). */
  deep?: boolean;
  /** The widget is a single input with `id`: the label points at it. */
  labelsInput?: boolean;
}) {
  const { errors } = useForm();
  const messages = deep ? deepMessages(errors, path) : errors.get(path);
  const labelId = `${id}-label`;
  const helpId = `${id}-help`;
  const errorId = `${id}-errors`;
  const text = (
    <>
      {label}
      {required && (
        <span className="field__required" title="Required" aria-hidden="true">
          *
        </span>
      )}
    </>
  );
  return (
    <div
      className={`field${inline ? ' field--inline' : ''}${messages ? ' field--invalid' : ''}`}
      data-path={path}
    >
      {labelsInput ? (
        <label className="field__label" htmlFor={id} id={labelId}>
          {text}
        </label>
      ) : (
        <span className="field__label" id={labelId}>
          {text}
        </span>
      )}
      {labelsInput ? (
        children
      ) : (
        <fieldset
          className="plain-group"
          aria-labelledby={labelId}
          aria-describedby={schema.description && !inline ? helpId : undefined}
        >
          {children}
        </fieldset>
      )}
      {schema.description && !inline && (
        <div className="field__help" id={helpId}>
          {schema.description}
        </div>
      )}
      {messages && (
        <div id={errorId} role="alert">
          {messages.map((m) => (
            <div className="field__error" key={m}>
              <CodeText text={m} />
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

/** Title of a property: its schema title, else the key made readable. */
export function titleOf(schema: JsonSchema, key: string): string {
  if (schema.title) return schema.title;
  const words = key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/[-_]/g, ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function deepMessages(errors: ReadonlyMap<string, string[]>, path: string): string[] | undefined {
  const out: string[] = [];
  for (const [key, list] of errors) {
    if (key === path || key.startsWith(`${path}.`) || key.startsWith(`${path}[`)) out.push(...list);
  }
  return out.length ? [...new Set(out)] : undefined;
}
