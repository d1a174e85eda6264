import { ContactSearchView } from '../operate/contacts/ContactSearchView.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';
import '../operate/shell/workspace.css';

/** `/contacts`: see ContactSearchView. */
export function ContactsPage() {
  return (
    <div className="page">
      <TopBar>
        <OperateNav current="contacts" />
      </TopBar>
      <ContactSearchView />
    </div>
  );
}
