import { AutoComplete, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormContext } from './form-context.ts';

const REMEMBERED_KEY = 'journey.recentTags';
const REMEMBERED_LIMIT = 200;

/** Tags this browser has seen entered, newest first. */
export function rememberedTags(): string[] {
  try {
    const value: unknown = JSON.parse(localStorage.getItem(REMEMBERED_KEY) ?? '[]');
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

function remember(tags: readonly string[]): void {
  const fresh = tags.map((t) => t.trim()).filter(Boolean);
  if (fresh.length === 0) return;
  const list = [...new Set([...fresh, ...rememberedTags()])].slice(0, REMEMBERED_LIMIT);
  try {
    localStorage.setItem(REMEMBERED_KEY, JSON.stringify(list));
  } catch {
    // storage disabled: suggestions then come from the journey only
  }
}

/** Suggestions fetched when the picker opens, so typing elsewhere never recomputes them. */
function useSuggestions() {
  const { suggestTags } = useFormContext();
  const [options, setOptions] = useState<{ value: string }[]>([]);
  const refresh = () => setOptions(suggestTags().map((value) => ({ value })));
  return { options, refresh };
}

/** Several tags: pick from the journey's and earlier tags, or type new ones (Enter or comma). */
export function TagListInput(props: { id: string; value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const { options, refresh } = useSuggestions();
  return (
    <Select
      id={props.id}
      mode="tags"
      value={Array.isArray(props.value) ? props.value : []}
      options={options}
      placeholder={t('form.tagsPlaceholder')}
      tokenSeparators={[',', '，']}
      suffixIcon={null}
      notFoundContent={null}
      onFocus={refresh}
      onChange={(tags: string[]) => {
        remember(tags);
        props.onChange(tags);
      }}
    />
  );
}

/** One tag, with the same suggestions. */
export function TagInput(props: { id: string; value: unknown; onChange: (value: unknown) => void }) {
  const { t } = useTranslation();
  const { options, refresh } = useSuggestions();
  const text = typeof props.value === 'string' ? props.value : '';
  return (
    <AutoComplete
      id={props.id}
      value={text}
      options={options}
      placeholder={t('form.tagPlaceholder')}
      onFocus={refresh}
      onBlur={() => remember([text])}
      filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
      onChange={(v: string) => props.onChange(v)}
    />
  );
}
