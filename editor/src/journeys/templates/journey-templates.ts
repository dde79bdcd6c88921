import type { JourneyGraphInput, LocalizedText } from '@journey/nodes';
import butterflyModel from './butterfly-model.json';
import livestreamFirstOrder from './livestream-first-order.json';
import repurchaseReminder from './repurchase-reminder.json';
import storeQrNurture from './store-qr-nurture.json';

/**
 * A ready-made journey a marketer can start from: a title and a one-line description in both UI
 * languages, and a graph that passes validation (checked by `journey-templates.test.ts`).
 */
export interface JourneyTemplate {
  key: string;
  title: LocalizedText;
  description: LocalizedText;
  graph: JourneyGraphInput;
}

/** The shipped templates, in the order the "from template" dialog lists them. */
export const JOURNEY_TEMPLATES: readonly JourneyTemplate[] = [
  livestreamFirstOrder as JourneyTemplate,
  storeQrNurture as JourneyTemplate,
  repurchaseReminder as JourneyTemplate,
  butterflyModel as JourneyTemplate,
];
