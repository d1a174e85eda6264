import { packNamespace } from '../sdk/definePack.js';

export interface ScaffoldOptions {
  /** npm package name of the new pack, e.g. `@acme/crm` or `crossroads-crm`. */
  name: string;
  /**
   * Where the pack's own install gets `@crossroads/nodes` (a devDependency): `workspace:*` inside
   * this repository, `file:vendor/crossroads-nodes-<v>.tgz` outside it, or a registry range.
   */
  sdk: string;
  /** The SDK versions the pack works with, a peerDependency: the runtime that loads it provides the SDK. */
  sdkRange: string;
  /** Packages pinned for the pack's own install (the SDK's vendored dependencies), for npm and pnpm. */
  overrides?: Record<string, string>;
  /** `author` of package.json, shown in the editor next to the pack's nodes. */
  author?: string;
}

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9-]*$/;

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

/**
 * The files of a new node pack (path → content): package.json with the `crossroads` field, one
 * node with a test that uses the SDK harness, tsconfig and a tsc build. Pure; the
 * `create-node-pack` script writes them.
 *
 * @example
 * ```ts
 * const files = scaffoldPack({ name: '@acme/crm', sdk: 'file:vendor/crossroads-nodes-0.1.0.tgz', sdkRange: '^0.1.0' });
 * files['src/hello.ts']; // defines node type 'crm/hello'
 * ```
 */
export function scaffoldPack({
  name,
  sdk,
  sdkRange,
  overrides,
  author,
}: ScaffoldOptions): Record<string, string> {
  if (!PACKAGE_NAME.test(name)) {
    throw new Error(
      `'${name}' is not a valid pack name: use a lowercase npm name such as @acme/crm or acme-crm`,
    );
  }
  const namespace = packNamespace(name);
  const type = `${namespace}/hello`;
  return {
    'package.json': json({
      name,
      version: '0.1.0',
      description: `Crossroads node pack ${name}`,
      ...(author && { author }),
      type: 'module',
      exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } },
      files: ['dist'],
      crossroads: { apiVersion: 1, nodes: './dist/index.js' },
      scripts: { build: 'tsc -p tsconfig.build.json', typecheck: 'tsc --noEmit', test: 'vitest run' },
      dependencies: { zod: '^4.6.7' },
      // The runtime that loads the pack provides the SDK; the pack's own tests and build use this one.
      peerDependencies: { '@crossroads/nodes': sdkRange },
      devDependencies: { '@crossroads/nodes': sdk, typescript: '~5.9.3', vitest: '~4.1.12' },
      ...(overrides && { overrides, pnpm: { overrides } }),
    }),
    'tsconfig.json': json({
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2023', 'DOM'],
        strict: true,
        skipLibCheck: true,
        declaration: true,
        sourceMap: true,
        verbatimModuleSyntax: true,
        noEmit: true,
      },
      include: ['src'],
    }),
    'tsconfig.build.json': json({
      extends: './tsconfig.json',
      compilerOptions: { noEmit: false, rootDir: 'src', outDir: 'dist' },
      exclude: ['src/**/*.test.ts'],
    }),
    'vitest.config.ts': `import { defineProject } from 'vitest/config';\n\nexport default defineProject({ test: { name: 'pack-${namespace}', include: ['src/**/*.test.ts'] } });\n`,
    '.gitignore': 'node_modules/\ndist/\n',
    'src/index.ts': `import { definePack } from '@crossroads/nodes/sdk';
import { helloNode } from './hello.js';

export { helloNode } from './hello.js';

/** The pack the Crossroads runtime loads: package.json "crossroads.nodes" points at this module. */
export default definePack({ name: '${name}', version: '0.1.0', nodes: [helloNode] });
`,
    'src/hello.ts': `import { defineNode } from '@crossroads/nodes/sdk';
import { z } from 'zod';

export const HelloConfig = z.object({
  greeting: z.string().min(1).max(200).describe('What to say; {{name}} is replaced by the contact name'),
});

/** '${type}': says hello in the trace, then continues. Pure, so idempotent. */
export const helloNode = defineNode({
  type: '${type}',
  version: 1,
  title: 'Say hello',
  description: 'Writes a greeting into the contact trace',
  category: 'Utility',
  icon: 'hand',
  color: '#0ea5e9',
  kind: 'action',
  configSchema: HelloConfig,
  defaults: { greeting: 'Hello {{name}}' },
  outputs: [{ id: 'next', label: 'Next' }],
  // Outbound HTTP needs the hosts listed here, e.g. { http: { hosts: ['api.example.com'] } }.
  capabilities: {},
  idempotent: true,
  execute: ({ config, contact }) => ({
    next: 'next',
    reason: { summary: config.greeting.replace('{{name}}', String(contact.name ?? 'there')) },
  }),
});
`,
    'src/hello.test.ts': `import { runNode } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import pack from './index.js';
import { helloNode } from './hello.js';

describe('${type}', () => {
  it('greets the contact by name and continues', async () => {
    const decision = await runNode(helloNode, { config: { greeting: 'Hi {{name}}' }, contact: { id: 'c-1', name: 'Ada' } });
    expect(decision).toEqual({ next: 'next', reason: { summary: 'Hi Ada' } });
  });

  it('refuses an empty greeting', async () => {
    await expect(runNode(helloNode, { config: { greeting: '' } })).rejects.toThrow(/greeting/);
  });

  it('is a pack of namespaced nodes', () => {
    expect(pack.nodes.map((node) => node.type)).toEqual(['${type}']);
  });
});
`,
    'README.md': `# ${name}

A [Crossroads](https://github.com/crossroads) node pack.

\`\`\`sh
pnpm install
pnpm test    # runs the node against sample inputs (SDK test harness)
pnpm build   # compiles to dist/, which the runtime loads
\`\`\`

Load it in a runtime with \`CROSSROADS_PACKS=${name}\` (installed next to the runtime) or
\`CROSSROADS_PACKS=./path/to/this/folder\` (relative to where you start the runtime).
${
  overrides
    ? `
\`vendor/\` holds the Crossroads SDK this pack was created with (\`@crossroads/nodes\` and what it
needs), so \`pnpm install\` needs no registry for it. Keep the folder with the pack; to move to a
newer SDK, create a pack with a newer Crossroads and copy its \`vendor/\`, or point the
devDependency at the published \`@crossroads/nodes\`.
`
    : ''
}
See docs/node-packs.md in the Crossroads repository for the contract, capabilities and versioning rules.
`,
  };
}
