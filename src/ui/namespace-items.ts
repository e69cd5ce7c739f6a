// The namespace picker's list. With several contexts in view (`--context a,b`) a choice
// moves every one of them, so the list is the union of their namespaces, and each line
// says which contexts have it: a namespace only one cluster has leaves the others empty.
import type { PickerItem } from './Picker.js';

/** One context's answer to "which namespaces are there?". */
export type ContextNamespaces = { context: string; names: string[] } | { context: string; error: string };

export interface NamespaceList {
  items: PickerItem[];
  /** Contexts whose namespaces could not be listed (their names are missing from the list). */
  error?: string;
}

/** `inView`: the namespaces shown now ('' = all), marked current. Throws when no context answered. */
export function namespaceList(answers: ContextNamespaces[], inView: readonly string[]): NamespaceList {
  const listed = answers.filter((a): a is Extract<ContextNamespaces, { names: string[] }> => 'names' in a);
  const failed = answers.filter((a): a is Extract<ContextNamespaces, { error: string }> => 'error' in a);
  const error = failed.map((f) => (answers.length > 1 ? `context ${f.context}: ${f.error}` : f.error)).join('; ');
  if (listed.length === 0) throw new Error(error || 'no context to list namespaces of');
  const several = answers.length > 1;
  const contextsOf = new Map<string, string[]>();
  for (const { context, names } of listed) for (const name of names) contextsOf.set(name, [...(contextsOf.get(name) ?? []), context]);
  const names = several ? [...contextsOf.keys()].sort() : listed[0]!.names;
  const all: PickerItem = { name: 'all', detail: several ? 'every namespace (-A) of every context' : 'every namespace (-A)', current: inView.includes('') };
  const items = names.map((name): PickerItem => {
    const item: PickerItem = { name, current: inView.includes(name) };
    if (several) {
      const has = contextsOf.get(name)!;
      item.detail = has.length === answers.length ? `in every context (${has.join(', ')})` : `only in ${has.join(', ')}`;
    }
    return item;
  });
  return failed.length ? { items: [all, ...items], error: `not listed: ${error}` } : { items: [all, ...items] };
}
