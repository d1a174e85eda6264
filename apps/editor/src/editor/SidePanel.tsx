import { Braces, Settings2, SquareMousePointer } from 'lucide-react';
import { GraphJsonPanel } from '../inspector/GraphJsonPanel.js';
import { Inspector } from '../inspector/Inspector.js';
import { SettingsPanel } from '../inspector/SettingsPanel.js';
import { useEditor, useEditorStore } from '../store/context.js';
import type { Panel } from '../store/types.js';

const TABS: Array<[Panel, string, typeof Braces]> = [
  ['inspector', 'Step', SquareMousePointer],
  ['settings', 'Journey', Settings2],
  ['json', 'JSON', Braces],
];

/** The right-hand panel: the selected step, journey settings, or the graph as JSON. */
export function SidePanel() {
  const store = useEditorStore();
  const panel = useEditor((s) => s.panel);
  return (
    <aside className="side" data-testid="side-panel">
      <div className="tabs" role="tablist">
        {TABS.map(([id, label, Icon]) => (
          <button
            key={id}
            type="button"
            role="tab"
            aria-selected={panel === id}
            className={panel === id ? 'is-on' : ''}
            onClick={() => store.getState().setPanel(id)}
          >
            <Icon size={14} /> {label}
          </button>
        ))}
      </div>
      <div className="side__body">
        {panel === 'inspector' && <Inspector />}
        {panel === 'settings' && <SettingsPanel />}
        {panel === 'json' && <GraphJsonPanel />}
      </div>
    </aside>
  );
}
