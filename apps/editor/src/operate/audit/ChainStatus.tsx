import type { AuditVerification } from '@crossroads/api';
import { RefreshCw, ShieldAlert, ShieldCheck } from 'lucide-react';
import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../../ui/errorMessage.js';
import { formatWhen } from '../../ui/formatWhen.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { chainLine } from './auditQuery.js';

/**
 * The runtime's check of the log's hash chain (`GET /v1/audit/verify`): "chain verified up to
 * entry N", or the first entry that was changed or removed. The newest entry's hash is shown to
 * note down: a later check that still starts from it shows nothing before it changed.
 */
export function ChainStatus({ onVerified }: { onVerified(v: AuditVerification): void }) {
  const api = useOperateApi();
  const [result, setResult] = useState<AuditVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verify = useCallback(async () => {
    setError(null);
    try {
      const v = await api.verifyAudit();
      setResult(v);
      onVerified(v);
    } catch (e) {
      setError(messageOf(e));
    }
  }, [api, onVerified]);
  useEffect(() => void verify(), [verify]);

  if (error) return <div className="banner banner--warning">Could not check the chain: {error}</div>;
  if (!result) return <p className="muted">Checking the log’s chain…</p>;
  return (
    <div
      className={`banner ${result.ok ? 'banner--success' : 'banner--error'} audit-chain`}
      role="status"
      data-testid="audit-chain"
      data-ok={result.ok}
      data-verified-up-to={result.verifiedUpTo}
    >
      {result.ok ? <ShieldCheck size={16} /> : <ShieldAlert size={16} />}
      <span>
        {chainLine(result)} Checked {formatWhen(result.checkedAt)}.
        {result.headHash && (
          <>
            {' '}
            Newest entry’s hash: <code title={result.headHash}>{result.headHash.slice(0, 16)}</code>
          </>
        )}
      </span>
      <button type="button" className="btn btn--small" onClick={() => void verify()}>
        <RefreshCw size={13} /> Verify again
      </button>
    </div>
  );
}
