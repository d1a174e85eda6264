import { MailboxView } from '../operate/mailbox/MailboxView.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';

/** `/mailbox`: emails the journeys sent (caught locally, or the sent log). */
export function MailboxPage() {
  return (
    <div className="page">
      <TopBar>
        <OperateNav current="mailbox" />
      </TopBar>
      <MailboxView />
    </div>
  );
}
