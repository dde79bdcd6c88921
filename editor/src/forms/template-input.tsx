import { TEMPLATE_VARIABLES } from '@journey/nodes';
import { Input } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useLocale } from '../i18n/i18n.ts';

/**
 * A message template: a text area and one button per template variable, which inserts
 * `{{variable}}` where the cursor was.
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
  const caret = useRef<number | null>(null);
  const remember = (target: HTMLTextAreaElement) => {
    caret.current = target.selectionStart;
  };
  const insert = (path: string) => {
    const at = caret.current ?? props.value.length;
    const token = `{{${path}}}`;
    props.onChange(props.value.slice(0, at) + token + props.value.slice(at));
    caret.current = at + token.length;
  };
  return (
    <div className="template-input">
      <Input.TextArea
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
          <button type="button" key={v.path} className="template-variable" title={`{{${v.path}}}`} onClick={() => insert(v.path)}>
            {v.title[locale]}
          </button>
        ))}
      </div>
    </div>
  );
}
