import { Plus } from 'lucide-react';
import { classify, emptyValue, resolve } from './classify.js';
import { FieldShell, titleOf } from './FieldShell.js';
import { fieldId, useForm } from './FormContext.js';
import type { FieldProps, NamedFieldProps } from './fieldProps.js';
import { ArmListField } from './fields/ArmListField.js';
import { ArrayObjectsField } from './fields/ArrayObjectsField.js';
import { ArrayScalarsField, EnumChipsField } from './fields/ArrayScalarsField.js';
import { BranchListField } from './fields/BranchListField.js';
import { DurationField } from './fields/DurationField.js';
import { EnumField } from './fields/EnumField.js';
import { EventTypeField } from './fields/EventTypeField.js';
import { JsonField } from './fields/JsonField.js';
import { MapField } from './fields/MapField.js';
import { ObjectFields } from './fields/ObjectFields.js';
import { RuleField } from './fields/RuleField.js';
import {
  BooleanField,
  NumberField,
  StringField,
  TextField,
  TimeField,
  TimezoneField,
} from './fields/ScalarFields.js';
import { ScheduleField } from './fields/ScheduleField.js';
import { SegmentField } from './fields/SegmentField.js';
import { TemplateField } from './fields/TemplateField.js';
import { UnionField } from './fields/UnionField.js';

/** Renders one property with the widget its schema calls for. */
export function SchemaField({ name, required, ...props }: NamedFieldProps) {
  const { root, readOnly, modelKey } = useForm();
  const schema = resolve(props.schema, root);
  const kind = classify(schema, root);
  const label = titleOf(schema, name);
  const id = fieldId(modelKey, props.path);
  const p = { ...props, schema, id, required };
  switch (kind) {
    case 'object':
      if (props.value === undefined && !required) return <OptionalObject label={label} {...p} />;
      return (
        <fieldset className="group" data-path={props.path}>
          <legend>
            {label}
            {!required && !readOnly && (
              <button type="button" className="link-btn" onClick={() => props.onChange(undefined)}>
                Remove
              </button>
            )}
          </legend>
          {schema.description && <div className="field__help">{schema.description}</div>}
          <ObjectFields {...p} />
        </fieldset>
      );
    case 'union':
      return (
        <fieldset className="group" data-path={props.path}>
          <legend>{label}</legend>
          <UnionField {...p} />
        </fieldset>
      );
    case 'array-objects':
      return (
        <FieldShell
          path={props.path}
          id={id}
          label={label}
          schema={schema}
          {...(required ? { required } : {})}
        >
          <ArrayObjectsField {...p} />
        </FieldShell>
      );
    case 'arms':
      return (
        <FieldShell
          path={props.path}
          id={id}
          label={label}
          schema={schema}
          {...(required ? { required } : {})}
        >
          <ArmListField {...p} />
        </FieldShell>
      );
    case 'branches':
      return (
        <FieldShell
          path={props.path}
          id={id}
          label={label}
          schema={schema}
          {...(required ? { required } : {})}
        >
          <BranchListField {...p} />
        </FieldShell>
      );
    case 'boolean':
      return (
        <FieldShell path={props.path} id={id} label={label} schema={schema} inline labelsInput>
          <BooleanField {...p} description={schema.description} />
        </FieldShell>
      );
    default: {
      const Widget = WIDGETS[kind] ?? JsonField;
      // A rule explains itself (the builder reads it back as a sentence); its schema text is for engineers.
      const { description: _d, ...described } = schema;
      return (
        <FieldShell
          path={props.path}
          id={id}
          label={label}
          schema={kind === 'logic' ? described : schema}
          deep={kind === 'logic' || kind === 'json' || kind === 'schedule'}
          labelsInput={SINGLE_INPUT.has(kind)}
          {...(required ? { required } : {})}
        >
          <Widget {...p} />
        </FieldShell>
      );
    }
  }
}

/** An optional group (a goal, a frequency cap) that is off until added. */
function OptionalObject({ label, schema, onChange, path }: FieldProps & { label: string }) {
  const { root, readOnly } = useForm();
  return (
    <div className="field field--optional" data-path={path}>
      <span className="field__label">{label}</span>
      {schema.description && <div className="field__help">{schema.description}</div>}
      {!readOnly && (
        <button
          type="button"
          className="btn btn--small btn--dashed"
          onClick={() => onChange(emptyValue(schema, root))}
        >
          <Plus size={14} /> Add {label.toLowerCase()}
        </button>
      )}
      {readOnly && <div className="muted">Not set</div>}
    </div>
  );
}

/** Widgets that are one input (or select) taking the field's id: their label is a `<label for>`. */
const SINGLE_INPUT = new Set(['string', 'text', 'time', 'timezone', 'number', 'segment', 'event-type']);

// biome-ignore lint/suspicious/noExplicitAny: each widget narrows `value` itself
const WIDGETS: Record<string, (props: FieldProps<any>) => React.ReactNode> = {
  string: StringField,
  text: TextField,
  time: TimeField,
  timezone: TimezoneField,
  number: NumberField,
  enum: EnumField,
  duration: DurationField,
  schedule: ScheduleField,
  logic: RuleField,
  'event-type': EventTypeField,
  template: TemplateField,
  segment: SegmentField,
  map: MapField,
  'array-enum': EnumChipsField,
  'array-scalars': ArrayScalarsField,
  json: JsonField,
};
