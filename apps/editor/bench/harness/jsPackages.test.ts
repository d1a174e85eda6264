import { describe, expect, it } from 'vitest';
import { packageName } from './jsPackages.js';

describe('packageName', () => {
  it('names npm packages, groups the canvas stack, and tells our code apart', () => {
    expect(
      packageName(
        '../../node_modules/.pnpm/@xyflow+system@0.0.84/node_modules/@xyflow/system/dist/esm/index.js',
      ),
    ).toBe('@xyflow');
    expect(packageName('../../node_modules/.pnpm/react-dom@19/node_modules/react-dom/cjs/x.js')).toBe(
      'react-dom',
    );
    expect(packageName('../../node_modules/.pnpm/zod@4/node_modules/zod/v4/core/schemas.js')).toBe('zod');
    expect(packageName('../../../../packages/graph-schema/src/validate/validateGraph.ts')).toBe(
      '@crossroads/graph-schema',
    );
    expect(packageName('../../src/canvas/Canvas.tsx')).toBe('src');
  });
});
