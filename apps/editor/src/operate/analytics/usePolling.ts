import { useEffect, useRef } from 'react';

/**
 * Calls `tick` now and every `everyMs` while `enabled`, never overlapping (the next call waits
 * for the previous to settle), and stops on unmount.
 */
export function usePolling(tick: () => Promise<void>, everyMs: number, enabled = true): void {
  const latest = useRef(tick);
  latest.current = tick;
  useEffect(() => {
    if (!enabled) return;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const loop = async () => {
      try {
        await latest.current();
      } finally {
        if (!stopped) timer = setTimeout(() => void loop(), everyMs);
      }
    };
    void loop();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [everyMs, enabled]);
}
