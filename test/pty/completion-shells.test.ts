// The completion scripts run in the real shells, calling back into the built podlife as
// an installed one would. Contexts come from a kubeconfig written here; namespaces and
// pods from a small HTTP apiserver stand-in (what it serves is the API's list shape), and
// a server that accepts and never answers shows that completion gives up instead of hanging.
import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { commandMissing, describeWhere, firstMissing, tmuxMissing } from '../support/requirements.js';
import { PODLIFE_BIN, shellQuote, TmuxScreen } from '../support/tmux.js';

const run = promisify(execFile);
const EKS_CONTEXT = 'arn:aws:eks:eu-west-1:111122223333:cluster/prod';

let dir = '';
let env: Record<string, string> = {};
let api: Server;
let silent: TcpServer;
const held: Socket[] = [];
const requested: string[] = [];

const list = (...names: string[]) => JSON.stringify({ kind: 'List', apiVersion: 'v1', metadata: {}, items: names.map((name) => ({ metadata: { name } })) });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'podlife-completion-'));
  mkdirSync(join(dir, 'bin'));
  // `podlife` on PATH, as an installed one: the scripts run the line's first word.
  writeFileSync(join(dir, 'bin', 'podlife'), `#!/bin/sh\nexec "${process.execPath}" "${PODLIFE_BIN}" "$@"\n`);
  chmodSync(join(dir, 'bin', 'podlife'), 0o755);
  api = createHttpServer((req, res) => {
    requested.push(req.url ?? '');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    res.setHeader('Content-Type', 'application/json');
    if (path === '/api/v1/namespaces') return res.end(list('default', 'web'));
    if (path === '/api/v1/namespaces/web/pods') return res.end(list('web-1', 'web-2'));
    if (path === '/api/v1/namespaces/default/pods') return res.end(list('other'));
    res.statusCode = 404;
    res.end(JSON.stringify({ kind: 'Status', message: 'not found' }));
  });
  silent = createTcpServer((socket) => void held.push(socket));
  await Promise.all([new Promise<void>((r) => api.listen(0, '127.0.0.1', r)), new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))]);
  const port = (s: Server | TcpServer) => (s.address() as { port: number }).port;
  const kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(
    kubeconfig,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      `- cluster:\n    server: http://127.0.0.1:${port(api)}\n    insecure-skip-tls-verify: true\n  name: answers`,
      `- cluster:\n    server: http://127.0.0.1:${port(silent)}\n    insecure-skip-tls-verify: true\n  name: silent`,
      'contexts:',
      '- context:\n    cluster: answers\n    user: u\n    namespace: web\n  name: kind-dev',
      `- context:\n    cluster: silent\n    user: u\n  name: ${EKS_CONTEXT}`,
      'current-context: kind-dev',
      'preferences: {}',
      'users:',
      '- name: u\n  user:\n    token: not-a-secret',
      '',
    ].join('\n'),
  );
  // HOME is empty: no settings file, no ~/.kube/config of the machine's.
  env = { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, KUBECONFIG: kubeconfig, NO_COLOR: '1', TERM: 'xterm-256color' };
});

afterAll(async () => {
  for (const socket of held) socket.destroy();
  await Promise.all([new Promise((r) => api?.close(r)), new Promise((r) => silent?.close(r))]);
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** COMPREPLY after bash's completion function ran for `line` (the cursor at its end). */
async function bashComplete(line: string): Promise<string[]> {
  const script = `source <(podlife completion bash)\nCOMP_LINE=${bashQuote(line)}; COMP_POINT=\${#COMP_LINE}\n_podlife_completion\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
  const { stdout } = await run('bash', ['--norc', '--noprofile', '-c', script], { env });
  return stdout.split('\n').filter((l) => l !== '');
}

/** What _podlife handed to compadd (or ":files" when it asked zsh for file names). */
async function zshComplete(words: string[], prefix = words.at(-1) ?? ''): Promise<string[]> {
  const script = [
    // The completion system's builtins, recorded instead of run: zsh -f has no compinit.
    'compdef() { :; }',
    'compadd() { [[ $1 == -- ]] && shift; print -rl -- "$@"; }',
    '_files() { print -r -- ":files"; }',
    "compset() { [[ $1 == -P ]] && PREFIX=${PREFIX#*=}; }",
    'source <(podlife completion zsh)',
    `words=(${words.map(bashQuote).join(' ')}); CURRENT=${words.length}; PREFIX=${bashQuote(prefix)}`,
    '_podlife',
  ].join('\n');
  const { stdout } = await run('zsh', ['-f', '-c', script], { env });
  return stdout.split('\n').filter((l) => l !== '');
}

function bashQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

describeWhere(commandMissing('bash'), 'bash completion (podlife completion bash)', () => {
  it('completes commands and the flags of the command on the line', async () => {
    expect(await bashComplete('podlife del')).toEqual(['delete']);
    expect(await bashComplete('podlife delete --gr')).toEqual(['--grace']);
    expect(await bashComplete('podlife --all')).toEqual(['--all-namespaces']);
    expect(await bashComplete('podlife delete --all')).toEqual([]);
  });

  it('completes --context from the kubeconfig, replacing only what bash splits off after ":" and "="', async () => {
    expect(await bashComplete('podlife --context ')).toEqual(['kind-dev', EKS_CONTEXT]);
    // bash splits "arn:aws:…" at each ':' (COMP_WORDBREAKS): the reply is the rest after the last one.
    expect(await bashComplete('podlife --context arn:aws:eks:eu')).toEqual(['eu-west-1:111122223333:cluster/prod']);
    expect(await bashComplete('podlife --context=kind')).toEqual(['kind-dev']);
  });

  it("completes -n from the cluster's namespaces and pod/NAME from the namespace on the line", async () => {
    expect(await bashComplete('podlife -n ')).toEqual(['default', 'web']);
    expect(await bashComplete('podlife delete -n default pod/')).toEqual(['pod/other']);
    // Without -n: the context's namespace (web).
    expect(await bashComplete('podlife timeline pod/web-')).toEqual(['pod/web-1', 'pod/web-2']);
    expect(requested).toContain('/api/v1/namespaces/default/pods?limit=1000');
  });

  it('completes file names for --kubeconfig', async () => {
    expect(await bashComplete(`podlife --kubeconfig ${dir}/kube`)).toEqual([`${dir}/kubeconfig`]);
  });

  it('gives up quietly on a cluster that never answers: no candidates, no error, and the shell gets its prompt back', async () => {
    expect(await bashComplete(`podlife --context ${EKS_CONTEXT} -n `)).toEqual([]);
  });
});

describeWhere(commandMissing('zsh'), 'zsh completion (podlife completion zsh), its compadd calls recorded', () => {
  it('hands zsh the commands, the flags, the contexts and the pods', async () => {
    expect(await zshComplete(['podlife', ''])).toEqual(['delete', 'timeline', 'rollout', 'drain', 'uncordon', 'completion', 'config']);
    expect(await zshComplete(['podlife', 'delete', '--'])).toEqual(expect.arrayContaining(['--grace', '--now', '--force']));
    expect(await zshComplete(['podlife', '--context', ''])).toEqual(['kind-dev', EKS_CONTEXT]);
    expect(await zshComplete(['podlife', 'delete', ''])).toEqual(['pod/web-1', 'pod/web-2']);
  });

  it('completes the value of --context=… after the "=", and asks zsh for file names for --replay', async () => {
    expect(await zshComplete(['podlife', '--context=k'])).toEqual(['kind-dev', EKS_CONTEXT]);
    expect(await zshComplete(['podlife', '--replay', ''])).toEqual([':files']);
  });
});

describeWhere(firstMissing(commandMissing('zsh'), commandMissing('bash'), tmuxMissing()), 'completion in an interactive shell (a real terminal)', () => {
  let screen: TmuxScreen | undefined;
  // PATH is given on the shell's command line: tmux starts a pane with the server's own PATH.
  afterEach(() => screen?.close());

  it('zsh with compinit: Tab completes a flag, then lists the contexts', async () => {
    const s = (screen = new TmuxScreen({ shell: `PATH=${shellQuote(env.PATH!)} zsh -f` }, env, { columns: 120, rows: 20 }));
    s.keys('autoload -U compinit && compinit -u && source <(podlife completion zsh) && echo loaded', true);
    s.keys('Enter');
    await s.waitForText(/^loaded/m);
    s.keys('podlife --conte', true);
    s.keys('Tab');
    // (the screen as read back drops the space completion added after the word)
    await s.waitForText(/podlife --context$/m);
    s.keys('Tab');
    await s.waitForText(EKS_CONTEXT);
    expect(s.screen()).toContain('kind-dev');
  });

  it('bash: Tab completes a command, and a further Tab lists the pods', async () => {
    const s = (screen = new TmuxScreen({ shell: `PATH=${shellQuote(env.PATH!)} bash --norc --noprofile` }, env, { columns: 120, rows: 20 }));
    s.keys('source <(podlife completion bash) && echo loaded', true);
    s.keys('Enter');
    await s.waitForText(/^loaded/m);
    s.keys('podlife del', true);
    s.keys('Tab');
    await s.waitForText(/podlife delete$/m);
    s.keys('pod/', true);
    s.keys('Tab');
    // The first Tab fills in what both pods share; readline lists them on the next Tab
    // that finds nothing more to fill in (the second or the third, by its settings).
    await s.waitForText(/podlife delete pod\/web-$/m);
    const listed = /pod\/web-1\s+pod\/web-2/;
    for (let tab = 0; tab < 3 && !listed.test(s.screen()); tab++) {
      s.keys('Tab');
      await s.waitForText(listed, 10_000).catch(() => undefined);
    }
    expect(s.screen()).toMatch(listed);
  });
});

describeWhere(commandMissing('fish'), 'fish completion (podlife completion fish)', () => {
  it('is valid fish, and fish completes contexts and commands with it', async () => {
    const file = join(dir, 'podlife.fish');
    writeFileSync(file, (await run('podlife', ['completion', 'fish'], { env })).stdout);
    await run('fish', ['--no-config', '--no-execute', file], { env });
    const completions = async (line: string) =>
      (await run('fish', ['--no-config', '-c', `source ${bashQuote(file)}; complete -C ${bashQuote(line)}`], { env })).stdout.split('\n').filter((l) => l !== '');
    // fish sorts what it offers.
    expect(await completions('podlife --context ')).toEqual([EKS_CONTEXT, 'kind-dev']);
    expect(await completions('podlife ti')).toEqual(['timeline']);
  });
});

describe('podlife completion', () => {
  const probe = fileURLToPath(new URL('../support/report-kubernetes-client-load.mjs', import.meta.url));
  const stderrWithProbe = async (...args: string[]) => (await run(process.execPath, ['--import', probe, PODLIFE_BIN, ...args], { env })).stderr;

  it('loads the Kubernetes client only for a completion that asks the cluster, not for the script, contexts or --version', async () => {
    const loaded = '[loaded the Kubernetes client]';
    expect(await stderrWithProbe('__complete', '-n', '')).toContain(loaded);
    expect(await stderrWithProbe('--version')).not.toContain(loaded);
    expect(await stderrWithProbe('completion', 'bash')).not.toContain(loaded);
    expect(await stderrWithProbe('__complete', '--context', '')).not.toContain(loaded);
  });

  it('refuses a shell it has no script for, with the usage', async () => {
    const result = await run('podlife', ['completion', 'tcsh'], { env }).catch((err: { code: number; stderr: string }) => err);
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: podlife completion bash|zsh|fish') });
  });
});
