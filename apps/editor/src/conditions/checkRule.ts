import { closestName } from './closest.js';
import type { FieldDictionary } from './dictionary.js';

/** Something in a rule that is probably a mistake; the rule still runs. */
export interface RuleWarning {
  code: 'rule.field-unknown' | 'rule.type-mismatch';
  /** Where inside the rule, e.g. `['and', 0, '>', 0]`. */
  at: Array<string | number>;
  message: string;
}

type Obj = Record<string, unknown>;
const COMPARISONS = new Set(['==', '!=', '===', '!==', '>', '>=', '<', '<=']);

function varPath(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const keys = Object.keys(node);
  if (keys.length !== 1 || keys[0] !== 'var') return undefined;
  const arg = (node as Obj).var;
  const path = Array.isArray(arg) ? arg[0] : arg;
  return typeof path === 'string' && path ? path : undefined;
}

/** Whether the dictionary can vouch for this part of the data (else unknown fields are not flagged). */
function checkable(path: string, dictionary: FieldDictionary): boolean {
  if (!dictionary.loaded) return false;
  if (path.startsWith('contact.')) return dictionary.hasContactData && path !== 'contact.id';
  if (path.startsWith('event.properties.')) return dictionary.hasEventData;
  if (path.startsWith('engagement.last_event_at.')) return false;
  return ['event.', 'journey.', 'engagement.'].some((root) => path.startsWith(root));
}

function known(path: string, dictionary: FieldDictionary): boolean {
  if (dictionary.byPath.has(path)) return true;
  // A nested value of a known field (`contact.address.city` under `contact.address`).
  const parts = path.split('.');
  for (let i = parts.length - 1; i > 1; i--)
    if (dictionary.byPath.has(parts.slice(0, i).join('.'))) return true;
  return false;
}

const looksNumeric = (text: string) => text.trim() !== '' && Number.isFinite(Number(text));

/**
 * Warnings about a rule against the workspace's data dictionary: fields nobody has seen (with the
 * closest known name: "`contact.leadscore` is not a known field: did you mean
 * `contact.lead_score`?") and number or yes/no fields compared with text. Parts of the data the
 * workspace has stored nothing about yet are not judged.
 */
export function checkRule(rule: unknown, dictionary: FieldDictionary): RuleWarning[] {
  const out: RuleWarning[] = [];
  const reported = new Set<string>();
  const visit = (node: unknown, at: Array<string | number>) => {
    if (Array.isArray(node)) {
      for (const [i, item] of node.entries()) visit(item, [...at, i]);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const path = varPath(node);
    if (path !== undefined) {
      if (!reported.has(path) && checkable(path, dictionary) && !known(path, dictionary)) {
        reported.add(path);
        const guess = closestName(path, dictionary.byPath.keys());
        const hint = guess ? `: did you mean \`${guess}\`?` : '';
        out.push({
          code: 'rule.field-unknown',
          at: [...at, 'var'],
          message: `\`${path}\` is not a known field${hint}`,
        });
      }
      return;
    }
    for (const [op, raw] of Object.entries(node as Obj)) {
      const args = Array.isArray(raw) ? raw : [raw];
      if (COMPARISONS.has(op) || op === 'in') checkTypes(op, args, [...at, op]);
      visit(raw, [...at, op]);
    }
  };
  const checkTypes = (op: string, args: unknown[], at: Array<string | number>) => {
    const fields = args.map(varPath);
    const literals = op === 'in' && Array.isArray(args[1]) ? (args[1] as unknown[]) : args;
    for (const path of fields) {
      const type = path ? dictionary.byPath.get(path)?.type : undefined;
      if (type !== 'number' && type !== 'boolean') continue;
      const text = literals.find((v) => typeof v === 'string' && (type === 'boolean' || !looksNumeric(v)));
      if (typeof text !== 'string') continue;
      const kind = type === 'number' ? 'number' : 'yes/no';
      out.push({
        code: 'rule.type-mismatch',
        at,
        message: `compares the ${kind} field \`${path}\` with the text "${text}"${type === 'number' ? ': write it as a number' : ': use true or false'}`,
      });
    }
  };
  visit(rule, []);
  return out;
}
