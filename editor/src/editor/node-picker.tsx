import { STAGES, STAGE_TITLES } from '@journey/nodes';
import { SearchOutlined } from '@ant-design/icons';
import { Empty, Input, type InputRef } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRevealNode } from '../canvas/fit-view.ts';
import { useNodePicker } from '../canvas/node-picker-store.ts';
import { useEditorStore } from '../canvas/store.ts';
import { useLocale } from '../i18n/i18n.ts';
import { NodeIcon, STAGE_COLORS } from '../node-types/node-icon.tsx';
import { canFollow, matchesSearch } from './node-palette.tsx';

const WIDTH = 260;
const MAX_HEIGHT = 380;

/**
 * The node picker the "+" buttons and a connection dropped in empty space open (`useNodePicker`):
 * the node library, searchable, without entries; the node chosen is added after the port, connected.
 * Enter adds the first match; Escape or a click elsewhere closes it.
 */
export function NodePicker() {
  const { t } = useTranslation();
  const locale = useLocale();
  const open = useNodePicker((s) => s.open);
  const close = useNodePicker((s) => s.close);
  const library = useEditorStore((s) => s.nodeTypes);
  const reveal = useRevealNode();
  const [query, setQuery] = useState('');
  const input = useRef<InputRef>(null);
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    setQuery('');
    input.current?.focus();
    const onPointerDown = (event: PointerEvent) => {
      if (!panel.current?.contains(event.target as Node)) close();
    };
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => window.removeEventListener('pointerdown', onPointerDown, true);
  }, [open, close]);

  if (!open) return null;
  const shown = Object.values(library).filter((d) => canFollow(d) && matchesSearch(d, query));
  const pick = (type: string) => {
    const { target } = open;
    close();
    const id = useEditorStore.getState().addNodeAfter(target.nodeId, target.port, type, locale, target.at);
    if (id) reveal(id);
  };
  const left = Math.max(8, Math.min(open.screen.x - WIDTH / 2, window.innerWidth - WIDTH - 8));
  const top = Math.max(8, Math.min(open.screen.y + 12, window.innerHeight - MAX_HEIGHT - 8));

  return (
    <div ref={panel} className="node-picker" role="dialog" aria-label={t('editor.pickerTitle')} style={{ left, top, width: WIDTH, maxHeight: MAX_HEIGHT }}>
      <Input
        ref={input}
        size="small"
        prefix={<SearchOutlined />}
        placeholder={t('editor.pickerSearch')}
        aria-label={t('editor.pickerSearch')}
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Escape') close();
          if (e.key === 'Enter' && shown[0]) pick(shown[0].type);
        }}
      />
      <div className="node-picker-list">
        {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('editor.paletteNoMatch')} />}
        {STAGES.map((stage) => {
          const group = shown.filter((d) => d.stage === stage);
          if (group.length === 0) return null;
          return (
            <section key={stage}>
              <div className="palette-stage" style={{ color: STAGE_COLORS[stage] }}>
                {STAGE_TITLES[stage][locale]}
              </div>
              {group.map((d) => (
                <button key={d.type} type="button" className="node-picker-item" data-testid={`picker-${d.type}`} title={d.description[locale]} onClick={() => pick(d.type)}>
                  <span className="palette-icon" style={{ color: STAGE_COLORS[stage], background: `${STAGE_COLORS[stage]}14` }}>
                    <NodeIcon icon={d.icon} />
                  </span>
                  <span className="palette-name">{d.title[locale]}</span>
                </button>
              ))}
            </section>
          );
        })}
      </div>
    </div>
  );
}
