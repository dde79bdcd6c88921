import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import type { LocalizedText, Locale, NodeTypeDescription } from '@journey/nodes';
import { create } from 'zustand';
import type { Journey, ValidationProblem } from '../api/client.ts';
import {
  createFlowNode,
  flowToGraph,
  graphToFlow,
  nextId,
  type JourneyFlowEdge,
  type JourneyFlowNode,
} from './convert.ts';

const EMPTY: readonly LocalizedText[] = [];

/** The journey open in the editor: its canvas, the node library, the selection and the last check. */
export interface EditorState {
  /** The journey as last loaded or saved (id, status, versions, settings…). */
  journey: Journey | null;
  name: string;
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
  /** The node library by type, from `GET /api/node-types`. */
  nodeTypes: Record<string, NodeTypeDescription>;
  selectedNodeId: string | null;
  /** Problems of the last check (validate or a refused publish). */
  problems: ValidationProblem[];
  problemsByNode: Record<string, LocalizedText[]>;
  problemsByEdge: Record<string, LocalizedText[]>;
  /** True when the canvas or the name changed since the last load or save. */
  dirty: boolean;

  load(journey: Journey, nodeTypes: readonly NodeTypeDescription[]): void;
  /** Takes the journey as just saved: its metadata is current and nothing is unsaved. */
  saved(journey: Journey): void;
  /** Takes the journey's metadata (status, versions, revision) as refreshed; the canvas stays as drawn. */
  refreshed(journey: Journey): void;
  setName(name: string): void;
  onNodesChange(changes: NodeChange<JourneyFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<JourneyFlowEdge>[]): void;
  connect(connection: Connection): void;
  addNode(nodeType: string, position: XYPosition, locale: Locale): string | null;
  updateNode(id: string, patch: { label?: string; config?: Record<string, unknown> }): void;
  select(id: string | null): void;
  setProblems(problems: ValidationProblem[]): void;
}

/**
 * Whether a connection may be drawn: from an output port that has no edge yet, to another node.
 * The graph rule "each output port has at most one outgoing edge" is kept while drawing.
 */
export function canConnect(edges: readonly JourneyFlowEdge[], connection: Connection | JourneyFlowEdge): boolean {
  if (!connection.sourceHandle || connection.source === connection.target) return false;
  return !edges.some((e) => e.source === connection.source && e.sourceHandle === connection.sourceHandle);
}

function indexProblems(problems: readonly ValidationProblem[], key: 'nodeId' | 'edgeId') {
  const index: Record<string, LocalizedText[]> = {};
  for (const problem of problems) {
    const id = problem[key];
    if (id) (index[id] ??= []).push(problem.message);
  }
  return index;
}

function withProblems(problems: ValidationProblem[]) {
  return {
    problems,
    problemsByNode: indexProblems(problems, 'nodeId'),
    problemsByEdge: indexProblems(problems, 'edgeId'),
  };
}

/** Changes that only reflect what React Flow measured or highlighted, not an edit. */
const isViewOnly = (change: NodeChange | EdgeChange) =>
  change.type === 'select' || change.type === 'dimensions' || (change.type === 'position' && !change.dragging && !change.position);

/** The editor's state; one journey is open at a time. */
export const useEditorStore = create<EditorState>()((set, get) => ({
  journey: null,
  name: '',
  nodes: [],
  edges: [],
  nodeTypes: {},
  selectedNodeId: null,
  ...withProblems([]),
  dirty: false,

  load(journey, nodeTypes) {
    const { nodes, edges } = graphToFlow(journey.graph);
    set({
      journey,
      name: journey.name,
      nodes,
      edges,
      nodeTypes: Object.fromEntries(nodeTypes.map((d) => [d.type, d])),
      selectedNodeId: null,
      ...withProblems([]),
      dirty: false,
    });
  },

  saved(journey) {
    set({ journey, dirty: false });
  },

  refreshed(journey) {
    set({ journey });
  },

  setName(name) {
    set({ name, dirty: true });
  },

  onNodesChange(changes) {
    const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
    set((s) => {
      let selectedNodeId = s.selectedNodeId;
      for (const change of changes) {
        if (change.type === 'select' && change.selected) selectedNodeId = change.id;
        else if ((change.type === 'select' || change.type === 'remove') && change.id === selectedNodeId) selectedNodeId = null;
      }
      return {
        nodes: applyNodeChanges(changes, s.nodes),
        edges: removed.size ? s.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : s.edges,
        selectedNodeId,
        dirty: s.dirty || !changes.every(isViewOnly),
      };
    });
  },

  onEdgesChange(changes) {
    set((s) => ({ edges: applyEdgeChanges(changes, s.edges), dirty: s.dirty || !changes.every(isViewOnly) }));
  },

  connect(connection) {
    const { edges } = get();
    if (!canConnect(edges, connection)) return;
    const edge: JourneyFlowEdge = {
      id: nextId('e', edges.map((e) => e.id)),
      type: 'journey',
      source: connection.source,
      sourceHandle: connection.sourceHandle!,
      target: connection.target,
    };
    set({ edges: [...edges, edge], dirty: true });
  },

  addNode(nodeType, position, locale) {
    const { nodeTypes, nodes } = get();
    const description = nodeTypes[nodeType];
    if (!description) return null;
    const node = createFlowNode(description, position, locale, nodes.map((n) => n.id));
    set({
      nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }],
      selectedNodeId: node.id,
      dirty: true,
    });
    return node.id;
  },

  updateNode(id, patch) {
    set((s) => {
      // A config edit may fix the node's config problems; its place in the graph is unchanged.
      const problems = patch.config ? s.problems.filter((p) => p.nodeId !== id || p.code !== 'invalid_config') : s.problems;
      return {
        nodes: s.nodes.map((n) => (n.id === id ? ({ ...n, data: { ...n.data, ...patch } } as JourneyFlowNode) : n)),
        ...(problems.length === s.problems.length ? {} : withProblems(problems)),
        dirty: true,
      };
    });
  },

  select(id) {
    set((s) => ({
      selectedNodeId: id,
      nodes: s.nodes.map((n) => ((n.id === id) === !!n.selected ? n : { ...n, selected: n.id === id })),
    }));
  },

  setProblems(problems) {
    set(withProblems(problems));
  },
}));

/** The open journey's graph as the API stores it. */
export function currentGraph() {
  const { nodes, edges } = useEditorStore.getState();
  return flowToGraph(nodes, edges);
}

/** Problems of a node (stable empty list when it has none, so selectors do not re-render). */
export const selectNodeProblems = (id: string) => (s: EditorState) => s.problemsByNode[id] ?? EMPTY;
/** Problems of an edge. */
export const selectEdgeProblems = (id: string) => (s: EditorState) => s.problemsByEdge[id] ?? EMPTY;
