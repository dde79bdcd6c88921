import {
  applyEdgeChanges,
  applyNodeChanges,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type XYPosition,
} from '@xyflow/react';
import type { JourneySettingsInput, LocalizedText, Locale, NodeTypeDescription } from '@journey/nodes';
import { create } from 'zustand';
import type { Journey, ValidationProblem } from '../api/client.ts';
import {
  createFlowNode,
  flowKindOf,
  flowToGraph,
  graphToFlow,
  nextId,
  withCard,
  type JourneyFlowEdge,
  type JourneyFlowNode,
  type NodeLibrary,
} from './convert.ts';
import {
  ADD_GAP,
  clearSpot,
  copySelection,
  downstreamOf,
  freePort,
  insertIntoEdge,
  pasteNodes,
  placeAfter,
  removeAndReconnect,
  type ClipboardPayload,
} from './graph-edits.ts';

const EMPTY: readonly CanvasProblem[] = [];
/** How many edits undo can step back through. */
const HISTORY_LIMIT = 100;

/** The canvas as it was before an edit, for undo and redo. */
interface Snapshot {
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
}

/** A problem as a card or an edge shows it: a warning (publishable) marks it apart from an error. */
export interface CanvasProblem {
  message: LocalizedText;
  warning: boolean;
}

/** The journey open in the editor: its canvas, the node library, the selection and the last check. */
export interface EditorState {
  /** The journey as last loaded or saved (id, status, versions, settings…). */
  journey: Journey | null;
  name: string;
  nodes: JourneyFlowNode[];
  edges: JourneyFlowEdge[];
  /** The node library by type, from `GET /api/node-types`. */
  nodeTypes: NodeLibrary;
  selectedNodeId: string | null;
  /** Problems of the last check (validate or a refused publish). */
  problems: ValidationProblem[];
  /** The problems of each node and edge, errors first. */
  problemsByNode: Record<string, CanvasProblem[]>;
  problemsByEdge: Record<string, CanvasProblem[]>;
  /** The journey's settings (time zone, quiet hours, frequency cap, exit event) as edited. */
  settings: JourneySettingsInput;
  /** True when the canvas, the name or the settings changed since the last load or save. */
  dirty: boolean;
  /** Counts edits, so a save knows whether the canvas changed while it was under way. */
  edits: number;
  /** Canvases to go back to (undo), oldest first, and forward to (redo). */
  past: Snapshot[];
  future: Snapshot[];
  /**
   * What the last edit changed (e.g. `config:n3`): further edits of the same thing join its undo
   * step, so undo takes back a typed word rather than one letter.
   */
  lastEdit: string | null;

  load(journey: Journey, nodeTypes: readonly NodeTypeDescription[]): void;
  /**
   * Takes the journey as just saved: its metadata is current, and nothing is unsaved unless the
   * canvas changed after the save began (`edits` then differs from `atEdits`).
   */
  saved(journey: Journey, atEdits: number): void;
  /** Takes the journey's metadata (status, versions, revision) as refreshed; the canvas stays as drawn. */
  refreshed(journey: Journey): void;
  setName(name: string): void;
  setSettings(settings: JourneySettingsInput): void;
  onNodesChange(changes: NodeChange<JourneyFlowNode>[]): void;
  onEdgesChange(changes: EdgeChange<JourneyFlowEdge>[]): void;
  connect(connection: Connection): void;
  addNode(nodeType: string, position: XYPosition, locale: Locale): string | null;
  /**
   * Adds a node of `nodeType` after `sourceId`'s output `port`, connected, and selects it. When the
   * port already leads somewhere the node goes in between (see `insertIntoEdge`) and what follows moves
   * down to make room. It lands under the port, or at `position` when given (a connection dropped in
   * empty space). One undo step; `null` when the type is unknown or the port is not the node's.
   */
  addNodeAfter(sourceId: string, port: string, nodeType: string, locale: Locale, position?: XYPosition): string | null;
  /** The selected node's first output port without an edge, where click-to-add connects a new node. */
  freePortOfSelection(): { nodeId: string; port: string } | null;
  updateNode(id: string, patch: { label?: string; config?: Record<string, unknown> }): void;
  select(id: string | null): void;
  selectAll(): void;
  /** Removes a node with its edges; a node with one way on is bridged (`removeAndReconnect`). */
  removeNode(id: string): void;
  /** Removes the selected nodes (with their edges, bridged as `removeNode` does) and the selected edges. */
  deleteSelection(): void;
  /** Puts `nodeId` between the ends of `edgeId`; false when it cannot go there (see `insertIntoEdge`). */
  insertIntoEdge(edgeId: string, nodeId: string): boolean;
  /** The selected nodes and the edges between them, for the clipboard. */
  copy(): ClipboardPayload | null;
  /** Adds copied nodes, moved by `offset`, as the new selection. */
  paste(payload: ClipboardPayload, offset: { x: number; y: number }): void;
  /** Moves nodes to new positions as one undoable edit. */
  moveNodes(positions: Record<string, XYPosition>): void;
  undo(): void;
  redo(): void;
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
  const index: Record<string, CanvasProblem[]> = {};
  for (const problem of problems) {
    const id = problem[key];
    if (id) (index[id] ??= []).push({ message: problem.message, warning: problem.severity === 'warning' });
  }
  for (const list of Object.values(index)) list.sort((a, b) => Number(a.warning) - Number(b.warning));
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
  settings: {},
  dirty: false,
  edits: 0,
  past: [],
  future: [],
  lastEdit: null,

  load(journey, nodeTypes) {
    const library: NodeLibrary = Object.fromEntries(nodeTypes.map((d) => [d.type, d]));
    const { nodes, edges } = graphToFlow(journey.graph, library);
    set({
      journey,
      name: journey.name,
      nodes,
      edges,
      nodeTypes: library,
      selectedNodeId: null,
      ...withProblems([]),
      settings: journey.settings,
      dirty: false,
      edits: 0,
      past: [],
      future: [],
      lastEdit: null,
    });
  },

  saved(journey, atEdits) {
    set((s) => ({ journey, dirty: s.edits !== atEdits }));
  },

  refreshed(journey) {
    set({ journey });
  },

  setName(name) {
    set((s) => ({ name, ...edited(s) }));
  },

  setSettings(settings) {
    set((s) => ({ settings, ...edited(s) }));
  },

  onNodesChange(changes) {
    const removed = new Set(changes.flatMap((c) => (c.type === 'remove' ? [c.id] : [])));
    set((s) => {
      const edit = !changes.every(isViewOnly);
      // A drag is one edit: the canvas is remembered when it starts, not at every step.
      const dragging = changes.some((c) => c.type === 'position' && c.dragging);
      const dragStarts = changes.some((c) => c.type === 'position' && c.dragging && !s.nodes.find((n) => n.id === c.id)?.dragging);
      let selectedNodeId = s.selectedNodeId;
      for (const change of changes) {
        if (change.type === 'select' && change.selected) selectedNodeId = change.id;
        else if ((change.type === 'select' || change.type === 'remove') && change.id === selectedNodeId) selectedNodeId = null;
      }
      return {
        nodes: applyNodeChanges(changes, s.nodes),
        edges: removed.size ? s.edges.filter((e) => !removed.has(e.source) && !removed.has(e.target)) : s.edges,
        selectedNodeId,
        ...(edit ? (dragging ? (dragStarts ? recorded(s) : edited(s)) : recorded(s)) : {}),
      };
    });
  },

  onEdgesChange(changes) {
    set((s) => ({
      edges: applyEdgeChanges(changes, s.edges),
      ...(changes.every(isViewOnly) ? {} : recorded(s)),
    }));
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
    set((s) => ({ edges: [...edges, edge], ...recorded(s) }));
  },

  addNode(nodeType, position, locale) {
    const { nodeTypes, nodes } = get();
    const description = nodeTypes[nodeType];
    if (!description) return null;
    const node = createFlowNode(description, position, locale, nodes.map((n) => n.id));
    set((s) => ({
      nodes: [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), { ...node, selected: true }],
      selectedNodeId: node.id,
      ...recorded(s),
    }));
    return node.id;
  },

  addNodeAfter(sourceId, port, nodeType, locale, position) {
    const { nodeTypes, nodes, edges } = get();
    const description = nodeTypes[nodeType];
    const source = nodes.find((n) => n.id === sourceId);
    if (!description || !source || flowKindOf(description) === 'entry' || !source.handles?.some((h) => h.type === 'source' && h.id === port)) return null;
    const created = createFlowNode(description, { x: 0, y: 0 }, locale, nodes.map((n) => n.id));
    const existing = edges.find((e) => e.source === sourceId && e.sourceHandle === port);
    const at = position
      ? { x: Math.round(position.x - (created.width ?? 0) / 2), y: Math.round(position.y) }
      : // Between two nodes the card takes the spot under the port (what follows moves down); after a
        // free port it goes to the first spot there that no card takes.
        existing
        ? placeAfter(source, port, created.width ?? 0, nodeTypes)
        : clearSpot(placeAfter(source, port, created.width ?? 0, nodeTypes), created.width ?? 0, created.height ?? 0, nodes);
    const node = { ...created, position: at, selected: true };
    const withNode = [...nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node];
    let nextEdges: JourneyFlowEdge[];
    let placed = withNode;
    if (existing) {
      // A node without a way on (an exit) takes the port's edge; what it led to is left unconnected.
      nextEdges =
        insertIntoEdge(withNode, edges, existing.id, node.id, nodeTypes) ?? edges.map((e) => (e.id === existing.id ? { ...e, target: node.id } : e));
      // Make room: what came after the port moves down by the new card's height.
      const below = downstreamOf(node.id, nextEdges);
      below.delete(sourceId);
      const shift = (node.height ?? 0) + ADD_GAP;
      placed = withNode.map((n) => (below.has(n.id) ? { ...n, position: { x: n.position.x, y: n.position.y + shift } } : n));
    } else {
      nextEdges = [...edges, { id: nextId('e', edges.map((e) => e.id)), type: 'journey', source: sourceId, sourceHandle: port, target: node.id }];
    }
    set((s) => ({ nodes: placed, edges: nextEdges, selectedNodeId: node.id, ...recorded(s) }));
    return node.id;
  },

  freePortOfSelection() {
    const { nodes, edges, nodeTypes, selectedNodeId } = get();
    const node = selectedNodeId ? nodes.find((n) => n.id === selectedNodeId) : undefined;
    const port = node && freePort(node, edges, nodeTypes);
    return node && port ? { nodeId: node.id, port } : null;
  },

  updateNode(id, patch) {
    set((s) => {
      // A config edit may fix the node's config problems; its place in the graph is unchanged.
      const problems = patch.config ? s.problems.filter((p) => p.nodeId !== id || p.code !== 'invalid_config') : s.problems;
      const update = (n: JourneyFlowNode) => ({ ...n, data: { ...n.data, ...patch } }) as JourneyFlowNode;
      return {
        // A config edit may add or remove ports (an A/B split's variants), which resizes the card.
        nodes: s.nodes.map((n) => (n.id !== id ? n : patch.config ? withCard(update(n), s.nodeTypes) : update(n))),
        ...(problems.length === s.problems.length ? {} : withProblems(problems)),
        ...recorded(s, `${patch.config ? 'config' : 'label'}:${id}`),
      };
    });
  },

  select(id) {
    set((s) => ({
      selectedNodeId: id,
      nodes: s.nodes.map((n) => ((n.id === id) === !!n.selected ? n : { ...n, selected: n.id === id })),
    }));
  },

  selectAll() {
    set((s) => ({
      nodes: s.nodes.map((n) => (n.selected ? n : { ...n, selected: true })),
      edges: s.edges.map((e) => (e.selected ? e : { ...e, selected: true })),
      selectedNodeId: null,
    }));
  },

  removeNode(id) {
    set((s) => ({
      nodes: s.nodes.filter((n) => n.id !== id),
      edges: removeAndReconnect(s.edges, new Set([id])),
      selectedNodeId: s.selectedNodeId === id ? null : s.selectedNodeId,
      ...recorded(s),
    }));
  },

  deleteSelection() {
    set((s) => {
      const removed = new Set(s.nodes.filter((n) => n.selected).map((n) => n.id));
      const edges = removeAndReconnect(s.edges.filter((e) => !e.selected), removed);
      if (removed.size === 0 && edges.length === s.edges.length) return {};
      return {
        nodes: s.nodes.filter((n) => !removed.has(n.id)),
        edges,
        selectedNodeId: s.selectedNodeId && removed.has(s.selectedNodeId) ? null : s.selectedNodeId,
        ...recorded(s),
      };
    });
  },

  insertIntoEdge(edgeId, nodeId) {
    const s = get();
    const edges = insertIntoEdge(s.nodes, s.edges, edgeId, nodeId, s.nodeTypes);
    if (!edges) return false;
    // The node was just added or dragged, which recorded the canvas already: one undo takes back both.
    set({ edges, ...edited(s) });
    return true;
  },

  copy() {
    const { nodes, edges } = get();
    return copySelection(nodes, edges);
  },

  paste(payload, offset) {
    set((s) => {
      const pasted = pasteNodes(payload, s.nodes, s.edges, offset, s.nodeTypes);
      if (pasted.nodes.length === 0) return {};
      return {
        nodes: [...s.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), ...pasted.nodes],
        edges: [...s.edges.map((e) => (e.selected ? { ...e, selected: false } : e)), ...pasted.edges],
        selectedNodeId: pasted.nodes.length === 1 ? pasted.nodes[0]!.id : null,
        ...recorded(s),
      };
    });
  },

  moveNodes(positions) {
    set((s) => ({
      nodes: s.nodes.map((n) => (positions[n.id] ? { ...n, position: positions[n.id]! } : n)),
      ...recorded(s),
    }));
  },

  undo() {
    set((s) => {
      const previous = s.past.at(-1);
      if (!previous) return {};
      return {
        ...restored(s, previous),
        past: s.past.slice(0, -1),
        future: [...s.future, { nodes: s.nodes, edges: s.edges }],
      };
    });
  },

  redo() {
    set((s) => {
      const next = s.future.at(-1);
      if (!next) return {};
      return {
        ...restored(s, next),
        past: [...s.past, { nodes: s.nodes, edges: s.edges }],
        future: s.future.slice(0, -1),
      };
    });
  },

  setProblems(problems) {
    set(withProblems(problems));
  },
}));

/** The state changes every edit makes: unsaved, and no longer part of an undo step. */
function edited(s: EditorState) {
  return { dirty: true, edits: s.edits + 1, lastEdit: null };
}

/**
 * An edit undo can take back: the canvas before it is remembered, unless the previous edit changed
 * the same thing (`key`), in which case both are one undo step.
 */
function recorded(s: EditorState, key: string | null = null) {
  const joins = key !== null && key === s.lastEdit;
  return {
    dirty: true,
    edits: s.edits + 1,
    lastEdit: key,
    ...(joins ? {} : { past: [...s.past.slice(-(HISTORY_LIMIT - 1)), { nodes: s.nodes, edges: s.edges }], future: [] }),
  };
}

function restored(s: EditorState, snapshot: Snapshot) {
  const selectedNodeId = snapshot.nodes.some((n) => n.id === s.selectedNodeId) ? s.selectedNodeId : null;
  return { nodes: snapshot.nodes, edges: snapshot.edges, selectedNodeId, dirty: true, edits: s.edits + 1, lastEdit: null };
}

/** The open journey's graph as the API stores it. */
export function currentGraph() {
  const { nodes, edges } = useEditorStore.getState();
  return flowToGraph(nodes, edges);
}

const usedPortsCache = new WeakMap<readonly JourneyFlowEdge[], Map<string, string[]>>();

/** The output ports with an edge, by node id; computed once per edge list, however many cards ask. */
function usedPortsByNode(edges: readonly JourneyFlowEdge[]): Map<string, string[]> {
  let index = usedPortsCache.get(edges);
  if (!index) {
    index = new Map();
    for (const e of edges) index.set(e.source, [...(index.get(e.source) ?? []), e.sourceHandle]);
    usedPortsCache.set(edges, index);
  }
  return index;
}

/** The output ports of a node that have an edge, as one string (so selectors compare it by value). */
export const selectUsedPorts = (id: string) => (s: EditorState) => (usedPortsByNode(s.edges).get(id) ?? []).join('\u0000');

/** Problems of a node (stable empty list when it has none, so selectors do not re-render). */
export const selectNodeProblems = (id: string) => (s: EditorState) => s.problemsByNode[id] ?? EMPTY;
/** Problems of an edge. */
export const selectEdgeProblems = (id: string) => (s: EditorState) => s.problemsByEdge[id] ?? EMPTY;
