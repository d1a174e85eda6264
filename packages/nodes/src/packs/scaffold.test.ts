import { describe, expect, it } from 'vitest';
import { parseManifest } from './manifest.js';
import { scaffoldPack } from './scaffold.js';

// The whole path (created outside the repository, installed, tested, built, run in a journey by a
// runtime) is apps/runtime/test/pack-authoring.test.ts.
describe('create-node-pack', () => {
  it('refuses a name that is not an npm package name', () => {
    expect(() => scaffoldPack({ name: 'Acme CRM', sdk: '^0.1.0', sdkRange: '^0.1.0' })).toThrow(
      "'Acme CRM' is not a valid pack name",
    );
  });

  it('writes a pack whose SDK is a peer (the runtime provides it) and a devDependency for its own tests', () => {
    const files = scaffoldPack({
      name: '@acme/crm',
      sdk: 'file:vendor/crossroads-nodes-0.1.0.tgz',
      sdkRange: '^0.1.0',
      overrides: { '@crossroads/graph-schema': 'file:vendor/crossroads-graph-schema-0.1.0.tgz' },
      author: 'Acme Ltd',
    });
    const json = JSON.parse(files['package.json']!);
    const manifest = parseManifest(json);
    expect(manifest.ok && manifest.manifest.crossroads).toEqual({ apiVersion: 1, nodes: './dist/index.js' });
    expect(json).toMatchObject({
      author: 'Acme Ltd',
      peerDependencies: { '@crossroads/nodes': '^0.1.0' },
      devDependencies: { '@crossroads/nodes': 'file:vendor/crossroads-nodes-0.1.0.tgz' },
      overrides: { '@crossroads/graph-schema': 'file:vendor/crossroads-graph-schema-0.1.0.tgz' },
      pnpm: { overrides: { '@crossroads/graph-schema': 'file:vendor/crossroads-graph-schema-0.1.0.tgz' } },
    });
    expect(json.dependencies).toEqual({ zod: '^4.6.7' });
    expect(files['src/hello.ts']).toContain("type: 'crm/hello'");
    expect(files['README.md']).toContain('vendor/');
  });
});
