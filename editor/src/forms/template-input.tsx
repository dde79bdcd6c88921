import { renderTemplate, TEMPLATE_VARIABLES, type Locale } from '@journey/nodes';
import { Input } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/i18n.ts';

/** The made-up contact, offer and referral the live preview fills the template with. */
export function sampleTemplateContext(locale: Locale): Record<string, unknown> {
  const zh = locale === 'zh-CN';
  return {
    contact: { id: 'c_1001', name: zh ? '王小明' : 'Alex Wang', attributes: { city: zh ? '上海' : 'Shanghai' } },
    offer: { code: 'NEW8-K2P9', name: zh ? '新客 8 折券' : '20% off for new customers', expiresAt: '2025-12-31' },
    referral: { code: 'R7QX2', link: 'https://example.com/r/R7QX2' },
    event: { type: 'contact.acquired' },
  };
}

/**
 * A message template: a text area, one button per template variable (inserted as `{{variable}}`
 * where the cursor is), and a live preview filled with sample data.
 */
export function TemplateInput(props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Monospaced, for JSON bodies. */
  code: boolean;
  maxLength: number | undefined;
}) {
  const { t } = useTranslation();
  const locale = useLocale();
  const area = useRef<TextAreaRef>(null);
  const caret = useRef<{ start: number; end: number } | null>(null);
  const remember = (target: HTMLTextAreaElement) => {
    caret.current = { start: target.selectionStart, end: target.selectionEnd };
  };
  const insert = (path: string) => {
    const { start, end } = caret.current ?? { start: props.value.length, end: props.value.length };
    const token = `{{${path}}}`;
    props.onChange(props.value.slice(0, start) + token + props.value.slice(end));
    const after = start + token.length;
    caret.current = { start: after, end: after };
    // Put the cursor back after the inserted variable once the new text is drawn.
    requestAnimationFrame(() => {
      const element = area.current?.resizableTextArea?.textArea;
      element?.focus();
      element?.setSelectionRange(after, after);
    });
  };
  const preview = useMemo(
    () => (props.value.trim() ? renderTemplate(props.value, sampleTemplateContext(locale)) : ''),
    [props.value, locale],
  );
  return (
    <div className="template-input">
      <Input.TextArea
        ref={area}
        id={props.id}
        value={props.value}
        maxLength={props.maxLength}
        autoSize={{ minRows: 3, maxRows: 10 }}
        className={props.code ? 'template-code' : undefined}
        onChange={(e) => {
          remember(e.target);
          props.onChange(e.target.value);
        }}
        onSelect={(e) => remember(e.currentTarget)}
      />
      <div className="template-variables" aria-label={t('form.insertVariable')}>
        <span className="template-variables-title">{t('form.insertVariable')}</span>
        {TEMPLATE_VARIABLES.map((v) => (
          <button
            type="button"
            key={v.path}
            className="template-variable"
            title={`{{${v.path}}}`}
            // Keep the text area's selection: the click must not take focus first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => insert(v.path)}
          >
            {v.title[locale]}
          </button>
        ))}
      </div>
      {preview && (
        <div className="template-preview" aria-label={t('form.preview')}>
          <div className="template-preview-title">{t('form.preview')}</div>
          <div className={props.code ? 'template-preview-body template-code' : 'template-preview-body'} data-testid="template-preview">
            {preview}
          </div>
        </div>
      )}
    </div>
  );
}
