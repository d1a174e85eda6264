import type { GraphDiff } from '@crossroads/graph-schema';
import type { SimulatedEvent, SimulationResult } from '@crossroads/nodes';

/** `GET /v1/workflows/:id/versions` item (the runtime adds `active` and `contacts`). */
export interface OperateVersion {
  version: number;
  hash: string;
  message: string;
  publishedBy: string;
  publishedAt: string;
  active: boolean;
  contacts: number;
}

export interface DiffResponse extends GraphDiff {
  from: number | 'draft';
  to: number | 'draft';
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  workflowId: string | null;
  subject: string | null;
  details: Record<string, unknown>;
}

export interface NodeStats {
  nodeId: string;
  nodeType: string | null;
  entered: number;
  waiting: number;
  ended: { completed: number; exited: number; failed: number };
  outputs: Record<string, number>;
  conversions: number;
  emails: Record<string, number>;
  handoffs: Record<string, number>;
}

export interface WorkflowStats {
  workflowId: string;
  version: number | null;
  enrollments: Record<string, number>;
  nodes: NodeStats[];
}

export interface VersionContacts {
  version: number;
  contacts: number;
  inJourney: number;
  converted: number;
  completed: number;
  exited: number;
  failed: number;
}

export interface WorkflowInsights {
  workflowId: string;
  versions: VersionContacts[];
  enrolments: Array<{ at: string; version: number; count: number }>;
  engagement: Array<{ nodeId: string; opened: number; clicked: number; replied: number }>;
}

export interface TestCase {
  id: string;
  name: string;
  contact: Record<string, unknown>;
  events: SimulatedEvent[];
  expectedEnd: string;
  createdBy: string;
  createdAt: string;
}

export interface TestCaseResult {
  id: string;
  name: string;
  passed: boolean;
  expectedEnd: string;
  actualEnd: string | null;
  outcome: string;
  error?: string;
}

export type { SimulatedEvent, SimulationResult };

export interface Enrollment {
  id: string;
  workflowId: string;
  version: number;
  state: string;
  nodeId: string;
  waitEvent: string | null;
  waitUntil: string | null;
  startedAt: string;
  endedAt: string | null;
}

export interface ContactDetail {
  id: string;
  attributes: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
  enrollments: Enrollment[];
}

export interface TraceStep {
  id: string;
  enrollmentId: string;
  workflowId: string;
  workflowName: string | null;
  version: number;
  nodeId: string;
  nodeType: string;
  at: string;
  output: string | null;
  decision: unknown;
  reason: { summary?: string; details?: Record<string, unknown> } | null;
  /** The email or handoff this step wrote, as the contact got it (null when it wrote none). */
  delivery?: StepDelivery | null;
}

export interface StepDelivery {
  effectId: string;
  kind: string;
  state: string;
  sentAt: string | null;
  subject: string | null;
  to: string | null;
  note: string | null;
  owner: string | null;
}

export interface Suppression {
  id: string;
  contactId: string | null;
  email: string | null;
  reason: string;
  source: string;
  at: string;
}

export interface MessageEntry {
  id: string;
  state: string;
  attempts: number;
  lastError: string | null;
  workflowId: string;
  version: number;
  nodeId: string;
  contactId: string;
  createdAt: string;
  sentAt: string | null;
  message: {
    messageId: string;
    to: string;
    from: string;
    subject: string;
    html: string | null;
    text: string | null;
    headers: Record<string, unknown>;
    caughtAt: string | null;
  } | null;
}

export interface HandoffEntry {
  id: string;
  state: string;
  workflowId: string;
  version: number;
  nodeId: string;
  contactId: string;
  createdAt: string;
  owner?: string;
  team?: string;
  priority?: string;
  note?: string;
  signals?: Record<string, unknown>;
}
