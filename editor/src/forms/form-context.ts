import { createContext, useContext } from 'react';

/** What a config form knows about the journey it is in, for widgets that need more than their field. */
export interface FormContextValue {
  /** The journey's time zone (IANA), shown beside times of day. */
  timezone: string;
  /** Tags worth suggesting: those used elsewhere in the journey and those entered before. */
  suggestTags: () => string[];
}

export const FormContext = createContext<FormContextValue>({ timezone: 'Asia/Shanghai', suggestTags: () => [] });

/** The journey context of the form being drawn. */
export const useFormContext = () => useContext(FormContext);
