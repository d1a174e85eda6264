import type { JsonSchema, Segment } from '@crossroads/api';
import { createContext, type ReactNode, useContext } from 'react';
import type { NamedFieldProps } from './fieldProps.js';

export interface FormContextValue {
  root: JsonSchema;
  readOnly: boolean;
  segments: readonly Segment[];
  /** Problems by config path (`branches[0].rule`), shown under the matching field. */
  errors: ReadonlyMap<string, string[]>;
  /** Prefix that makes Monaco model paths unique per node. */
  modelKey: string;
  /** Renders a Liquid template against the sample contact (server when available). */
  preview(template: string, kind: 'html' | 'text'): Promise<string>;
  /**
   * Renders one property with the widget its schema calls for (`SchemaField`), handed down so
   * the fields that contain fields (objects, rule-or-segment) recurse without importing it.
   */
  Field(props: NamedFieldProps): ReactNode;
}

export const FormContext = createContext<FormContextValue | null>(null);

export function useForm(): FormContextValue {
  const ctx = useContext(FormContext);
  if (!ctx) throw new Error('useForm: no FormContext above this field');
  return ctx;
}

/** `branches` + 0 → `branches[0]`; `` + `rule` → `rule`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}
