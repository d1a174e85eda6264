import type { SchedulePreview, SchedulePreviewRequest, Segment } from '@crossroads/api';
import { createContext, type ReactNode, useContext } from 'react';
import type { FieldDictionary } from '../conditions/dictionary.js';

/** What panels need from the outside world, kept out of the store (it holds graph state only). */
export interface EditorServices {
  segments: readonly Segment[];
  /** The workspace's fields (condition builder, event types); absent where nobody loaded them. */
  dictionary?: FieldDictionary;
  preview(template: string, kind: 'html' | 'text'): Promise<string>;
  /** A scheduled trigger's next runs and count (the draft's journey); absent where there is no draft. */
  previewSchedule?(input: SchedulePreviewRequest): Promise<SchedulePreview>;
  /** The journey being edited (absent for a graph that is not saved as a journey). */
  workflowId?: string;
  /** Saves now (Ctrl+S); resolves when the draft is stored or the save failed. */
  saveNow(): Promise<void>;
}

const ServicesContext = createContext<EditorServices | null>(null);

export function EditorServicesProvider({
  services,
  children,
}: {
  services: EditorServices;
  children: ReactNode;
}) {
  return <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>;
}

export function useServices(): EditorServices {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices: no EditorServicesProvider above this component');
  return services;
}
