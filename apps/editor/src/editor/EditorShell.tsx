import { ReactFlowProvider } from '@xyflow/react';
import type { ReactNode } from 'react';
import { Canvas } from '../canvas/Canvas.js';
import { Palette } from '../canvas/Palette.js';
import { useShortcuts } from '../canvas/useShortcuts.js';
import { EditorStoreProvider } from '../store/context.js';
import type { EditorStore } from '../store/createEditorStore.js';
import { TopBar } from '../ui/TopBar.js';
import { CanvasTools } from './CanvasTools.js';
import { ProblemsPanel } from './ProblemsPanel.js';
import { SidePanel } from './SidePanel.js';
import { type EditorServices, EditorServicesProvider } from './services.js';

/** Canvas page layout: header, palette, canvas with problems, side panel. Shared by drafts and versions. */
export function EditorShell({
  store,
  services,
  header,
  actions,
  banner,
  overlay,
  aside,
  canvasOverlay,
  problems = true,
}: {
  store: EditorStore;
  services: EditorServices;
  header: ReactNode;
  actions?: ReactNode;
  banner?: ReactNode;
  /** Dialogs that need the store and services (publish). */
  overlay?: ReactNode;
  /** Replaces the side panel (the operate views show versions, simulation, live stats there). */
  aside?: ReactNode;
  /** Drawn over the canvas inside React Flow's provider (legends, node annotations). */
  canvasOverlay?: ReactNode;
  /** The problems bar; off where nothing can be published (a published version, a read-only key). */
  problems?: boolean;
}) {
  return (
    <EditorStoreProvider store={store}>
      <EditorServicesProvider services={services}>
        <ReactFlowProvider>
          <Shortcuts store={store} onSave={services.saveNow} />
          <div className="editor">
            <TopBar>
              <div className="editor__header">{header}</div>
              <div className="editor__actions">{actions}</div>
            </TopBar>
            <div className="editor__body">
              {!store.getState().readOnly && <Palette />}
              <main className="editor__center">
                {banner}
                <div className="editor__canvas">
                  <Canvas />
                  <CanvasTools />
                  {canvasOverlay}
                </div>
                {problems && <ProblemsPanel />}
              </main>
              {aside ?? <SidePanel />}
            </div>
          </div>
          {overlay}
        </ReactFlowProvider>
      </EditorServicesProvider>
    </EditorStoreProvider>
  );
}

function Shortcuts({ store, onSave }: { store: EditorStore; onSave(): Promise<void> }) {
  useShortcuts(store, () => void onSave());
  return null;
}
