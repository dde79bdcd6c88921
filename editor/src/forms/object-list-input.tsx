import { DeleteOutlined, DownOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Dropdown, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { ObjectFields, type FieldProps } from './schema-form.tsx';
import { defaultValue, itemSchema, newListItem, taggedUnion, weightShares } from './schema-model.ts';

/**
 * A list of objects (A/B variants, condition rules). When items are a tagged union, each item has a
 * type picker and the add button asks which type to add. Weighted items (A/B variants) show their
 * share in percent; their `key`, which names the output port, is generated and not edited.
 */
export function ObjectListInput({ schema, value, onChange, path, errors }: FieldProps) {
  const { t } = useTranslation();
  const items = Array.isArray(value) ? (value as unknown[]) : [];
  const itemsSchema = schema.items ?? {};
  const union = taggedUnion(itemsSchema);
  const full = schema.maxItems !== undefined && items.length >= schema.maxItems;
  const tagLabel = (tag: string) => t(`values.${tag}`, { defaultValue: tag });
  const replace = (index: number, item: unknown) => onChange(items.map((old, i) => (i === index ? item : old)));
  const add = (item: unknown) => onChange([...items, item]);
  const weighted = itemsSchema.properties?.weight !== undefined;
  const shares = weighted ? weightShares(items) : [];
  const generatedKey = itemsSchema.properties?.key !== undefined ? 'key' : undefined;

  return (
    <div className="schema-list">
      {items.map((item, index) => {
        const branchSchema = itemSchema(itemsSchema, item);
        const tag = union ? ((item as Record<string, unknown>)[union.discriminator] as string) : undefined;
        return (
          <div className="schema-list-item" key={index}>
            <div className="schema-list-item-head">
              <span className="schema-list-item-title">
                {weighted
                  ? t('form.variant', { key: String((item as { key?: unknown }).key ?? '').toUpperCase() })
                  : t('form.item', { n: index + 1 })}
              </span>
              {weighted && (
                <span className="schema-list-share" data-testid="variant-share">
                  {shares[index]}%
                </span>
              )}
              {union && (
                <Select
                  size="small"
                  value={tag}
                  aria-label={t('fields.kind')}
                  popupMatchSelectWidth={false}
                  options={union.branches.map((b) => ({ value: b.tag, label: tagLabel(b.tag) }))}
                  onChange={(next: string) =>
                    replace(index, defaultValue(union.branches.find((b) => b.tag === next)!.schema))
                  }
                />
              )}
              <Button
                type="text"
                size="small"
                icon={<DeleteOutlined />}
                aria-label={t('form.remove')}
                onClick={() => onChange(items.filter((_, i) => i !== index))}
              />
            </div>
            <ObjectFields
              schema={branchSchema}
              value={item}
              onChange={(next) => replace(index, next)}
              path={[...path, index]}
              errors={errors}
              {...(union ? { hidden: union.discriminator, branch: tag } : generatedKey ? { hidden: generatedKey } : {})}
            />
          </div>
        );
      })}
      {union ? (
        <Dropdown
          disabled={full}
          menu={{
            items: union.branches.map((b) => ({ key: b.tag, label: tagLabel(b.tag) })),
            onClick: ({ key }) => add(defaultValue(union.branches.find((b) => b.tag === key)!.schema)),
          }}
        >
          <Button type="dashed" size="small" icon={<PlusOutlined />} disabled={full}>
            {t('form.add')} <DownOutlined />
          </Button>
        </Dropdown>
      ) : (
        <Button
          type="dashed"
          size="small"
          icon={<PlusOutlined />}
          disabled={full}
          onClick={() => add(newListItem(itemsSchema, items))}
        >
          {t('form.add')}
        </Button>
      )}
    </div>
  );
}
