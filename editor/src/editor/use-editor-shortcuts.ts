import { useEffect } from 'react';
import { useEditorStore } from '../canvas/store.ts';
import type { useCanvasCommands } from '../canvas/use-canvas-commands.ts';

/** A keyboard command of the editor. */
export type ShortcutCommand =
  | 'undo'
  | 'redo'
  | 'copy'
  | 'paste'
  | 'delete'
  | 'selectAll'
  | 'save'
  | 'layout'
  | 'fit'
  | 'boxSelect'
  | 'multiSelect';

/**
 * The shortcuts shown in the help popover, in order; `mod` is Ctrl (⌘ on a Mac). The last two are
 * pointer gestures (`drag`, `click`) React Flow handles itself.
 */
export const SHORTCUTS: readonly { command: ShortcutCommand; keys: readonly string[] }[] = [
  { command: 'undo', keys: ['mod', 'Z'] },
  { command: 'redo', keys: ['mod', 'Shift', 'Z'] },
  { command: 'copy', keys: ['mod', 'C'] },
  { command: 'paste', keys: ['mod', 'V'] },
  { command: 'delete', keys: ['Delete'] },
  { command: 'selectAll', keys: ['mod', 'A'] },
  { command: 'save', keys: ['mod', 'S'] },
  { command: 'layout', keys: ['Shift', 'L'] },
  { command: 'fit', keys: ['Shift', 'F'] },
  { command: 'boxSelect', keys: ['Shift', 'drag'] },
  { command: 'multiSelect', keys: ['Shift', 'click'] },
];

/** The command a key press asks for, or `null`; Ctrl+Y is redo too, as in Windows programs. */
export function shortcutOf(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): ShortcutCommand | null {
  const key = event.key.toLowerCase();
  const mod = event.ctrlKey || event.metaKey;
  if (event.altKey) return null;
  if (mod) {
    if (key === 'z') return event.shiftKey ? 'redo' : 'undo';
    if (key === 'y' && !event.shiftKey) return 'redo';
    if (event.shiftKey) return null;
    return ({ c: 'copy', v: 'paste', a: 'selectAll', s: 'save' } as const)[key as 'c'] ?? null;
  }
  if (key === 'delete' || key === 'backspace') return 'delete';
  if (event.shiftKey && key === 'l') return 'layout';
  if (event.shiftKey && key === 'f') return 'fit';
  return null;
}

/** True when keys go to a text field, where Ctrl+Z and Delete edit the text, not the canvas. */
function typingInField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) || !!target.closest('[role="dialog"]');
}

/**
 * The editor's keyboard shortcuts (see `SHORTCUTS`), active while the editor is open and focus is
 * not in a text field.
 */
export function useEditorShortcuts(commands: ReturnType<typeof useCanvasCommands>, save: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const command = shortcutOf(event);
      if (!command) return;
      if (command === 'save') {
        event.preventDefault();
        save();
        return;
      }
      if (typingInField(event.target)) return;
      const store = useEditorStore.getState();
      switch (command) {
        case 'undo':
          store.undo();
          break;
        case 'redo':
          store.redo();
          break;
        case 'copy':
          if (!commands.copy()) return;
          break;
        case 'paste':
          if (!commands.paste()) return;
          break;
        case 'delete':
          store.deleteSelection();
          break;
        case 'selectAll':
          store.selectAll();
          break;
        case 'layout':
          void commands.autoLayout();
          break;
        case 'fit':
          commands.fitView();
          break;
        default:
          return;
      }
      event.preventDefault();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [commands, save]);
}
