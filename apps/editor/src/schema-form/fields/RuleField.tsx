import { useCallback } from 'react';
import { type RuleDraft, RuleEditor } from '../../condition-builder/RuleEditor.js';
import { titleOf } from '../FieldShell.js';
import { useForm } from '../FormContext.js';
import type { FieldProps } from '../fieldProps.js';

/**
 * A JSONLogic rule field: the condition builder by default, the code view for what it cannot
 * express. Text that does not parse is kept as the step's unsaved draft (an error) until fixed.
 */
export function RuleField({ value, onChange, path, schema, required }: FieldProps<unknown>) {
  const { readOnly, modelKey, dictionary, drafts, segmentChoice } = useForm();
  const draft = drafts?.get(path);
  const put = drafts?.put;
  const drop = drafts?.drop;
  const onDraft = useCallback(
    (next: RuleDraft | null) => (next ? put?.(path, next) : drop?.(path)),
    [put, drop, path],
  );
  return (
    <RuleEditor
      value={value}
      onChange={onChange}
      dictionary={dictionary}
      readOnly={readOnly}
      modelPath={`${modelKey}-${path || 'rule'}`}
      draft={draft}
      onDraft={onDraft}
      label={titleOf(schema, 'rule')}
      required={required === true}
      showWarnings={false}
      segmentChoice={segmentChoice}
    />
  );
}
