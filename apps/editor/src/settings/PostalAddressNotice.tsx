import { roleAllows } from '@crossroads/api';
import type { Graph } from '@crossroads/graph-schema';
import { TriangleAlert } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link } from '../app/router.js';
import { useSession } from '../app/session.js';
import { operatePaths } from '../operate/shell/operatePaths.js';
import { useWorkspaceApi } from '../operate/shell/workspaceApi.js';
import { sendsMarketing } from './marketingSends.js';
import { lacksPostalAddress } from './sendingForm.js';
import './sending.css';

/**
 * In the go-live dialogs: a journey that sends marketing email while the workspace has no postal
 * address is told so, with the way to Settings → Sending. Only for keys that may read the settings
 * (`workspace:manage`); for others, and while anything is loading, nothing shows.
 */
export function PostalAddressNotice({ graph }: { graph: Pick<Graph, 'nodes'> | null }) {
  const { me } = useSession();
  const api = useWorkspaceApi();
  const allowed = roleAllows(me.role, 'workspace:manage');
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    if (!allowed) return;
    let current = true;
    api.channelSettings().then(
      (saved) => current && setMissing(lacksPostalAddress(saved)),
      // Without the settings there is nothing to say; going live still works.
      () => current && setMissing(false),
    );
    return () => {
      current = false;
    };
  }, [api, allowed]);
  if (!missing || !graph || !sendsMarketing(graph)) return null;
  return (
    <div className="banner banner--warning send-notice" data-testid="postal-address-notice">
      <TriangleAlert size={16} aria-hidden="true" />
      <span>
        This journey sends marketing email and the workspace has no postal address yet: the emails go out
        without one in their footer, and the law in most countries requires it. Set it in{' '}
        <Link href={operatePaths.sending()}>Settings → Sending</Link>.
      </span>
    </div>
  );
}
