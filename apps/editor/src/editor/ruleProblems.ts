import type { JsonSchema } from '@crossroads/api';
import {
  fieldPlace,
  type Graph,
  GraphSettings,
  type Problem,
  placeText,
  stepName,
} from '@crossroads/graph-schema';
import { type FieldSchema, findFields } from '@crossroads/nodes';
import { z } from 'zod';
import type { NodeCatalog } from '../catalog/catalog.js';
import { checkRule } from '../conditions/checkRule.js';
import type { FieldDictionary } from '../conditions/dictionary.js';
import type { FieldDraft } from './fieldDrafts.js';

/** The journey settings' JSON Schema (goal `where` is a rule). */
export const SETTINGS_SCHEMA = z.toJSONSchema(GraphSettings, {
  io: 'input',
  unrepresentable: 'any',
}) as JsonSchema;

const formatPath = (parts: ReadonlyArray<string | number>) =>
  parts.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : out ? `${out}.${p}` : p), '');

/** `branches[0].rule` → `['branches', 0, 'rule']`. */
export function parsePath(path: string): Array<string | number> {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((m) =>
    m[2] !== undefined ? Number(m[2]) : (m[1] as string),
  );
}

const isRule = (schema: FieldSchema) => schema['x-editor'] === 'rule';

/**
 * Dictionary warnings for every rule of the journey (gate branches, filters, waits, the goal):
 * unknown fields with the closest known name, number fields compared with text.
 */
export function ruleWarnings(graph: Graph, catalog: NodeCatalog, dictionary: FieldDictionary): Problem[] {
  const out: Problem[] = [];
  graph.nodes.forEach((node, index) => {
    const schema = catalog.get(node.type, node.version)?.configSchema as FieldSchema | undefined;
    if (!schema) return;
    for (const found of findFields(schema, node.config, isRule)) {
      const warnings = checkRule(found.value, dictionary);
      if (warnings.length === 0) continue;
      const place = placeText(stepName(node), fieldPlace(schema as never, node.config, found.path));
      for (const w of warnings) {
        out.push({
          code: w.code,
          severity: 'warning',
          path: formatPath(['nodes', index, 'config', ...found.path, ...w.at]),
          nodeId: node.id,
          message: `${place}: in the rule, ${w.message}`,
        });
      }
    }
  });
  const goal = graph.settings.goal?.where;
  if (goal !== undefined) {
    for (const w of checkRule(goal, dictionary)) {
      out.push({
        code: w.code,
        severity: 'warning',
        path: formatPath(['settings', 'goal', 'where', ...w.at]),
        message: `Journey goal: in the rule, ${w.message}`,
      });
    }
  }
  return out;
}

/** Each unsaved field text as an error on its step: the journey cannot be published with it. */
export function draftProblems(graph: Graph, catalog: NodeCatalog, drafts: readonly FieldDraft[]): Problem[] {
  return drafts.flatMap((draft): Problem[] => {
    const parts = parsePath(draft.path);
    if (draft.nodeId === undefined) {
      const place = fieldPlace(SETTINGS_SCHEMA as never, graph.settings, parts);
      return [
        {
          code: 'field.unsaved',
          severity: 'error',
          path: formatPath(['settings', ...parts]),
          message: `Journey settings: the ${place.field || 'rule'} was not saved: ${draft.reason}`,
        },
      ];
    }
    const index = graph.nodes.findIndex((n) => n.id === draft.nodeId);
    const node = graph.nodes[index];
    if (!node) return [];
    const schema = catalog.get(node.type, node.version)?.configSchema;
    const place = fieldPlace((schema ?? {}) as never, node.config, parts);
    return [
      {
        code: 'field.unsaved',
        severity: 'error',
        path: formatPath(['nodes', index, 'config', ...parts]),
        nodeId: node.id,
        message: `${placeText(stepName(node), place)}: the ${place.field || 'rule'} was not saved: ${draft.reason}`,
      },
    ];
  });
}
