// Scaffolds a Crossroads node pack: `pnpm create-node-pack <name> [folder] [--sdk <range>] [--author <who>]`.
// From any folder: `pnpm -C <crossroads checkout> create-node-pack @acme/crm` creates ./crm there.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { scaffoldPack } from '../src/packs/scaffold.js';
import { packNamespace } from '../src/sdk/definePack.js';
import { vendorSdk } from './vendorSdk.js';

const nodesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const repoRoot = resolve(nodesDir, '../..');

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: {
    sdk: { type: 'string' },
    author: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});
const [name, folder] = positionals;
if (!name || values.help) {
  console.log(
    'Usage: pnpm create-node-pack <package-name> [folder] [--sdk <@crossroads/nodes range>] [--author <name>]',
  );
  process.exit(name ? 0 : 1);
}
// pnpm runs root scripts from the repo root; INIT_CWD is where the user typed the command.
const cwd = process.env.INIT_CWD ?? process.cwd();
const target = resolve(cwd, folder ?? packNamespace(name));
if (existsSync(target) && readdirSync(target).length > 0) {
  console.error(`${target} exists and is not empty: choose another folder`);
  process.exit(1);
}
const inWorkspace = !relative(join(repoRoot, 'examples/packs'), target).startsWith('..');
const { version } = (await import(join(nodesDir, 'package.json'), { with: { type: 'json' } })).default as {
  version: string;
};
const sdkRange = values.sdk ?? `^${version}`;
let sdk = values.sdk ?? 'workspace:*';
let overrides: Record<string, string> | undefined;
if (!inWorkspace && !values.sdk) {
  // Outside this repository the SDK comes with the pack, as the tarballs `npm publish` would ship.
  const tarballs = vendorSdk(join(repoRoot, 'packages'), join(target, 'vendor'));
  sdk = `file:vendor/${tarballs['@crossroads/nodes']}`;
  overrides = { '@crossroads/graph-schema': `file:vendor/${tarballs['@crossroads/graph-schema']}` };
}
const files = scaffoldPack({
  name,
  sdk,
  sdkRange,
  ...(overrides && { overrides }),
  ...(values.author && { author: values.author }),
});
for (const [path, content] of Object.entries(files)) {
  mkdirSync(dirname(join(target, path)), { recursive: true });
  writeFileSync(join(target, path), content);
}
console.log(
  `Created ${name} in ${target}\n\nNext:\n  cd ${relative(cwd, target) || '.'}\n  pnpm install && pnpm test && pnpm build`,
);
