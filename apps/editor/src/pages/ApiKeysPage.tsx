import { ApiKeysView } from '../admin/ApiKeysView.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';
import '../operate/shell/workspace.css';

/** `/settings/api-keys`: the workspace's API keys (admins). */
export function ApiKeysPage() {
  return (
    <div className="page">
      <TopBar>
        <OperateNav current="api-keys" />
      </TopBar>
      <ApiKeysView />
    </div>
  );
}
