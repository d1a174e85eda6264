import semver from 'semver';
import { z } from 'zod';

/** npm package names: optional scope, lowercase, URL-safe. */
const PackageName = z
  .string()
  .max(214)
  .regex(/^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/, 'must be a lowercase npm package name');

/**
 * The `crossroads` field of a pack's package.json.
 *
 * @example
 * ```ts
 * CrossroadsField.parse({ apiVersion: 1, nodes: './dist/index.js' });
 * ```
 */
export const CrossroadsField = z.strictObject({
  apiVersion: z.number().int().positive().describe('Pack API version the pack was built for (this SDK: 1)'),
  nodes: z
    .string()
    .regex(/^\.\//, "must be a relative path starting with './', e.g. './dist/index.js'")
    .refine((path) => !path.split('/').includes('..'), "must stay inside the package (no '..')")
    .describe('Module that exports the pack (default export or `pack`)'),
});
export type CrossroadsField = z.infer<typeof CrossroadsField>;

/**
 * The parts of a pack's package.json the runtime reads. Other fields are ignored.
 *
 * @example
 * ```ts
 * PackManifest.parse({ name: 'ab-split', version: '1.0.0', crossroads: { apiVersion: 1, nodes: './dist/index.js' } });
 * ```
 */
export const PackManifest = z.looseObject({
  name: PackageName,
  version: z.string().refine((v) => semver.valid(v) !== null, 'must be a semver version such as 1.2.3'),
  crossroads: CrossroadsField,
});
export type PackManifest = z.infer<typeof PackManifest>;

export type ManifestResult = { ok: true; manifest: PackManifest } | { ok: false; message: string };

/**
 * Validates a parsed package.json as a pack manifest, with one readable line per problem
 * (`crossroads.apiVersion: expected number`).
 *
 * @example
 * ```ts
 * const result = parseManifest(JSON.parse(readFileSync('package.json', 'utf8')));
 * if (!result.ok) console.error(result.message);
 * ```
 */
export function parseManifest(json: unknown): ManifestResult {
  const parsed = PackManifest.safeParse(json);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const lines = parsed.error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(package.json)';
    const hint =
      issue.path[0] === 'crossroads' && issue.path.length === 1
        ? ' (add "crossroads": { "apiVersion": 1, "nodes": "./dist/index.js" })'
        : '';
    return `${path}: ${issue.message}${hint}`;
  });
  return { ok: false, message: `invalid package.json: ${lines.join('; ')}` };
}

/**
 * Who a pack says wrote it: package.json `author` as a string (`Name <email> (url)`) or an object
 * (`{ "name", "email" }`), shown in the editor; null when absent or not readable.
 *
 * @example
 * ```ts
 * packAuthor({ author: { name: 'Acme', email: 'dev@acme.com' } }); // 'Acme <dev@acme.com>'
 * packAuthor({ author: 'Ada Lovelace <ada@example.com>' }); // 'Ada Lovelace <ada@example.com>'
 * ```
 */
export function packAuthor(manifest: Record<string, unknown>): string | null {
  const { author } = manifest;
  const text =
    typeof author === 'string'
      ? author
      : typeof author === 'object' &&
          author !== null &&
          typeof (author as { name?: unknown }).name === 'string'
        ? [(author as { name: string }).name, (author as { email?: unknown }).email]
            .map((part, i) => (i === 1 ? (typeof part === 'string' && part ? `<${part}>` : '') : part))
            .filter(Boolean)
            .join(' ')
        : '';
  const trimmed = text.trim().slice(0, 200);
  return trimmed === '' ? null : trimmed;
}
