import { JourneyFlow } from '../canvas/journey-flow.tsx';

/**
 * The journey's canvas in monitor mode: the editor's node and edge components (which then show
 * their counts), read-only — nodes can be selected, not moved, joined or deleted.
 */
export function MonitorCanvas() {
  return <JourneyFlow monitor nodesDraggable={false} nodesConnectable={false} edgesFocusable={false} deleteKeyCode={null} />;
}
