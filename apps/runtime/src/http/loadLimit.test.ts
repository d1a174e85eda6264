import { describe, expect, it } from 'vitest';
import { followEventLoop, nextLimit } from './loadLimit.js';

const options = { max: 48, min: 4, targetLagMs: 20 };

describe('admission limit following the event loop', () => {
  it('cuts by a quarter while the loop runs late, never below the floor', () => {
    expect(nextLimit(48, 35, options)).toBe(36);
    expect(nextLimit(36, 35, options)).toBe(27);
    expect(nextLimit(5, 500, options)).toBe(4);
    expect(nextLimit(4, 500, options)).toBe(4);
  });

  it('rises by one per tick while the loop keeps time, up to the configured bound', () => {
    expect(nextLimit(4, 2, options)).toBe(5);
    expect(nextLimit(47, 0, options)).toBe(48);
    expect(nextLimit(48, 0, options)).toBe(48);
    expect(nextLimit(30, options.targetLagMs, options)).toBe(31);
  });

  it('lowers the limit when a handler holds the loop, and restores it after', async () => {
    const limit = followEventLoop(options, 5);
    try {
      expect(limit.current()).toBe(48);
      await new Promise((resolve) => setTimeout(resolve, 20));
      const until = performance.now() + 120;
      while (performance.now() < until) {
        // Holds the event loop like a runaway handler would.
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
      expect(limit.current()).toBeLessThan(48);
      for (let i = 0; i < 400 && limit.current() < 48; i++) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(limit.current()).toBe(48);
    } finally {
      limit.stop();
    }
  });
});
