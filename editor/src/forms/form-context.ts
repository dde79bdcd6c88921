import { createContext, useContext } from 'react';
import { NO_UPSTREAM, type TemplateUpstream } from './template-upstream.ts';

/** What a config form knows about the journey it is in, for widgets that need more than their field. */
export interface FormContextValue {
  /** The journey's time zone (IANA), shown beside times of day. */
  timezone: string;
  /** Tags worth suggesting: those used elsewhere in the journey and those entered before. */
  suggestTags: () => string[];
  /** The offer and referral nodes before the node being edited, whose data its templates show. */
  upstream: TemplateUpstream;
}

export const FormContext = createContext<FormContextValue>({ timezone: 'Asia/Shanghai', suggestTags: () => [], upstream: NO_UPSTREAM });

/** The journey context of the form being drawn. */
export const useFormContext = () => useContext(FormContext);
