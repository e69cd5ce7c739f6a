// Which kubeconfig files kubectl would read. Apart from kubernetes-kubeconfig.ts so that
// shell completion can find the files without loading the Kubernetes client.
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface KubeconfigFileOptions {
  /** --kubeconfig: this one file, KUBECONFIG is then ignored (as kubectl does). */
  kubeconfig?: string;
  /** Defaults to process.env (KUBECONFIG, HOME). */
  env?: NodeJS.ProcessEnv;
}

/** --kubeconfig's file; else KUBECONFIG's list (':'-separated; ';' on Windows); else ~/.kube/config. */
export function kubeconfigFiles(options: KubeconfigFileOptions = {}): { files: string[]; explicit: boolean } {
  const env = options.env ?? process.env;
  if (options.kubeconfig) return { files: [options.kubeconfig], explicit: true };
  if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(delimiter).filter((f) => f.length > 0);
    if (files.length > 0) return { files, explicit: false };
  }
  const home = env.HOME ?? homedir();
  return { files: [join(home, '.kube', 'config')], explicit: false };
}
