import { mkdirSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtins } from '@crossroads/nodes';
import { describe, expect, it } from 'vitest';
import { loadPacks, parsePackList } from './loader.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));
const examples = fileURLToPath(new URL('../../../../examples/packs/', import.meta.url));
const load = (...specs: string[]) => loadPacks(specs, { baseDir: fixtures, existing: [builtins] });

describe('parsePackList', () => {
  it('splits CROSSROADS_PACKS on commas and drops blanks', () => {
    expect(parsePackList(' @acme/crm, ./packs/x ,,')).toEqual(['@acme/crm', './packs/x']);
    expect(parsePackList(undefined)).toEqual([]);
  });
});

describe('loadPacks', () => {
  it('loads a good pack from its folder, falling back to src when dist was not built', async () => {
    const { packs, errors } = await load(join(fixtures, 'good'));
    expect(errors).toEqual([]);
    expect(packs).toHaveLength(1);
    expect(packs[0]).toMatchObject({ name: '@fixtures/good-pack', version: '1.2.3' });
    expect(packs[0]?.entry).toBe(join(fixtures, 'good/src/index.ts'));
    expect(packs[0]?.description.nodes.map((node) => node.type)).toEqual(['good-pack/echo']);
  });

  it('loads both example packs', async () => {
    const { packs, errors } = await load(join(examples, 'ab-split'), join(examples, 'slack-notify'));
    expect(errors).toEqual([]);
    expect(packs.flatMap((loaded) => loaded.description.nodes.map((node) => node.type))).toEqual([
      'ab-split/split',
      'slack-notify/post',
    ]);
  });

  it('finds an installed pack by package name in node_modules', async () => {
    const base = mkdtempSync(join(tmpdir(), 'packs-'));
    mkdirSync(join(base, 'node_modules/@fixtures'), { recursive: true });
    symlinkSync(join(fixtures, 'good'), join(base, 'node_modules/@fixtures/good-pack'));
    const { packs, errors } = await loadPacks(['@fixtures/good-pack'], { baseDir: join(base, 'deep/er') });
    expect(errors).toEqual([]);
    expect(packs.map((loaded) => loaded.name)).toEqual(['@fixtures/good-pack']);
    const missing = await loadPacks(['@fixtures/nope'], { baseDir: base });
    expect(missing.errors[0]?.message).toMatch(/package '@fixtures\/nope' is not installed/);
  });

  it('refuses a bad manifest, naming the fields, and still loads the good packs', async () => {
    const { packs, errors } = await load(join(fixtures, 'bad-manifest'), join(fixtures, 'good'));
    expect(packs.map((loaded) => loaded.name)).toEqual(['@fixtures/good-pack']);
    expect(errors).toHaveLength(1);
    expect(errors[0]?.spec).toBe(join(fixtures, 'bad-manifest'));
    expect(errors[0]?.message).toContain('crossroads.apiVersion: Invalid input: expected number');
    expect(errors[0]?.message).toContain("crossroads.nodes: must be a relative path starting with './'");
  });

  it('refuses a pack built for another pack API version', async () => {
    const { errors } = await load(join(fixtures, 'api-2'));
    expect(errors[0]?.message).toMatch(/built for pack API 2; this runtime speaks pack API 1/);
  });

  it('refuses a pack whose nodes are not namespaced or lack declarations', async () => {
    const { errors } = await load(join(fixtures, 'bad-namespace'));
    const message = errors[0]?.message ?? '';
    expect(message).toContain("nodes[0].type 'wait' must be 'bad-namespace/<name>'");
    expect(message).toContain('nodes[0].color: must be a CSS hex colour');
    expect(message).toContain('nodes[0].capabilities');
    expect(message).toContain('nodes[0].idempotent: must be declared');
  });

  it('refuses a missing entry, a pack loaded twice, and a folder without package.json', async () => {
    const { errors } = await load(
      join(fixtures, 'good'),
      join(fixtures, 'good'),
      join(fixtures, 'api-2', 'nowhere'),
    );
    expect(errors.map((error) => error.message)).toEqual([
      'pack @fixtures/good-pack is already loaded',
      `no package.json in ${join(fixtures, 'api-2', 'nowhere')}`,
    ]);
  });
});

describe('loadPacks entry', () => {
  it('says to build a pack whose entry does not exist', async () => {
    const { errors } = await load(join(fixtures, 'no-entry'));
    expect(errors[0]?.message).toMatch(
      /\.\/dist\/index\.js does not exist in .*no-entry \(run the pack's build\)/,
    );
  });
});
