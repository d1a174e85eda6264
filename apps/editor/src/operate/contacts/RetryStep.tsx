import type { Enrollment } from '@crossroads/api';
import { RotateCcw } from 'lucide-react';
import { useState } from 'react';
import { useSession } from '../../app/session.js';
import { messageOf } from '../../ui/errorMessage.js';
import { useOperateApi } from '../api/useOperateApi.js';
import { retryLabel } from './retryWords.js';

/**
 * A journey's failed or retrying step on the contact page: why it failed and, for publishers, the
 * retry (POST /v1/enrollments/:id/retry). A step that may already have done its work asks first.
 */
export function RetryStep({ enrollment, onRetried }: { enrollment: Enrollment; onRetried: () => void }) {
  const api = useOperateApi();
  const { canPublish } = useSession();
  const [status, setStatus] = useState<'idle' | 'confirm' | 'busy' | { error: string }>('idle');
  const option = enrollment.retry;
  const retry = () => {
    setStatus('busy');
    api.retryEnrollment(enrollment.id).then(
      () => {
        setStatus('idle');
        onRetried();
      },
      (e: unknown) => setStatus({ error: messageOf(e) }),
    );
  };
  if (!enrollment.error && !option) return null;
  return (
    <div className="op-retry" data-testid={`retry-${enrollment.id}`}>
      {enrollment.error && <p className="op-warn">{enrollment.error}</p>}
      {canPublish && option && status !== 'confirm' && (
        <button
          type="button"
          className="btn btn--small"
          disabled={status === 'busy'}
          onClick={() => (option.warning ? setStatus('confirm') : retry())}
        >
          <RotateCcw size={14} /> {retryLabel(option)}
        </button>
      )}
      {status === 'confirm' && option?.warning && (
        <div className="banner banner--warning" role="alert">
          {option.warning}{' '}
          <button type="button" className="btn btn--small" onClick={retry}>
            Retry anyway
          </button>{' '}
          <button type="button" className="btn btn--small btn--ghost" onClick={() => setStatus('idle')}>
            Cancel
          </button>
        </div>
      )}
      {typeof status === 'object' && <p className="banner--error">{status.error}</p>}
    </div>
  );
}
