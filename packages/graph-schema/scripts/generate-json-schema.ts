// Writes graph.schema.json from the zod Graph schema. Run `pnpm --filter @crossroads/graph-schema generate`
// after changing src/graph.ts; src/json-schema/graphJsonSchema.test.ts fails while the file is stale.
import { writeFileSync } from 'node:fs';
import { graphJsonSchema } from '../src/json-schema/index.js';

const target = new URL('../graph.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(graphJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target.pathname}`);
