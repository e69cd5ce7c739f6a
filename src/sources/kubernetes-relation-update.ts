// What a change around pods (a slice, a ReplicaSet, a delete, a drain hold) asks of the
// feed, and the namespace/name keys pods are known by there.
import type { EndpointChange } from './kubernetes-endpoint-slices.js';
import type { ReplicaSetRemap } from './kubernetes-replica-sets.js';

export interface RelationUpdate {
  /** Endpoint moves, to become the pod's events. */
  endpointChanges: EndpointChange[];
  /** Pods (namespace/name) whose rows must be mapped again. */
  pods: Set<string>;
  /**
   * Every pod must be mapped again (a slice list), every pod a ReplicaSet owns (a
   * ReplicaSet list), or the pods of one Deployment or ReplicaSet (its revision changed).
   */
  remap?: 'all' | 'replicaset-owned' | ReplicaSetRemap;
}

/** Joined, not templated, as podGroupKey (lifecycle/kubernetes.ts): a flat string, not a chain of cons strings. */
export function keyOf(namespace: string, name: string): string {
  return [namespace, name].join('/');
}

/** keyOf's parts again (a namespace has no '/'). */
export function splitKey(key: string): [namespace: string, name: string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
