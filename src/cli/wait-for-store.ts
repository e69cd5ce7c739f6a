// Waits for a store to say something conclusive about one context: a probe over the store
// that resolves (a value), rejects (an error) or says nothing yet; 20 s at most.
import type { Store } from '../store/store.js';

export type Verdict<T> = { value: T } | { error: Error } | undefined;

export function waitForStore<T>(store: Store, context: string, verdict: () => Verdict<T>, timeoutMs = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const check = () => {
      const said = verdict();
      if (said && 'value' in said) done(() => resolve(said.value));
      else if (said) done(() => reject(said.error));
    };
    const timer = setTimeout(() => done(() => reject(new Error(`no answer from context ${context} within ${timeoutMs / 1000}s`))), timeoutMs);
    const unsubscribe = store.subscribe(check);
    const done = (then: () => void) => {
      clearTimeout(timer);
      unsubscribe();
      then();
    };
    check();
  });
}
