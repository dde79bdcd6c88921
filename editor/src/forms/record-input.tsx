import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import type { FieldProps } from './schema-form.tsx';
import { fieldKind, parseScalar, type JsonSchema } from './schema-model.ts';

/** A map of names to values (e.g. request headers, event properties to match), one row per entry. */
export function RecordInput({ schema, value, onChange }: FieldProps) {
  const { t } = useTranslation();
  const entries = Object.entries((value ?? {}) as Record<string, unknown>);
  const valueSchema = typeof schema.additionalProperties === 'object' ? schema.additionalProperties : ({} as JsonSchema);
  const typed = fieldKind(valueSchema) === 'scalar';
  const write = (next: [string, unknown][]) => onChange(Object.fromEntries(next));
  return (
    <div className="schema-record">
      {entries.map(([key, entry], i) => (
        <div className="schema-record-row" key={i}>
          <Input
            value={key}
            placeholder={t('form.keyPlaceholder')}
            aria-label={t('form.keyPlaceholder')}
            onChange={(e) => write(entries.map((pair, k) => (k === i ? [e.target.value, pair[1]] : pair)))}
          />
          <Input
            value={entry === undefined || entry === null ? '' : String(entry)}
            placeholder={t('form.valuePlaceholder')}
            aria-label={t('form.valuePlaceholder')}
            onChange={(e) =>
              write(entries.map((pair, k) => (k === i ? [pair[0], typed ? parseScalar(e.target.value) : e.target.value] : pair)))
            }
          />
          <Button
            type="text"
            icon={<DeleteOutlined />}
            aria-label={t('form.remove')}
            onClick={() => write(entries.filter((_, k) => k !== i))}
          />
        </div>
      ))}
      <Button
        type="dashed"
        size="small"
        icon={<PlusOutlined />}
        disabled={entries.some(([key]) => key === '')}
        onClick={() => write([...entries, ['', '']])}
      >
        {t('form.add')}
      </Button>
    </div>
  );
}
