import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineNode } from '../sdk/defineNode.js';
import { checkDecisionSize, checkOutputsSize, PACK_SIZE_LIMITS } from './sizeLimits.js';
import { runNode } from './testing.js';

describe('pack size limits', () => {
  it('names the node, the part and the limit of an oversized answer', () => {
    expect(() =>
      checkDecisionSize({ next: 'next', reason: { summary: 'x'.repeat(20_000) } }, 'acme/x@1'),
    ).toThrow('acme/x@1 returned a reason of 20 KB, over the limit of 16 KB');
    expect(() =>
      checkDecisionSize({ next: 'next', effect: { kind: 'k', blob: 'é'.repeat(20_000) } }, 'acme/x@1'),
    ).toThrow('acme/x@1 returned an effect of 39 KB, over the limit of 32 KB');
    expect(() =>
      checkOutputsSize(
        Array.from({ length: 65 }, (_, i) => ({ id: `o${i}`, label: 'O' })),
        'acme/x@1',
      ),
    ).toThrow('acme/x@1 returned 65 outputs, over the limit of 64');
    expect(() => checkDecisionSize({ next: 'next', reason: { summary: 'fine' } }, 'acme/x@1')).not.toThrow();
    expect(PACK_SIZE_LIMITS.reasonBytes).toBe(16 * 1024);
  });

  it('fails a pack’s own test the way the runtime fails the step', async () => {
    const chatty = defineNode({
      type: 'acme/chatty',
      version: 1,
      title: 'Chatty',
      description: 'Says too much',
      category: 'Test',
      icon: 'x',
      color: '#000000',
      kind: 'action',
      configSchema: z.object({}),
      defaults: {},
      outputs: [{ id: 'next', label: 'Next' }],
      execute: () => ({
        next: 'next',
        reason: { summary: 'ok', details: { blob: 'x'.repeat(5 * 1024 * 1024) } },
      }),
    });
    await expect(runNode(chatty)).rejects.toThrow(
      'acme/chatty@1 returned a reason of 5.0 MB, over the limit of 16 KB',
    );
  });
});
