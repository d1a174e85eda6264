import { AuditView } from '../operate/audit/AuditView.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';

/** `/audit`: the workspace's audit log. */
export function AuditPage() {
  return (
    <div className="page">
      <TopBar>
        <OperateNav current="audit" />
      </TopBar>
      <AuditView />
    </div>
  );
}
