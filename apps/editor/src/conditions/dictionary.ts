import type { DataDictionary } from '@crossroads/api';
import { fieldLabel } from './fieldLabel.js';
import type { FieldType } from './model.js';

/** One field the builder offers, with what people read. */
export interface KnownField {
  path: string;
  type: FieldType;
  label: string;
  group: 'Contact' | 'Event' | 'Engagement' | 'Journey';
  /** Text values seen, when there are few (offered as choices). */
  values?: readonly string[];
  description?: string;
}

/** The fields rules can read, looked up by path; built from `GET /v1/data-dictionary`. */
export interface FieldDictionary {
  fields: readonly KnownField[];
  byPath: ReadonlyMap<string, KnownField>;
  /** False when the runtime did not answer: then nothing is judged unknown. */
  loaded: boolean;
  /** Whether the workspace has stored contacts with attributes / events with properties yet. */
  hasContactData: boolean;
  hasEventData: boolean;
  eventTypes: DataDictionary['events'];
  segments: DataDictionary['segments'];
}

const GROUPS = { contact: 'Contact', event: 'Event', engagement: 'Engagement', journey: 'Journey' } as const;

/**
 * The editor's dictionary from the runtime's answer, plus the paths rules of the open journey
 * already read (so a rule never loses its field from the menu).
 */
export function buildDictionary(
  answer: DataDictionary | null,
  usedPaths: Iterable<string> = [],
): FieldDictionary {
  const byPath = new Map<string, KnownField>();
  for (const f of answer?.fields ?? []) {
    if (f.type === 'object') continue;
    byPath.set(f.path, {
      path: f.path,
      type: f.type,
      label: fieldLabel(f.path),
      group: GROUPS[f.source],
      ...(f.values ? { values: f.values } : {}),
      ...(f.description ? { description: f.description } : {}),
    });
  }
  const known = new Map(byPath);
  for (const path of usedPaths) {
    const root = path.split('.')[0] as keyof typeof GROUPS;
    if (!byPath.has(path) && root in GROUPS) {
      byPath.set(path, { path, type: 'unknown', label: fieldLabel(path), group: GROUPS[root] });
    }
  }
  const fields = [...byPath.values()].sort(
    (a, b) => order(a.group) - order(b.group) || a.label.localeCompare(b.label),
  );
  return {
    fields,
    byPath: known,
    loaded: answer !== null,
    hasContactData: (answer?.fields ?? []).some((f) => f.source === 'contact' && f.seen > 0),
    hasEventData: (answer?.fields ?? []).some((f) => f.source === 'event' && f.seen > 0),
    eventTypes: answer?.events ?? [],
    segments: answer?.segments ?? [],
  };
}

const order = (group: KnownField['group']) => ['Contact', 'Event', 'Engagement', 'Journey'].indexOf(group);

/** The type of a field; `unknown` when the dictionary has not seen it. */
export function typeOfField(dictionary: FieldDictionary, path: string): FieldType {
  return dictionary.byPath.get(path)?.type ?? 'unknown';
}

/** No fields known (the runtime did not answer, or a read-only view that loads none). */
export const EMPTY_DICTIONARY: FieldDictionary = buildDictionary(null);
