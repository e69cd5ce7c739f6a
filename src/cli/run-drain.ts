// `podlife drain node/NAME` and `podlife uncordon node/NAME`: kubectl drain's meaning,
// with every pod's stop shown. In order: refuse bad input (nothing connects), read the
// node and its pods, plan (kubectl's rules), ask the apiserver whether this user may
// cordon and evict, show the plan, ask, and only then cordon and evict. Every refusal
// comes before the cordon: a drain that cannot go ahead leaves the node as it was.
import { askTerminal } from './ask-terminal.js';
import { waitForStore } from './wait-for-store.js';
import { planDrain, refusalText, type DrainPlan, type PlannedPod } from '../lifecycle/drain-plan.js';
import type { PodJson } from '../lifecycle/kubernetes-json.js';
import { Session, splitContexts, type SourceProvider } from '../session.js';
import { loadKubeconfig, selectContext, type KubeTarget } from '../sources/kubernetes-kubeconfig.js';
import { NodeActions, type AccessQuestion } from '../sources/kubernetes-node-actions.js';
import { KubernetesSource } from '../sources/kubernetes.js';
import { Store } from '../store/store.js';
import { drainRequest, nodeArgument, UNCORDON_USAGE, type DrainRequest } from './drain-request.js';
import { DrainOutput } from './drain-output.js';
import { drainQuestion, planLines, replacementText, scheduled } from './drain-text.js';
import { EXIT } from './exit-codes.js';
import { NodeDrain } from './node-drain.js';
import type { Flags, Options } from './options.js';

/** How long the scheduler is given to have its say on the replacements before they are reported. */
const REPLACEMENT_WAIT_MS = 10_000;

export async function runDrain(options: Options, args: string[], flags: Flags): Promise<number> {
  const request = drainRequest(args, flags, Boolean(process.stdin.isTTY));
  if (options.readonly) throw new Error('podlife runs with --readonly: drain is disabled (it cordons the node and evicts its pods)');
  const target = selectContext(loadKubeconfig({ kubeconfig: options.kubeconfig }), splitContexts(options.context ?? '')[0]);
  const api = new NodeActions(target);
  const out = new DrainOutput(request.ndjson);
  try {
    const node = await api.node(request.node);
    const pods = await api.podsOn(request.node, request.podSelector);
    const plan = planDrain(pods, request);
    const refused = refusalText(plan);
    if (refused) throw new Error(`cannot drain node ${request.node}: ${refused}; nothing cordoned`);
    await checkRights(api, request, plan);
    const described = { node: request.node, context: target.context, graceSeconds: request.graceSeconds, disableEviction: request.disableEviction };
    out.block('plan', planLines(plan, described), { node: request.node, context: target.context, evict: plan.evict.map((p) => `${p.namespace}/${p.name}`), skip: plan.skip.map((p) => ({ pod: `${p.namespace}/${p.name}`, reason: p.reason })) });
    if (request.dryRun) {
      out.block('dry-run', ['dry run: nothing cordoned, nothing evicted']);
      return EXIT.ok;
    }
    if (!request.yes && !(await askTerminal(drainQuestion(plan, described)))) {
      out.block('cancelled', ['drain cancelled: nothing cordoned, nothing evicted']);
      return EXIT.error;
    }
    // The pods are watched (listed) before the cordon, so no stop goes unseen.
    const follow = await followPods(target, request);
    try {
      if (node.spec?.unschedulable) out.emit({ event: 'cordon', text: `node ${request.node} was already cordoned` });
      else {
        await api.setUnschedulable(request.node, true);
        out.emit({ event: 'cordon', text: `node ${request.node} cordoned (spec.unschedulable: true)` });
      }
      const drain = new NodeDrain(api, follow.store, plan.evict, request, out);
      const interrupt = () => drain.interrupt();
      process.once('SIGINT', interrupt);
      const summary = await drain.run().finally(() => process.off('SIGINT', interrupt));
      out.block('pods', ['', 'pods:', ...summary.pods.map((p) => `  ${p.pod}: ${p.outcome}`)], { pods: summary.pods });
      if (summary.code !== EXIT.interrupted) await reportReplacements(api, plan, request, drain.pods.filter((p) => p.evictedAt !== undefined).map((p) => p.pod), out);
      out.block('summary', [summary.summary], { code: summary.code, node: request.node });
      return summary.code;
    } finally {
      await follow.close();
    }
  } finally {
    await api.close();
  }
}

export async function runUncordon(options: Options, args: string[]): Promise<number> {
  const name = nodeArgument(args, UNCORDON_USAGE);
  if (options.readonly) throw new Error('podlife runs with --readonly: uncordon is disabled');
  const target = selectContext(loadKubeconfig({ kubeconfig: options.kubeconfig }), splitContexts(options.context ?? '')[0]);
  const api = new NodeActions(target);
  try {
    const node = await api.node(name);
    if (!node.spec?.unschedulable) {
      process.stdout.write(`node ${name} was not cordoned (context ${target.context})\n`);
      return EXIT.ok;
    }
    await api.setUnschedulable(name, false);
    process.stdout.write(`node ${name} uncordoned (context ${target.context}): new pods may be scheduled on it again\n`);
    return EXIT.ok;
  } finally {
    await api.close();
  }
}

/** Asked of the apiserver before the cordon: patch the node, evict (or delete) in each namespace. */
async function checkRights(api: NodeActions, request: DrainRequest, plan: DrainPlan): Promise<void> {
  const questions: { what: string; q: AccessQuestion }[] = [{ what: `patch node ${request.node} (to cordon it)`, q: { verb: 'patch', resource: 'nodes', name: request.node } }];
  for (const namespace of new Set(plan.evict.map((p) => p.namespace))) {
    questions.push(
      request.disableEviction
        ? { what: `delete pods in namespace ${namespace}`, q: { verb: 'delete', resource: 'pods', namespace } }
        : { what: `create pods/eviction in namespace ${namespace}`, q: { verb: 'create', resource: 'pods', subresource: 'eviction', namespace } },
    );
  }
  const denied: string[] = [];
  for (const { what, q } of questions) if (!(await api.canI(q)).allowed) denied.push(what);
  if (denied.length) throw new Error(`forbidden: this user may not ${denied.join(', nor ')} (context ${api.context}); nothing cordoned`);
}

async function followPods(target: KubeTarget, request: DrainRequest): Promise<{ store: Store; close(): Promise<void> }> {
  const store = new Store();
  const provider: SourceProvider = {
    kind: 'kubernetes',
    create: () => new KubernetesSource({ target, namespace: '', labelSelector: request.podSelector, fieldSelector: `spec.nodeName=${request.node}` }),
  };
  const session = new Session(store, provider, { context: target.context, namespace: '', readonly: false });
  session.start();
  await waitForStore<void>(store, target.context, () => {
    const status = store.statusList().find((s) => s.context === target.context);
    if (status?.state === 'live') return { value: undefined };
    if (status?.state === 'error') return { error: new Error(status.message ?? `cannot watch the pods of node ${request.node}`) };
    return undefined;
  }).catch(async (err: unknown) => {
    await session.close();
    throw err;
  });
  return { store, close: () => session.close() };
}

/** The pods the evicted pods' controllers made in their place: on another node, or Pending and why. */
async function reportReplacements(api: NodeActions, plan: DrainPlan, request: DrainRequest, evicted: PlannedPod[], out: DrainOutput): Promise<void> {
  const owners = new Set(evicted.map((p) => p.controllerUid).filter(Boolean));
  if (!owners.size) return;
  const drained = new Set(plan.evict.map((p) => p.uid));
  const namespaces = [...new Set(evicted.map((p) => p.namespace))];
  let replacements: PodJson[] = [];
  for (const deadline = Date.now() + REPLACEMENT_WAIT_MS; ; ) {
    const lists = await Promise.all(namespaces.map((ns) => api.podsIn(ns, request.podSelector).catch(() => [] as PodJson[])));
    replacements = lists.flat().filter((pod) => !drained.has(pod.metadata?.uid) && pod.metadata?.ownerReferences?.some((o) => o.controller && owners.has(o.uid)));
    if (replacements.every(scheduled) || Date.now() > deadline) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  if (!replacements.length) return;
  const lines = replacements.map(replacementText);
  const cordonedOnly = replacements.some((p) => !p.spec?.nodeName);
  out.block('replacements', ['', ...lines, ...(cordonedOnly ? [`  (node ${request.node} is cordoned: a replacement stays Pending until another node can take it, or the node is uncordoned)`] : [])], {
    replacements: replacements.map((p) => ({ pod: `${p.metadata?.namespace}/${p.metadata?.name}`, node: p.spec?.nodeName ?? null, text: replacementText(p) })),
  });
}
