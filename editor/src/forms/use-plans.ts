import { useEffect, useMemo } from 'react';
import { create } from 'zustand';
import { api, type Plan } from '../api/client.ts';

const usePlanStore = create<{ plans: Plan[] | null }>(() => ({ plans: null }));

let reading: Promise<void> | null = null;

/** Reads the plans again (plans may have been added on the plans page meanwhile); one read at a time. */
function readPlans(): Promise<void> {
  reading ??= api.plans().then(
    ({ items }) => usePlanStore.setState({ plans: items }),
    () => usePlanStore.setState((s) => ({ plans: s.plans ?? [] })),
  ).finally(() => {
    reading = null;
  });
  return reading;
}

/**
 * The membership plans, read again when the calling form opens; null while first read, empty when
 * they cannot be read.
 */
export function usePlans(): Plan[] | null {
  useEffect(() => {
    void readPlans();
  }, []);
  return usePlanStore((s) => s.plans);
}

/**
 * Plan names by id for what shows plans by name (node cards), read once if nobody read them yet; an
 * unknown id is absent.
 */
export function usePlanNames(): ReadonlyMap<string, string> {
  const plans = usePlanStore((s) => s.plans);
  useEffect(() => {
    if (usePlanStore.getState().plans === null) void readPlans();
  }, []);
  return useMemo(() => new Map((plans ?? []).map((p) => [p.id, p.name])), [plans]);
}
