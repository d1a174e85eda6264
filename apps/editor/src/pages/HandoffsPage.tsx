import { HandoffsView } from '../operate/handoffs/HandoffsView.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';
import '../operate/shell/workspace.css';

/** `/handoffs`: see HandoffsView. */
export function HandoffsPage() {
  return (
    <div className="page">
      <TopBar>
        <OperateNav current="handoffs" />
      </TopBar>
      <HandoffsView />
    </div>
  );
}
