import { describe, expect, it } from 'vitest';
import { shortcutOf } from './use-editor-shortcuts.ts';

const key = (k: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey', boolean>> = {}) =>
  shortcutOf({ key: k, ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...mods });

describe('shortcutOf', () => {
  it('reads undo and both redo habits, with Ctrl or Cmd', () => {
    expect(key('z', { ctrlKey: true })).toBe('undo');
    expect(key('Z', { metaKey: true, shiftKey: true })).toBe('redo');
    expect(key('y', { ctrlKey: true })).toBe('redo');
  });

  it('reads clipboard, selection, save, layout and delete keys', () => {
    expect(key('c', { ctrlKey: true })).toBe('copy');
    expect(key('v', { metaKey: true })).toBe('paste');
    expect(key('a', { ctrlKey: true })).toBe('selectAll');
    expect(key('s', { ctrlKey: true })).toBe('save');
    expect(key('L', { shiftKey: true })).toBe('layout');
    expect(key('Delete')).toBe('delete');
    expect(key('Backspace')).toBe('delete');
  });

  it('ignores plain letters and Alt combinations', () => {
    expect(key('z')).toBeNull();
    expect(key('c', { ctrlKey: true, shiftKey: true })).toBeNull();
    expect(key('z', { ctrlKey: true, altKey: true })).toBeNull();
  });
});
