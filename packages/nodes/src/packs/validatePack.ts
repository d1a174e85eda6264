import { z } from 'zod';
import { BUILTIN_PACK_NAME, type NodePack, namespaceProblems, PACK_API_VERSION } from '../sdk/definePack.js';
import type { PackManifest } from './manifest.js';
import { checkEventTypes } from './sizeLimits.js';

/** Exact host names, or `*.example.com`. No schemes, ports or paths. */
const HostPattern = z
  .string()
  .regex(
    /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/,
    "must be a host name such as 'hooks.slack.com' or '*.example.com' (no scheme, port or path)",
  );

const Capabilities = z.strictObject({
  http: z.strictObject({ hosts: z.array(HostPattern).min(1) }).optional(),
  secrets: z.array(z.string().regex(/^[A-Z][A-Z0-9_]*$/, 'must be UPPER_SNAKE_CASE')).optional(),
});

const fn = z.custom<(...args: never[]) => unknown>(
  (value) => typeof value === 'function',
  'must be a function',
);

const NodeShape = z.looseObject({
  type: z.string().min(1).max(200),
  version: z.number().int().positive(),
  title: z.string().min(1).max(100),
  description: z.string().max(2_000),
  category: z.string().min(1).max(60),
  icon: z.string().min(1).max(60),
  color: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be a CSS hex colour such as #0ea5e9'),
  kind: z.enum(['trigger', 'gate', 'wait', 'action']),
  configSchema: z.custom<z.ZodType>(
    (value) => typeof (value as { safeParse?: unknown })?.safeParse === 'function',
    'must be a zod schema',
  ),
  execute: fn,
  outputsFor: fn,
  capabilities: Capabilities,
  idempotent: z.boolean({ error: 'must be declared (true or false)' }),
  migrations: z
    .array(z.looseObject({ from: z.number().int().positive(), name: z.string().min(1), up: fn }))
    .optional(),
});

const Output = z.strictObject({
  id: z.string().min(1).max(128),
  label: z.string().min(1),
  required: z.boolean().optional(),
});

export type PackCheck = { ok: true; pack: NodePack } | { ok: false; problems: string[] };

const issues = (prefix: string, error: z.ZodError) =>
  error.issues.map(
    (issue) =>
      `${prefix}${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}: ${issue.message}`,
  );

/** Problems with one node definition, each prefixed with `nodes[i]` (and the type when known). */
function nodeProblems(node: unknown, at: string): string[] {
  const shape = NodeShape.safeParse(node);
  if (!shape.success) return issues(at, shape.error);
  const def = shape.data;
  const where = `${at} (${def.type}@${def.version})`;
  const problems: string[] = [];
  try {
    z.toJSONSchema(def.configSchema, { unrepresentable: 'throw' });
  } catch (error) {
    problems.push(
      `${where}.configSchema: cannot be shown as a form (JSON Schema failed: ${(error as Error).message})`,
    );
  }
  const defaults = def.configSchema.safeParse((node as { defaults?: unknown }).defaults);
  if (!defaults.success) {
    problems.push(
      ...issues(`${where}.defaults`, defaults.error).map(
        (line) => `${line} (defaults must parse with configSchema)`,
      ),
    );
    return problems;
  }
  try {
    const outputs = z.array(Output).safeParse(def.outputsFor(defaults.data as never));
    if (!outputs.success) problems.push(...issues(`${where}.outputs`, outputs.error));
    else {
      const ids = outputs.data.map((output) => output.id);
      const duplicate = ids.find((id, index) => ids.indexOf(id) !== index);
      if (duplicate) problems.push(`${where}.outputs: output id '${duplicate}' is used twice`);
    }
  } catch (error) {
    problems.push(`${where}.outputs: threw for the defaults: ${(error as Error).message}`);
  }
  if (def.kind === 'trigger') {
    const listensTo = (node as { listensTo?: unknown }).listensTo;
    if (typeof listensTo !== 'function') {
      problems.push(
        `${where}.listensTo: a trigger must say which events start it, e.g. listensTo: (config) => [config.event]`,
      );
    } else {
      try {
        checkEventTypes(listensTo(defaults.data), where);
      } catch (error) {
        problems.push(`${(error as Error).message} (for the defaults)`);
      }
    }
    const matches = (node as { matches?: unknown }).matches;
    if (matches !== undefined && typeof matches !== 'function')
      problems.push(`${where}.matches: must be a function`);
  }
  for (const [index, migration] of (def.migrations ?? []).entries()) {
    if (migration.from >= def.version) {
      problems.push(
        `${where}.migrations[${index}].from: ${migration.from} must be older than version ${def.version}`,
      );
    }
  }
  return problems;
}

/**
 * Checks a value a pack module exported: the pack fields, the API version, namespaced node types,
 * and every node (config schema renders as JSON Schema, defaults parse, outputs are valid,
 * capabilities and idempotency declared). With a manifest, name and version must match it.
 *
 * @example
 * ```ts
 * const check = validatePack(module.default, manifest);
 * if (!check.ok) console.error(check.problems.join('\n'));
 * ```
 */
export function validatePack(value: unknown, manifest?: PackManifest): PackCheck {
  const head = z
    .looseObject({
      name: z.string().min(1),
      version: z.string().min(1),
      apiVersion: z.number().int(),
      nodes: z.array(z.unknown()).min(1, 'a pack needs at least one node'),
    })
    .safeParse(value);
  if (!head.success) return { ok: false, problems: issues('pack', head.error) };
  const pack = value as NodePack;
  const problems: string[] = [];
  if (pack.name === BUILTIN_PACK_NAME)
    problems.push(`pack.name: '${BUILTIN_PACK_NAME}' is reserved for the built-ins`);
  if (manifest && pack.name !== manifest.name) {
    problems.push(`pack.name: '${pack.name}' differs from package.json name '${manifest.name}'`);
  }
  if (manifest && pack.version !== manifest.version) {
    problems.push(`pack.version: '${pack.version}' differs from package.json version '${manifest.version}'`);
  }
  if (pack.apiVersion !== PACK_API_VERSION) {
    problems.push(
      `pack.apiVersion: built for pack API ${pack.apiVersion}; this runtime speaks ${PACK_API_VERSION}`,
    );
  }
  problems.push(...namespaceProblems(pack));
  const seen = new Set<string>();
  for (const [index, node] of pack.nodes.entries()) {
    problems.push(...nodeProblems(node, `nodes[${index}]`));
    const key = `${node?.type}@${node?.version}`;
    if (seen.has(key)) problems.push(`nodes[${index}]: ${key} is defined twice`);
    seen.add(key);
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, pack };
}
