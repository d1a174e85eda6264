import { FolderPlus, Plus, Trash2 } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { describeRule } from '../conditions/describe.js';
import type { FieldDictionary } from '../conditions/dictionary.js';
import { typeOfField } from '../conditions/dictionary.js';
import {
  type Address,
  addTo,
  asGroup,
  editAt,
  setCombinator,
  withField,
  withOperator,
} from '../conditions/edits.js';
import { fieldLabel } from '../conditions/fieldLabel.js';
import { deepEqual, fromLogic } from '../conditions/fromLogic.js';
import type { Condition, FieldType, Group, RuleNode } from '../conditions/model.js';
import { operatorsFor, operatorWords } from '../conditions/operators.js';
import { isComplete, toLogic } from '../conditions/toLogic.js';
import { FieldSelect } from './FieldSelect.js';
import { ValueInput } from './ValueInput.js';

const MAX_DEPTH = 3;
/** What `describeRule` says of a rule without conditions. */
const EVERYONE = describeRule({ kind: 'group', combinator: 'and', children: [] });

/** The type a condition's field has: the dictionary's, else what its value looks like. */
function typeOf(c: Condition, dictionary: FieldDictionary): FieldType {
  const known = c.field ? typeOfField(dictionary, c.field.path) : 'unknown';
  if (known !== 'unknown') return known;
  const v = Array.isArray(c.value) ? c.value[0] : c.value;
  if (typeof v === 'number') return 'number';
  if (typeof v === 'boolean') return 'boolean';
  if (c.op === 'withinDays' || c.op === 'olderThanDays') return 'date';
  return 'unknown';
}

/** Named segments a rule may be swapped for as a whole ("in segment"), where the step allows it. */
export interface SegmentChoice {
  names: readonly string[];
  choose(name: string): void;
}

const position = (address: Address) => address.map((i) => i + 1).join('.');

/**
 * Point-and-click rules: AND/OR groups of "field, operator, value" rows, nested up to three deep,
 * with the rule read back as a sentence underneath. Writes JSONLogic through `onChange` as soon as
 * a condition is complete; a row still being filled in is not part of the rule yet.
 */
export function ConditionBuilder({
  value,
  onChange,
  dictionary,
  readOnly,
  segmentChoice,
}: {
  value: unknown;
  onChange(rule: unknown): void;
  dictionary: FieldDictionary;
  readOnly: boolean;
  segmentChoice?: SegmentChoice | undefined;
}) {
  const [model, setModel] = useState<RuleNode>(() => {
    const read = value === undefined ? null : fromLogic(value);
    return read?.ok ? read.model : { kind: 'group', combinator: 'and', children: [] };
  });
  const emitted = useRef<unknown>(value);
  const [focusAddress, setFocusAddress] = useState<string | null>(null);
  useEffect(() => {
    if (deepEqual(value, emitted.current)) return;
    emitted.current = value;
    const read = value === undefined ? null : fromLogic(value);
    setModel(read?.ok ? read.model : { kind: 'group', combinator: 'and', children: [] });
  }, [value]);

  const update = (next: RuleNode) => {
    setModel(next);
    const logic = toLogic(next);
    if (!deepEqual(logic, emitted.current)) {
      emitted.current = logic;
      onChange(logic);
    }
  };
  const root = asGroup(model);
  // "In segment" replaces the whole rule, so it is offered while the rule has one condition at most.
  const segmentsOffered = segmentChoice && root.children.length <= 1 ? segmentChoice : undefined;
  const add = (address: Address, what: 'condition' | 'group') => {
    const next = addTo(model, address, what);
    const group = asGroup(next);
    let target: RuleNode | undefined = group;
    for (const i of address) target = target?.kind === 'group' ? target.children[i] : undefined;
    const count = target?.kind === 'group' ? target.children.length : 0;
    const at = [...address, count - 1];
    setFocusAddress(position(what === 'group' ? [...at, 0] : at));
    update(next);
  };
  const labelOf = (path: string) => dictionary.byPath.get(path)?.label ?? fieldLabel(path);
  const summary = describeRule(model, (path) => typeOfField(dictionary, path), labelOf);
  return (
    <div className="cb" data-testid="condition-builder">
      <GroupView
        group={root}
        address={[]}
        dictionary={dictionary}
        readOnly={readOnly}
        focusAddress={focusAddress}
        segments={segmentsOffered}
        onAdd={add}
        onCombinator={(address, c) => update(setCombinator(model, address, c))}
        onEdit={(address, edit) => update(editAt(model, address, edit))}
      />
      <p className="cb-summary" data-testid="rule-summary" aria-live="polite">
        {summary === EVERYONE ? (
          'Every contact matches. Add a condition to narrow it down.'
        ) : (
          <>
            <span className="cb-summary__lead">Matches when </span>
            {summary}
          </>
        )}
      </p>
    </div>
  );
}

interface GroupProps {
  group: Group;
  address: Address;
  dictionary: FieldDictionary;
  readOnly: boolean;
  focusAddress: string | null;
  segments?: SegmentChoice | undefined;
  onAdd(address: Address, what: 'condition' | 'group'): void;
  onCombinator(address: Address, combinator: Group['combinator']): void;
  onEdit(address: Address, edit: (node: RuleNode) => RuleNode | null): void;
}

function GroupView(props: GroupProps) {
  const { group, address, readOnly, onAdd, onCombinator, onEdit } = props;
  const nested = address.length > 0;
  const name = nested ? `group ${position(address)}` : 'this rule';
  const joiner = group.combinator === 'and' ? 'and' : 'or';
  return (
    <fieldset className={`cb-group${nested ? ' cb-group--nested' : ''}`} data-address={position(address)}>
      <legend className="cb-group__head">
        {group.children.length === 0 ? (
          <span>No conditions yet</span>
        ) : (
          <>
            <span>{nested ? 'Where' : 'Contacts match'}</span>
            <select
              aria-label={`Match all or any of the conditions in ${name}`}
              value={group.combinator}
              disabled={readOnly}
              onChange={(e) => onCombinator(address, e.target.value as Group['combinator'])}
            >
              <option value="and">all</option>
              <option value="or">any</option>
            </select>
            <span>of these conditions</span>
          </>
        )}
        {nested && !readOnly && (
          <button
            type="button"
            className="link-btn cb-group__remove"
            onClick={() => onEdit(address, () => null)}
          >
            Remove group
          </button>
        )}
      </legend>
      <ul className="cb-rows">
        {group.children.map((child, i) => {
          const at = [...address, i];
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are addressed by position, like the rule itself
            <li key={i} className="cb-rows__item">
              {i > 0 && <span className="cb-joiner">{joiner}</span>}
              {child.kind === 'group' ? (
                <GroupView {...props} group={child} address={at} />
              ) : (
                <ConditionRow {...props} condition={child} address={at} />
              )}
            </li>
          );
        })}
      </ul>
      {!readOnly && (
        <div className="cb-actions">
          <button
            type="button"
            className="btn btn--small btn--dashed"
            onClick={() => onAdd(address, 'condition')}
          >
            <Plus size={14} aria-hidden="true" /> Add condition{nested ? '' : ''}
          </button>
          {address.length < MAX_DEPTH - 1 && (
            <button
              type="button"
              className="btn btn--small btn--dashed"
              onClick={() => onAdd(address, 'group')}
            >
              <FolderPlus size={14} aria-hidden="true" /> Add group
            </button>
          )}
        </div>
      )}
    </fieldset>
  );
}

function ConditionRow({
  condition,
  address,
  dictionary,
  readOnly,
  focusAddress,
  segments,
  onEdit,
}: GroupProps & { condition: Condition }) {
  const type = typeOf(condition, dictionary);
  const name = `condition ${position(address)}`;
  const path = condition.field?.path;
  const choices = (path && dictionary.byPath.get(path)?.values) || [];
  const complete = isComplete(condition);
  const set = (next: Condition) => onEdit(address, () => next);
  return (
    <div className={`cb-row${complete ? '' : ' is-incomplete'}`} data-testid="condition-row">
      <FieldSelect
        path={path}
        dictionary={dictionary}
        label={`Field of ${name}`}
        disabled={readOnly}
        autoFocus={focusAddress === position(address)}
        segments={address.length === 1 ? segments : undefined}
        onPick={(p) => set(withField(condition, p, typeOfField(dictionary, p), type))}
      />
      {path && (
        <select
          aria-label={`Operator of ${name}`}
          value={condition.op}
          disabled={readOnly}
          onChange={(e) => set(withOperator(condition, e.target.value as Condition['op']))}
        >
          {operatorsFor(type).map((o) => (
            <option key={o.id} value={o.id}>
              {operatorWords(o.id, type)}
            </option>
          ))}
          {!operatorsFor(type).some((o) => o.id === condition.op) && (
            <option value={condition.op}>{operatorWords(condition.op, type)}</option>
          )}
        </select>
      )}
      {path && (
        <ValueInput
          condition={condition}
          type={type}
          choices={choices}
          label={`Value of ${name}`}
          disabled={readOnly}
          onChange={(value) =>
            set(value === undefined ? { ...condition, value: undefined } : { ...condition, value })
          }
        />
      )}
      {condition.field?.fallback !== undefined && (
        <span className="cb-fallback muted" title="When the contact has no value, the rule uses this one">
          missing counts as {String(condition.field.fallback)}
        </span>
      )}
      {!readOnly && (
        <button
          type="button"
          className="icon-btn icon-btn--ghost cb-row__remove"
          aria-label={`Remove ${name}`}
          title="Remove condition"
          onClick={() => onEdit(address, () => null)}
        >
          <Trash2 size={14} aria-hidden="true" />
        </button>
      )}
      {!complete && (
        <span className="cb-row__hint">
          {path ? 'Add a value' : 'Choose a field'}: not part of the rule yet
        </span>
      )}
    </div>
  );
}
