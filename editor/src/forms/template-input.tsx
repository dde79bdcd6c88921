import { renderTemplate, TEMPLATE_VARIABLES } from '@journey/nodes';
import { Alert, Input } from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/i18n.ts';
import { useFormContext } from './form-context.ts';
import { riskyVariables, templateSample } from './template-sample.ts';

/**
 * A message template: a text area, one button per template variable (inserted where the cursor is, with
 * a fallback for a contact field: `{{contact.name | 朋友}}`), a warning for each variable that may render
 * empty, and a live preview that says which sample it used.
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
  const { upstream } = useFormContext();
  const insert = (token: string) => {
    const { start, end } = caret.current ?? { start: props.value.length, end: props.value.length };
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
  const sample = useMemo(() => templateSample(locale, upstream), [locale, upstream]);
  const preview = useMemo(() => (props.value.trim() ? renderTemplate(props.value, sample.context) : ''), [props.value, sample]);
  const risky = useMemo(() => riskyVariables(props.value, upstream), [props.value, upstream]);
  const titleOf = (path: string) => TEMPLATE_VARIABLES.find((v) => v.path === path)?.title[locale] ?? path;
  const tokenOf = (v: (typeof TEMPLATE_VARIABLES)[number]) => (v.fallback ? `{{${v.path} | ${v.fallback[locale]}}}` : `{{${v.path}}}`);
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
            title={tokenOf(v)}
            // Keep the text area's selection: the click must not take focus first.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => insert(tokenOf(v))}
          >
            {v.title[locale]}
          </button>
        ))}
      </div>
      {risky.length > 0 && (
        <Alert
          type="warning"
          showIcon
          className="template-warnings"
          data-testid="template-warnings"
          title={
            <ul>
              {risky.map(({ path, reason }) => (
                <li key={path}>
                  {reason === 'no_fallback'
                    ? t('form.noFallback', { name: titleOf(path), example: `{{${path} | ${TEMPLATE_VARIABLES.find((v) => v.path === path)?.fallback?.[locale] ?? '…'}}}` })
                    : t('form.noSource', { name: titleOf(path) })}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {preview && (
        <div className="template-preview" aria-label={t('form.preview')}>
          <div className="template-preview-title">{t('form.preview')}</div>
          <div className="template-preview-sample" data-testid="template-sample">
            {t('form.sampleContact', { name: sample.contactName })}
            {sample.offerFrom ? t('form.sampleOfferFrom', { node: sample.offerFrom }) : t('form.sampleOfferMadeUp')}
          </div>
          <div className={props.code ? 'template-preview-body template-code' : 'template-preview-body'} data-testid="template-preview">
            {preview}
          </div>
        </div>
      )}
    </div>
  );
}
