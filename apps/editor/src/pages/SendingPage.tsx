import { OperateNav } from '../operate/shell/OperateNav.js';
import { SendingView } from '../settings/SendingView.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';
import '../operate/shell/workspace.css';

/** `/settings/sending`: the workspace's sender, guardrails and CRM endpoint (admins). */
export function SendingPage() {
  return (
    <div className="page">
      <TopBar>
        <OperateNav current="sending" />
      </TopBar>
      <SendingView />
    </div>
  );
}
