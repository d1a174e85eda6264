import type { JsonSchema, Segment } from '@crossroads/api';
import { createContext, type ReactNode, useContext } from 'react';
import type { SegmentChoice } from '../condition-builder/ConditionBuilder.js';
import type { FieldDictionary } from '../conditions/dictionary.js';
import type { NamedFieldProps } from './fieldProps.js';

export interface FormContextValue {
  root: JsonSchema;
  readOnly: boolean;
  segments: readonly Segment[];
  /** The workspace's fields and event types (condition builder, event-type picker). */
  dictionary: FieldDictionary;
  /** Set around a rule that may be replaced by a named segment: its builder offers "in segment". */
  segmentChoice?: SegmentChoice | undefined;
  /** Rule text that could not be saved, by field path (kept by the editor so the step shows it). */
  drafts?: FieldDraftsApi | undefined;
  /** The step whose config this is; undefined for the journey settings. */
  nodeId?: string | undefined;
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

/** A form's view of the unsaved field texts of its step. */
export interface FieldDraftsApi {
  get(path: string): { text: string; reason: string } | undefined;
  put(path: string, draft: { text: string; reason: string }): void;
  drop(path: string): void;
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

/** The DOM id of a field's input (its `<label for>`), unique per form. */
export function fieldId(modelKey: string, path: string): string {
  return `field-${modelKey}-${path || 'root'}`.replace(/[^A-Za-z0-9_-]/g, '_');
}
