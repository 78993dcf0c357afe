import type { Store } from './store/store';

/**
 * The sandbox clock: the `now()` option plus an offset kept in the state, so that moving the clock
 * through the control endpoint moves it for every process sharing the state.
 */
const OFFSET_KEY = 'clock_offset_ms';

export function sandboxNow(store: Store, baseNow: () => number): number {
  return baseNow() + Number(store.meta(OFFSET_KEY) ?? '0');
}

export function advanceClock(store: Store, byMs: number): void {
  store.setMeta(OFFSET_KEY, String(Number(store.meta(OFFSET_KEY) ?? '0') + byMs));
}

export function setClock(store: Store, baseNow: () => number, toMs: number): void {
  store.setMeta(OFFSET_KEY, String(toMs - baseNow()));
}

export function resetClock(store: Store): void {
  store.deleteMeta(OFFSET_KEY);
}
