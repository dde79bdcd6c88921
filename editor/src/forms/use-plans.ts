import { useEffect, useState } from 'react';
import { api, type Plan } from '../api/client.ts';

/**
 * The membership plans, read when the calling form opens (plans may have been added on the plans page
 * meanwhile); null while they are read, empty when they cannot be.
 */
export function usePlans(): Plan[] | null {
  const [plans, setPlans] = useState<Plan[] | null>(null);
  useEffect(() => {
    let live = true;
    api.plans().then(
      ({ items }) => live && setPlans(items),
      () => live && setPlans([]),
    );
    return () => {
      live = false;
    };
  }, []);
  return plans;
}
