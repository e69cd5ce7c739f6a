// Re-renders a component when the store changes; the store already limits that to one
// notification per frame.
import { useSyncExternalStore } from 'react';
import type { Store } from '../store/store.js';

export function useStoreVersion(store: Store): number {
  return useSyncExternalStore(
    (onChange) => store.subscribe(onChange),
    () => store.version,
  );
}
