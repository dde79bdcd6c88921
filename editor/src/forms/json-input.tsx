import { Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * A value the form has no dedicated editor for, edited as JSON. The text is kept while it does not
 * parse, so typing is never interrupted; the config changes once it does.
 */
export function JsonInput(props: { id: string; value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => (props.value === undefined ? '' : JSON.stringify(props.value, null, 2)));
  const [invalid, setInvalid] = useState(false);
  return (
    <>
      <Input.TextArea
        id={props.id}
        value={text}
        status={invalid ? 'error' : undefined}
        className="template-code"
        autoSize={{ minRows: 2, maxRows: 12 }}
        onChange={(e) => {
          setText(e.target.value);
          if (!e.target.value.trim()) {
            setInvalid(false);
            props.onChange(undefined);
            return;
          }
          try {
            props.onChange(JSON.parse(e.target.value));
            setInvalid(false);
          } catch {
            setInvalid(true);
          }
        }}
      />
      {invalid && <div className="schema-inline-error">{t('form.jsonInvalid')}</div>}
    </>
  );
}
