import { ContactView } from '../operate/contacts/ContactView.js';
import { OperateNav } from '../operate/shell/OperateNav.js';
import { TopBar } from '../ui/TopBar.js';
import '../operate/operate.css';

/** `/contacts/:id`: one contact's attributes, engagement, journeys and explained trace. */
export function ContactViewPage({ id }: { id: string }) {
  return (
    <div className="page">
      <TopBar>
        <OperateNav current="contact" />
      </TopBar>
      <ContactView id={id} />
    </div>
  );
}
