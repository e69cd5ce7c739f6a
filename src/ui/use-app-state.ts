// Holds the dashboard's AppState and carries out the reducer's effects against the
// session: the one place where a key turns into a quit, a context switch or a delete.
import { useApp, useInput } from 'ink';
import { useRef, useState } from 'react';
import type { Session } from '../session.js';
import { initialAppState, reduceApp, type AppAction, type AppState, type Effect, type KeyContext, type PickerTarget } from './app-state.js';
import { keypressesFrom } from './keypress.js';
import { namespaceList, type ContextNamespaces, type NamespaceList } from './namespace-items.js';
import type { PickerItem } from './Picker.js';

export function useAppState(session: Session, notice: string | undefined, view: KeyContext): AppState {
  const { exit } = useApp();
  const [state, setState] = useState(() => initialAppState(notice));
  // Every keypress of a chunk must see the state the previous one left: the reducer runs
  // on this ref, and React draws the result once the whole chunk is handled.
  const stateRef = useRef(state);

  const dispatch = (action: AppAction) => {
    const step = reduceApp(stateRef.current, action);
    stateRef.current = step.state;
    for (const effect of step.effects) run(effect);
    setState(stateRef.current);
  };
  const say = (text: string, error = false) => dispatch({ type: 'say', text, error });

  const run = (effect: Effect) => {
    switch (effect.kind) {
      case 'exit':
        return exit();
      case 'switch': {
        const { target, name } = effect;
        const switching = target === 'context' ? session.switchTo(name) : session.switchNamespace(name);
        switching.then(
          () => say(target === 'context' ? `switched to context ${name}` : `namespace ${name || 'all'}`),
          (error: Error) => say(error.message, true),
        );
        return;
      }
      case 'loadPicker':
        return loadPicker(session, effect.target, dispatch);
      case 'terminate':
        session.terminate(effect.row, effect.options).catch((error: Error) => say(error.message, true));
        return;
      case 'rolloutRestart':
        session.restartRollout(effect.row).catch((error: Error) => say(error.message, true));
        return;
      case 'evict':
        session.evict(effect.row).catch((error: Error) => say(error.message, true));
        return;
    }
  };

  useInput((input, key) => {
    for (const keypress of keypressesFrom(input, key)) dispatch({ type: 'key', key: keypress, view });
  });
  return state;
}

function loadPicker(session: Session, target: PickerTarget, dispatch: (action: AppAction) => void): void {
  // A list, or a promise of one with what could not be listed.
  let list: PickerItem[] | Promise<NamespaceList>;
  try {
    list = target === 'context' ? contextItems(session) : namespaceItems(session);
  } catch (error) {
    return dispatch({ type: 'pickerFailed', target, error: (error as Error).message });
  }
  // An in-memory list (kubeconfig, Docker contexts) is answered before the picker is drawn:
  // no "loading…" frame exists. Only a list fetched from the API waits.
  if (Array.isArray(list)) return dispatch({ type: 'pickerLoaded', target, items: list });
  list.then(
    ({ items, error }) => dispatch({ type: 'pickerLoaded', target, items, error }),
    (error: Error) => dispatch({ type: 'pickerFailed', target, error: error.message }),
  );
}

function contextItems(session: Session): PickerItem[] | Promise<NamespaceList> {
  const contexts = session.provider.catalog?.contexts() ?? [{ name: session.context, current: true }];
  return Array.isArray(contexts) ? contexts : contexts.then((items) => ({ items }));
}

/** Every context in view is asked; the list is their union (namespace-items.ts). */
async function namespaceItems(session: Session): Promise<NamespaceList> {
  const ask = session.provider.namespaces?.bind(session.provider);
  if (!ask) throw new Error('this source has no namespaces');
  const answers = await Promise.all(
    session.contexts.map((context): Promise<ContextNamespaces> =>
      ask(context).then(
        (names) => ({ context, names }),
        (error: Error) => ({ context, error: error.message }),
      ),
    ),
  );
  return namespaceList(answers, session.namespaces);
}
