import type { VersionDetail } from '@crossroads/api';
import { useEffect, useState } from 'react';
import { useSession } from '../app/session.js';

/** One published version with its graph, pins and history; null while loading or for none. */
export function useVersion(workflowId: string, version: number | null): VersionDetail | null {
  const { api } = useSession();
  const [detail, setDetail] = useState<VersionDetail | null>(null);
  useEffect(() => {
    let live = true;
    if (version === null) setDetail(null);
    else
      api.getVersion(workflowId, version).then(
        (v) => live && setDetail(v),
        () => live && setDetail(null),
      );
    return () => {
      live = false;
    };
  }, [api, workflowId, version]);
  return detail;
}
