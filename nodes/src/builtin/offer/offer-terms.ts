/** What `offerTerms` reads of an offer: its kind, value and spend threshold (0 = none). */
export interface OfferTermsInput {
  kind: string;
  value: number;
  threshold: number;
}

/**
 * A coupon's rule as a customer reads it (`{{offer.terms}}`, `{{offer.threshold}}` beside it): a
 * threshold coupon is 满减 ("spend X, save Y"), one without saves its value outright. Other kinds have
 * no money rule and render empty. Chinese, as the messages the product sends are.
 *
 * @example
 * offerTerms({ kind: 'coupon', value: 20, threshold: 100 }); // "满 100 减 20"
 * offerTerms({ kind: 'coupon', value: 20, threshold: 0 }); // "立减 20"
 */
export function offerTerms(offer: OfferTermsInput): string {
  if (offer.kind !== 'coupon') return '';
  return offer.threshold > 0 ? `满 ${offer.threshold} 减 ${offer.value}` : `立减 ${offer.value}`;
}
