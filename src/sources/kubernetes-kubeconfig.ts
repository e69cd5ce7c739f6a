// Loads kubeconfig the way kubectl does: --kubeconfig names one file; otherwise
// KUBECONFIG lists files (':'-separated; ';' on Windows) that are merged with the first
// definition of a name winning and current-context taken from the first file that sets
// one; otherwise ~/.kube/config. Errors say which file and what to do.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { delimiter } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import type { ContextCatalog, ContextEntry } from './source.js';
import { kubeconfigFiles } from './kubeconfig-files.js';
import { kubeconfigEntries, KubeconfigShapeError, type KubeCluster, type KubeconfigEntries, type KubeContext, type KubeUser } from './kubeconfig-entries.js';

export class KubeconfigError extends Error {
  override readonly name = 'KubeconfigError';
}

export interface KubeconfigOptions {
  /** --kubeconfig: this one file, KUBECONFIG is then ignored (as kubectl does). */
  kubeconfig?: string;
  /** --context: use this context instead of current-context. */
  context?: string;
  /** Defaults to process.env (KUBECONFIG, HOME). */
  env?: NodeJS.ProcessEnv;
}

export interface LoadedKubeconfig {
  /** The files read, in merge order. */
  files: string[];
  clusters: KubeCluster[];
  users: KubeUser[];
  contexts: KubeContext[];
  /** current-context from the files ('' when none set it). */
  currentContext: string;
}

/** What a client needs to talk to one context's cluster as its user. */
export interface ClusterAccess {
  cluster: KubeCluster;
  /** The context's user ({name: ''} for a context that names none: no credentials). */
  user: KubeUser;
}

export interface KubeTarget {
  access: ClusterAccess;
  context: string;
  /** The context's default namespace, or "default". */
  namespace: string;
  cluster: string;
  server: string;
}

export function loadKubeconfig(options: KubeconfigOptions = {}): LoadedKubeconfig {
  const env = options.env ?? process.env;
  const { files, explicit } = kubeconfigFiles(options);
  const present = files.filter((file) => exists(file));
  if (explicit && present.length === 0) {
    throw new KubeconfigError(`kubeconfig ${files[0]} (from --kubeconfig) does not exist`);
  }
  if (present.length === 0) {
    const from = env.KUBECONFIG ? `KUBECONFIG (${files.join(delimiter)})` : 'the default location';
    throw new KubeconfigError(
      `no kubeconfig found: ${files.length === 1 ? `${files[0]} does not exist` : `none of the files in ${from} exist`}; set KUBECONFIG or pass --kubeconfig`,
    );
  }
  const merged: LoadedKubeconfig = { files: present, clusters: [], users: [], contexts: [], currentContext: '' };
  for (const file of present) {
    const one = readOne(file);
    // kubectl's merge: the first file to define a name (or current-context) wins.
    addNew(merged.clusters, one.clusters);
    addNew(merged.users, one.users);
    addNew(merged.contexts, one.contexts);
    if (!merged.currentContext && one.currentContext) merged.currentContext = one.currentContext;
  }
  return merged;
}

/** Picks the context (--context or current-context) and builds a client config for it. */
export function selectContext(loaded: LoadedKubeconfig, context?: string): KubeTarget {
  const files = loaded.files.join(delimiter);
  const known = loaded.contexts.map((c) => c.name);
  const knownText = known.length > 0 ? `known contexts: ${known.join(', ')}` : 'it defines no contexts';
  const name = context || loaded.currentContext;
  if (!name) throw new KubeconfigError(`kubeconfig ${files} sets no current-context; pass --context (${knownText})`);
  const ctx = loaded.contexts.find((c) => c.name === name);
  if (!ctx) throw new KubeconfigError(`context "${name}" not found in kubeconfig ${files}; ${knownText}`);
  const cluster = loaded.clusters.find((c) => c.name === ctx.cluster);
  if (!cluster) throw new KubeconfigError(`context "${name}" refers to cluster "${ctx.cluster}", which kubeconfig ${files} does not define`);
  if (!cluster.server) throw new KubeconfigError(`cluster "${cluster.name}" (context "${name}") has no server in kubeconfig ${files}`);
  const user = loaded.users.find((u) => u.name === ctx.user);
  if (!user && ctx.user) throw new KubeconfigError(`context "${name}" refers to user "${ctx.user}", which kubeconfig ${files} does not define`);
  return { access: { cluster, user: user ?? { name: '' } }, context: name, namespace: ctx.namespace || 'default', cluster: cluster.name, server: cluster.server };
}

/** The CLI's one call: --kubeconfig/--context as kubectl reads them. */
export function resolveKubeTarget(options: KubeconfigOptions = {}): KubeTarget {
  return selectContext(loadKubeconfig(options), options.context);
}

/** The contexts the picker offers; `active` is the one in use (marked current). */
export class KubeconfigCatalog implements ContextCatalog {
  constructor(
    private readonly loaded: LoadedKubeconfig,
    private active?: string,
  ) {}

  setActive(context: string): void {
    this.active = context;
  }

  contexts(): ContextEntry[] {
    const current = this.active || this.loaded.currentContext;
    return this.loaded.contexts.map((c) => {
      const cluster = this.loaded.clusters.find((k) => k.name === c.cluster);
      const detail = `cluster ${c.cluster}${cluster ? ` (${cluster.server})` : ''}, namespace ${c.namespace || 'default'}`;
      return { name: c.name, current: c.name === current, detail };
    });
  }
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}

function readOne(file: string): KubeconfigEntries {
  let text: string;
  try {
    accessSync(file, constants.R_OK);
    if (statSync(file).isDirectory()) throw new Error('it is a directory');
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new KubeconfigError(`cannot read kubeconfig ${file}: ${(err as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = loadYaml(text);
  } catch (err) {
    const reason = (err as Error).message.split('\n')[0];
    throw new KubeconfigError(`kubeconfig ${file} is not valid YAML: ${reason}`);
  }
  // An empty file is a valid, empty kubeconfig (kubectl accepts it too).
  if (doc === undefined || doc === null) return { clusters: [], users: [], contexts: [], currentContext: '' };
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new KubeconfigError(`kubeconfig ${file} is YAML but not a kubeconfig (expected a mapping with clusters, users, contexts)`);
  try {
    return kubeconfigEntries(doc as Record<string, unknown>, file);
  } catch (err) {
    if (err instanceof KubeconfigShapeError) throw new KubeconfigError(`kubeconfig ${file} is not a valid kubeconfig: ${err.message}`);
    throw err;
  }
}

function addNew<T extends { name: string }>(into: T[], from: T[]): void {
  for (const item of from) if (!into.some((existing) => existing.name === item.name)) into.push(item);
}
