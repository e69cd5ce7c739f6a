// `npm run build:krew`: the release archive of the single executable and the krew plugin
// manifest that installs it (`kubectl krew install podlife` once it is in krew's index):
//   dist-krew/podlife_v0.1.0_linux_amd64.tar.gz   kubectl-podlife (dist-binary/podlife) and LICENSE
//   dist-krew/podlife.yaml                        krew's Plugin manifest: version, platform, the
//                                                 archive's URL and sha256, what to install
// The archive is for the OS and CPU of the Node that built the executable (see
// scripts/build-binary.mjs); the manifest names that one platform.
//
// The manifest's uri is where the archive must be published: by default the GitHub
// release of this version of package.json's repository, else --release-url. Options:
//   --release-url URL   the directory the archive is published in (the uri is URL/ARCHIVE)
//   --homepage URL      the project's page (default: package.json homepage, else repository)
//   --binary FILE       the single executable (default dist-binary/podlife)
//   --out DIR           where to write both files (default dist-krew)
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, chmodSync, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

// The name krew installs under (`kubectl krew install podlife`), and the file kubectl
// runs for `kubectl podlife`.
const PLUGIN = 'podlife';
const EXECUTABLE = `kubectl-${PLUGIN}`;
// Node's names for OS and CPU, and Go's (krew's selectors use GOOS / GOARCH).
const GOOS = { linux: 'linux', darwin: 'darwin' };
const GOARCH = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ppc64: 'ppc64le' };

function fail(message) {
  process.stderr.write(`krew-manifest: ${message}\n`);
  process.exit(1);
}

let options;
try {
  options = parseArgs({
    options: {
      'release-url': { type: 'string' },
      homepage: { type: 'string' },
      binary: { type: 'string', default: join(root, 'dist-binary', 'podlife') },
      out: { type: 'string', default: join(root, 'dist-krew') },
    },
  }).values;
} catch (err) {
  fail(err.message);
}

/** package.json's repository as an https URL, if it is one (a string or { url }). */
function repositoryUrl() {
  const raw = typeof pkg.repository === 'string' ? pkg.repository : pkg.repository?.url;
  if (!raw) return undefined;
  const url = raw.replace(/^git\+/, '').replace(/\.git$/, '').replace(/^github:/, 'https://github.com/');
  return /^https:\/\//.test(url) ? url : undefined;
}

const version = `v${pkg.version}`;
const repo = repositoryUrl();
const releaseUrl = options['release-url'] ?? (repo?.startsWith('https://github.com/') ? `${repo}/releases/download/${version}` : undefined);
if (!releaseUrl) fail('package.json names no GitHub repository: pass --release-url URL, the directory the release archive is published in');
const homepage = options.homepage ?? pkg.homepage ?? repo;
if (!homepage) fail('package.json has no homepage or repository: pass --homepage URL');

const os = GOOS[process.platform];
const arch = GOARCH[process.arch];
if (!os || !arch) fail(`no krew platform for ${process.platform}-${process.arch} (the single executable is for the Node that builds it)`);
const binary = resolve(options.binary);
if (!existsSync(binary)) fail(`${binary} does not exist: run npm run build:binary first`);

const out = resolve(options.out);
const archiveName = `${PLUGIN}_${version}_${os}_${arch}.tar.gz`;
const archive = join(out, archiveName);
mkdirSync(out, { recursive: true });

// The archive: the executable already named as kubectl wants it, and the licence (krew's
// index requires one in every archive). Owner, group and times are fixed, and gzip
// writes no name or time, so the same executable gives the same archive and sha256.
const staging = mkdtempSync(join(tmpdir(), 'podlife-krew-'));
try {
  copyFileSync(binary, join(staging, EXECUTABLE));
  chmodSync(join(staging, EXECUTABLE), 0o755);
  copyFileSync(join(root, 'LICENSE'), join(staging, 'LICENSE'));
  chmodSync(join(staging, 'LICENSE'), 0o644);
  const tar = spawn('tar', ['-C', staging, '--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-cf', '-', EXECUTABLE, 'LICENSE'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const tarExit = new Promise((done) => tar.on('close', done));
  await pipeline(tar.stdout, createGzip(), createWriteStream(archive));
  const code = await tarExit;
  if (code !== 0) fail(`tar exited ${code}`);
} finally {
  rmSync(staging, { recursive: true, force: true });
}

const sha256 = createHash('sha256');
await pipeline(createReadStream(archive), sha256);
const digest = sha256.digest('hex');

// JSON strings are YAML double-quoted scalars: no value needs YAML's quoting rules.
const q = JSON.stringify;
const [shortDescription] = pkg.description.split(':');
const manifest = `# Generated by scripts/krew-manifest.mjs from package.json and ${archiveName}; do not edit.
apiVersion: krew.googlecontainertools.github.com/v1alpha2
kind: Plugin
metadata:
  name: ${PLUGIN}
spec:
  version: ${q(version)}
  homepage: ${q(homepage)}
  shortDescription: ${q(shortDescription)}
  description: |
    ${pkg.description}
    Every container of every pod is a row: Waiting (with its reason), Running,
    Terminated (reason, exit code, signal), and while it stops a live bar of its
    grace period in the kubelet's own order (preStop, TERM, KILL). Its delete, drain
    and rollout commands follow each stop to its end; timeline shows where the time went.
    Run \`kubectl podlife -n NAMESPACE\`; \`kubectl podlife --help\` lists every flag.
  caveats: |
    podlife is one executable with Node.js inside; on its first run it writes its
    code (7 MB) into ~/.cache/podlife/binary/ ($XDG_CACHE_HOME/podlife/binary/).
  platforms:
  - selector:
      matchLabels:
        os: ${os}
        arch: ${arch}
    uri: ${q(`${releaseUrl.replace(/\/+$/, '')}/${archiveName}`)}
    sha256: ${q(digest)}
    files:
    - from: ${EXECUTABLE}
      to: .
    - from: LICENSE
      to: .
    bin: ${EXECUTABLE}
`;
const manifestFile = join(out, `${PLUGIN}.yaml`);
writeFileSync(manifestFile, manifest);
console.log(`krew-manifest: wrote ${manifestFile} and ${archive} (sha256 ${digest})`);
