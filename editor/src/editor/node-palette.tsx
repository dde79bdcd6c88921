import { STAGES, STAGE_TITLES, type NodeTypeDescription } from '@journey/nodes';
import { useStoreApi } from '@xyflow/react';
import { SearchOutlined } from '@ant-design/icons';
import { Empty, Input } from 'antd';
import { memo, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { cardGeometry } from '../canvas/card-geometry.ts';
import { NODE_DRAG_TYPE } from '../canvas/journey-canvas.tsx';
import { useRevealNode } from '../canvas/fit-view.ts';
import { useEditorStore } from '../canvas/store.ts';
import { useLocale } from '../i18n/i18n.ts';
import { NodeIcon, STAGE_COLORS } from '../node-types/node-icon.tsx';
import { searchMatches } from '../forms/search-match.ts';

/** A typical card's size (one output port), to centre a clicked-in node in the view. */
const NODE_SIZE = cardGeometry(['out'], true);

/** Whether a node type matches a palette search, by its names in both languages (the Chinese one by pinyin too), type or description. */
export function matchesSearch(d: NodeTypeDescription, query: string): boolean {
  const q = query.trim().toLowerCase();
  if (!q) return true;
  return searchMatches(d.title['zh-CN'], q) || [d.type, d.title.en, d.description['zh-CN'], d.description.en].some((text) => text.toLowerCase().includes(q));
}

/** Whether a node of this type can be added after another: everything but entries (triggers). */
export function canFollow(d: NodeTypeDescription): boolean {
  return d.trigger === null;
}

/**
 * The node library, grouped by butterfly stage. Drag an item onto the canvas, or click it: the node
 * is added after the selected node (its first free port, connected), else in the middle of the view.
 */
export const NodePalette = memo(function NodePalette({ nodeTypes }: { nodeTypes: readonly NodeTypeDescription[] }) {
  const { t } = useTranslation();
  const locale = useLocale();
  const addNode = useEditorStore((s) => s.addNode);
  const flow = useStoreApi();
  const reveal = useRevealNode();
  const [query, setQuery] = useState('');
  const shown = nodeTypes.filter((d) => matchesSearch(d, query));

  const add = (d: NodeTypeDescription) => {
    const after = canFollow(d) ? useEditorStore.getState().freePortOfSelection() : null;
    const id = after ? useEditorStore.getState().addNodeAfter(after.nodeId, after.port, d.type, locale) : null;
    if (id) reveal(id);
    else addInView(d.type);
  };
  const addInView = (type: string) => {
    const { width, height, transform } = flow.getState();
    const [x, y, zoom] = transform;
    const nudge = (useEditorStore.getState().nodes.length % 5) * 30;
    addNode(
      type,
      { x: (width / 2 - x) / zoom - NODE_SIZE.width / 2 + nudge, y: (height / 2 - y) / zoom - NODE_SIZE.height / 2 + nudge },
      locale,
    );
  };
  const onDragStart = (event: DragEvent, type: string) => {
    event.dataTransfer.setData(NODE_DRAG_TYPE, type);
    event.dataTransfer.effectAllowed = 'copy';
  };

  return (
    <aside className="palette" aria-label={t('editor.palette')}>
      <div className="panel-title">{t('editor.palette')}</div>
      <Input
        allowClear
        size="small"
        prefix={<SearchOutlined />}
        placeholder={t('editor.paletteSearch')}
        aria-label={t('editor.paletteSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        className="palette-search"
      />
      <div className="palette-hint">{t('editor.paletteHint')}</div>
      {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.paletteNoMatch')} />}
      {STAGES.map((stage) => {
        const group = shown.filter((d) => d.stage === stage);
        if (group.length === 0) return null;
        return (
          <section key={stage} className="palette-group">
            <div className="palette-stage" style={{ color: STAGE_COLORS[stage] }}>
              {STAGE_TITLES[stage][locale]}
            </div>
            {group.map((d) => (
              <div
                key={d.type}
                className="palette-item"
                data-testid={`palette-${d.type}`}
                draggable
                role="button"
                tabIndex={0}
                title={d.description[locale]}
                onDragStart={(e) => onDragStart(e, d.type)}
                onClick={() => add(d)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter' || e.key === ' ') {
                    e.preventDefault();
                    add(d);
                  }
                }}
              >
                <span className="palette-icon" style={{ color: STAGE_COLORS[stage], background: `${STAGE_COLORS[stage]}14` }}>
                  <NodeIcon icon={d.icon} />
                </span>
                <span className="palette-name">{d.title[locale]}</span>
              </div>
            ))}
          </section>
        );
      })}
    </aside>
  );
});
