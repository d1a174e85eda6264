import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../sdk/defineNode.js';
import { definePack } from '../sdk/definePack.js';
import { parseManifest } from './manifest.js';
import { runNode } from './testing.js';
import { validatePack } from './validatePack.js';

const base = {
  version: 1,
  title: 'Ping',
  description: 'Pings',
  category: 'Test',
  icon: 'radio',
  color: '#0ea5e9',
  kind: 'action' as const,
  configSchema: z.object({ n: z.number().default(1) }),
  defaults: { n: 1 },
  outputs: [{ id: 'next', label: 'Next' }],
  capabilities: { http: { hosts: ['api.acme.com', '*.acme.io'] } },
  idempotent: true,
  execute: async () => ({ next: 'next' }),
};
const manifest = {
  name: '@acme/ping',
  version: '1.0.0',
  crossroads: { apiVersion: 1, nodes: './dist/index.js' },
};

describe('definePack', () => {
  it('requires node types namespaced by the unscoped package name', () => {
    expect(() =>
      definePack({ name: '@acme/ping', version: '1.0.0', nodes: [defineNode({ ...base, type: 'ping' })] }),
    ).toThrow("nodes[0].type 'ping' must be 'ping/<name>'");
    expect(
      definePack({ name: '@acme/ping', version: '1.0.0', nodes: [defineNode({ ...base, type: 'ping/go' })] })
        .apiVersion,
    ).toBe(1);
  });
});

describe('validatePack', () => {
  const good = () =>
    definePack({ name: '@acme/ping', version: '1.0.0', nodes: [defineNode({ ...base, type: 'ping/go' })] });

  it('requires a trigger to say which events start it, as a list of event types', () => {
    const trigger = (extra: Record<string, unknown>) =>
      validatePack(
        definePack({
          name: '@acme/ping',
          version: '1.0.0',
          nodes: [defineNode({ ...base, type: 'ping/on', kind: 'trigger', ...extra })],
        }),
      );
    expect(trigger({})).toEqual({
      ok: false,
      problems: [
        'nodes[0] (ping/on@1).listensTo: a trigger must say which events start it, e.g. listensTo: (config) => [config.event]',
      ],
    });
    expect(trigger({ listensTo: () => [''] })).toEqual({
      ok: false,
      problems: ['nodes[0] (ping/on@1): listensTo() returned "", not an event type (for the defaults)'],
    });
    expect(trigger({ listensTo: () => ['signup'], matches: () => true }).ok).toBe(true);
  });

  it('accepts a well-formed pack that matches its manifest', () => {
    const pack = good();
    expect(parseManifest(manifest).ok).toBe(true);
    expect(validatePack(pack, manifest)).toEqual({ ok: true, pack });
  });

  it('names every problem: manifest mismatch, hosts, schema that cannot be a form, defaults, outputs', () => {
    const broken = {
      ...good(),
      version: '1.0.1',
      nodes: [
        {
          ...defineNode({ ...base, type: 'ping/go' }),
          capabilities: { http: { hosts: ['https://api.acme.com/x'] } },
        },
        {
          ...defineNode({ ...base, type: 'ping/date' }),
          configSchema: z.object({ at: z.date() }),
          defaults: { at: new Date(0) },
        },
        {
          ...defineNode({ ...base, type: 'ping/two' }),
          outputsFor: () => [
            { id: 'a', label: 'A' },
            { id: 'a', label: 'B' },
          ],
        },
        { ...defineNode({ ...base, type: 'ping/three' }), defaults: { n: 'x' } },
      ],
    };
    const check = validatePack(broken, manifest);
    expect(check.ok).toBe(false);
    const problems = check.ok ? [] : check.problems;
    expect(problems).toContain("pack.version: '1.0.1' differs from package.json version '1.0.0'");
    expect(problems.join('\n')).toMatch(/nodes\[0\]\.capabilities\.http\.hosts\[0\]: must be a host name/);
    expect(problems.join('\n')).toMatch(
      /nodes\[1\] \(ping\/date@1\)\.configSchema: cannot be shown as a form/,
    );
    expect(problems).toContain("nodes[2] (ping/two@1).outputs: output id 'a' is used twice");
    expect(problems.join('\n')).toMatch(
      /nodes\[3\] \(ping\/three@1\)\.defaults\.n: .*\(defaults must parse with configSchema\)/,
    );
  });

  it('refuses the reserved built-in name and an empty pack', () => {
    expect(validatePack({ name: 'crossroads', version: '1.0.0', apiVersion: 1, nodes: [] })).toEqual({
      ok: false,
      problems: ['pack.nodes: a pack needs at least one node'],
    });
  });
});

describe('parseManifest', () => {
  it('explains a missing crossroads field and a bad version', () => {
    const result = parseManifest({ name: 'x', version: 'one' });
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(
      /version: must be a semver version.*crossroads: .*add "crossroads"/,
    );
  });
});

describe('runNode', () => {
  it('parses the config first, awaits async executors and checks the decision', async () => {
    const ping = defineNode({ ...base, type: 'ping/go' });
    expect(await runNode(ping, { config: {} })).toEqual({ next: 'next' });
    await expect(runNode(ping, { config: { n: 'x' } })).rejects.toThrow(
      /runNode\(ping\/go\): invalid config: .*n/s,
    );
    const wrong = defineNode({ ...base, type: 'ping/wrong', execute: () => ({ next: 'elsewhere' }) });
    await expect(runNode(wrong)).rejects.toThrow("ping/wrong chose output 'elsewhere'");
  });
});
