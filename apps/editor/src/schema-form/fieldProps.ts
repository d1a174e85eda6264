import type { JsonSchema } from '@crossroads/api';

/** What every widget gets: its (resolved) schema, its value, a setter and its config path. */
export interface FieldProps<T = unknown> {
  schema: JsonSchema;
  value: T;
  onChange(value: T): void;
  path: string;
  /** The id its main input takes, so the field's `<label for>` names it. */
  id?: string;
  /** The field must have a value (an empty rule is then not "no rule" but a mistake). */
  required?: boolean | undefined;
}

/** One property of an object: a widget's props plus the property's name. */
export type NamedFieldProps = FieldProps & { name: string };
