#!/usr/bin/env node
// `runtime <all|api|worker>`: the runtime's TypeScript runs through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
