import type { JsonSchema } from '@crossroads/api';
import type { ReactNode } from 'react';
import { useForm } from './FormContext.js';

/** Label, description and problems around one field; `data-path` lets problems focus it. */
export function FieldShell({
  path,
  label,
  schema,
  required,
  children,
  inline = false,
  deep = false,
}: {
  path: string;
  label: string;
  schema: JsonSchema;
  required?: boolean;
  children: ReactNode;
  inline?: boolean;
  /** Also show problems located inside the value (a rule's operators). */
  deep?: boolean;
}) {
  const { errors } = useForm();
  const messages = deep ? deepMessages(errors, path) : errors.get(path);
  return (
    <div
      className={`field${inline ? ' field--inline' : ''}${messages ? ' field--invalid' : ''}`}
      data-path={path}
    >
      <div className="field__label">
        {label}
        {required && (
          <span className="field__required" title="Required">
            *
          </span>
        )}
      </div>
      {children}
      {schema.description && !inline && <div className="field__help">{schema.description}</div>}
      {messages?.map((m) => (
        <div className="field__error" key={m}>
          {m}
        </div>
      ))}
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
  return out.length ? out : undefined;
}
