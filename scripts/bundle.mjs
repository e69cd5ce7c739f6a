// Bundles the compiled program (dist/main.js) into a few ES modules: main.mjs and the
// chunks it imports when a command needs them (meow for flags, Ink and React for the
// dashboard, …), so that a start reads a handful of files instead of ~300 modules, each
// resolved through node_modules. Two users:
//   - `npm run build` (this file run as a script): dist/bundle/, what dist/cli.js runs;
//     dockerode and the Kubernetes client library stay in node_modules, loaded from there
//     only when a Docker source or a legacy auth-provider needs them;
//   - the single executable (scripts/build-binary.mjs): everything inside, as it has no
//     node_modules; dockerode as a file of its own beside the modules (dockerode.cjs).
// Beside the modules, meta.json is esbuild's account of the build: the files each module
// holds and what each import became (the install tests read it to tell what a command
// loaded, and that Ink was handed podlife's parts).
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire, isBuiltin } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { INK_MODULE_SWAPS, wrapperSource } from '../dist/cli/ink-module-swaps.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** Replaced by nothing: Ink's React DevTools hook (only with DEV=true and react-devtools-core installed, which podlife does not depend on). */
const INK_DEVTOOLS = { filter: /[\\/]ink[\\/]build[\\/]devtools\.js$/, contents: '' };
/**
 * dockerode-lazy.ts requires dockerode through createRequire(import.meta.url), which a
 * bundle cannot follow. The single executable has no node_modules to find it in, so
 * dockerode is bundled on its own as CommonJS (dockerode.cjs, beside the modules) and
 * required from there on first use: in a chunk, a start that builds any source would
 * read its 2 MB.
 */
const DOCKERODE_BESIDE = {
  filter: /[\\/]dockerode-lazy\.js$/,
  contents: "import { createRequire } from 'node:module';\nconst beside = createRequire(import.meta.url);\nexport function loadDockerode() { return beside('./dockerode.cjs'); }",
};

/**
 * meow's own build runs, as it is imported, the modules it needs only to normalize a
 * package.json it found (normalize-package-data, with semver, hosted-git-info and spdx's
 * license lists) and to point into a JSON syntax error (babel's code frame). podlife hands
 * meow its package info, so neither is ever used; here both load on first use instead.
 * Each edit must apply exactly once: a meow whose code reads otherwise fails the build.
 */
const MEOW_LAZY_REQUIRES = {
  filter: /[\\/]node_modules[\\/]meow[\\/]build[\\/]dependencies\.js$/,
  edits: [
    [
      'var normalizeExports = requireNormalize();\nconst normalizePackageData = getDefaultExportFromCjs(normalizeExports);',
      'const normalizePackageData = (...args) => getDefaultExportFromCjs(requireNormalize())(...args);',
    ],
    ['var libExports = requireLib$1();\n', ''],
    ['libExports.codeFrameColumns(', 'requireLib$1().codeFrameColumns('],
  ],
};

/**
 * string-width builds its emoji RegExp (\p{RGI_Emoji}, ~15 ms: V8 expands the property's
 * sequences) as it is imported, for every start. podlife measures its own texts without
 * it (render/widths.ts); string-width is asked only about other non-ASCII text, rarely or
 * never, so the RegExp is built on first use.
 */
const STRING_WIDTH_LAZY_EMOJI = {
  filter: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/,
  edits: [
    [
      'const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;',
      'let rgiEmojiRegexBuilt;\nconst rgiEmojiRegex = {test: (text) => (rgiEmojiRegexBuilt ??= /^\\p{RGI_Emoji}$/v).test(text)};',
    ],
    segmenterOnFirstUse('segmenter', ''),
  ],
};

/**
 * The first Intl.Segmenter a process makes starts ICU's text services: 15-20 ms and ~3 MB
 * in a bare `node`. Five of the text modules Ink draws with (string-width's, above, and
 * these four) make one as they are imported, and a start used none of them: podlife
 * measures its own texts (render/widths.ts); the segmenters serve other non-ASCII text.
 * Each is made on first use instead. Only `.segment()` is ever called on them.
 */
function segmenterOnFirstUse(name, options) {
  return [
    `const ${name} = new Intl.Segmenter(${options});`,
    `let ${name}Made;\nconst ${name} = {segment: (text) => (${name}Made ??= new Intl.Segmenter(${options})).segment(text)};`,
  ];
}
const SEGMENTERS_ON_FIRST_USE = [
  { filter: /[\\/]node_modules[\\/]wrap-ansi[\\/]index\.js$/, edits: [segmenterOnFirstUse('segmenter', '')] },
  { filter: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/, edits: [segmenterOnFirstUse('segmenter', 'undefined, { granularity: "grapheme" }')] },
  { filter: /[\\/]node_modules[\\/]ink[\\/]build[\\/]line-update\.js$/, edits: [segmenterOnFirstUse('segmenter', "undefined, { granularity: 'grapheme' }")] },
  { filter: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/, edits: [segmenterOnFirstUse('GRAPHEME_SEGMENTER', "undefined, {granularity: 'grapheme'}")] },
];

/**
 * React, its reconciler and scheduler pick a build from NODE_ENV at run time, so a bundle
 * holds both, and a start reads, decodes and compiles the unused development builds (~17,000
 * lines: half the dashboard's largest module). podlife runs React's production build
 * (src/cli/process-settings.ts); the bundle holds only that. NODE_ENV=development still
 * selects the development build when the program runs unbundled (node dist/main.js).
 */
const reactProductionOnly = {
  name: 'react-production-only',
  setup(b) {
    b.onResolve({ filter: /^\.\/cjs\/.+\.development\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/](?:react|react-reconciler|scheduler)[\\/][^\\/]+\.js$/.test(args.importer)) return undefined;
      return { path: join(args.resolveDir, args.path.replace(/\.development\.js$/, '.production.js')) };
    });
  },
};

/**
 * Node's built-ins reached through require() instead of an ES import. An ES import of a
 * built-in makes Node build a module facade that reads every one of its exports, getters
 * included: `node:fs` then loads its stream classes, `node:process` lists every option
 * Node allows in NODE_OPTIONS, `node:net` builds BlockList; ~20 ms of a start under
 * --cpu-prof, for exports podlife never uses. Each built-in is instead a module of one
 * require() that exports its default and each of its properties (named at build time,
 * none read), each read by a call marked pure: the bundle keeps, and a start reads, only
 * the ones some module imports.
 */
const BUILTINS_THROUGH_REQUIRE = 'builtin-through-require';
/**
 * Built-ins loaded on the first call of one of their functions, not as the bundle loads:
 * meow's package reader and Ink's terminal-size import child_process (~10 ms of a start)
 * for code a dashboard's start never runs.
 */
const LOADED_ON_FIRST_CALL = new Set(['node:child_process']);

/** Whether a built-in's property can be exported under its own name. */
function usableName(name) {
  if (name === 'default' || !/^[A-Za-z_$][\w$]*$/.test(name)) return false;
  try {
    new Function(`const ${name} = 0;`); // a reserved word is no binding name
    return true;
  } catch {
    return false;
  }
}

function builtinStandIn(specifier) {
  if (LOADED_ON_FIRST_CALL.has(specifier)) return onFirstCallStandIn(specifier);
  const builtin = createRequire(import.meta.url)(specifier);
  // Names only: a read here could turn a lazy property into a plain one for this process.
  const names = Object.getOwnPropertyNames(builtin).filter(usableName);
  return [
    `const builtin = require(${JSON.stringify(specifier)});`,
    'export default builtin;',
    ...names.map((name) => `export const ${name} = /* @__PURE__ */ (() => builtin.${name})();`),
  ].join('\n');
}
/**
 * Each function of the built-in, loading it when first called, and as the default export
 * an object of them (the Kubernetes client library's `import child_process from …`). A
 * built-in with other exports than functions cannot be stood in for so: the build fails.
 */
function onFirstCallStandIn(specifier) {
  const builtin = createRequire(import.meta.url)(specifier);
  const names = Object.getOwnPropertyNames(builtin).filter(usableName);
  const notFunctions = names.filter((name) => typeof builtin[name] !== 'function');
  if (notFunctions.length > 0) throw new Error(`${specifier} cannot load on first call: ${notFunctions.join(', ')} are not functions`);
  return [
    'let builtin;',
    `const load = () => (builtin ??= require(${JSON.stringify(specifier)}));`,
    ...names.map((name) => `export function ${name}(...args) { return new.target ? Reflect.construct(load().${name}, args, new.target) : load().${name}.apply(this, args); }`),
    `export default { ${names.join(', ')} };`,
  ].join('\n');
}

const builtinsThroughRequire = {
  name: BUILTINS_THROUGH_REQUIRE,
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (!isBuiltin(args.path)) return undefined;
      // The require() inside the stand-in below, and require() calls in bundled CommonJS:
      // left as they are. So is an import() (Ink's, of node:fs, run only for React's
      // DevTools): it needs every export, and through the stand-in the bundle would read
      // them all as the stand-in loads, at every start.
      if (args.kind === 'require-call' || args.kind === 'dynamic-import') return { path: args.path, external: true };
      return { path: args.path, namespace: BUILTINS_THROUGH_REQUIRE };
    });
    b.onLoad({ filter: /.*/, namespace: BUILTINS_THROUGH_REQUIRE }, (args) => ({ contents: builtinStandIn(args.path), loader: 'js' }));
  },
};

function editModules(edited) {
  return {
    name: 'edit-modules',
    setup(b) {
      for (const { filter, edits } of edited) {
        // Files only: a wrapped module of swapInkModules may bear the same name (Ink's line-update.js).
        b.onLoad({ filter, namespace: 'file' }, (args) => {
          let contents = readFileSync(args.path, 'utf8');
          for (const [from, to] of edits) {
            const parts = contents.split(from);
            if (parts.length !== 2) throw new Error(`${relative(root, args.path)}: expected exactly one ${JSON.stringify(from)}, found ${parts.length - 1}; has the package changed?`);
            contents = parts.join(to);
          }
          return { contents, loader: 'js' };
        });
      }
    },
  };
}

function replaceModules(replaced) {
  return {
    name: 'replace-modules',
    setup(b) {
      for (const { filter, contents } of replaced) {
        b.onLoad({ filter }, (args) => ({ contents, resolveDir: dirname(args.path), loader: 'js' }));
      }
    },
  };
}

// The faster parts handed to Ink's drawing code, as load-ink.ts does for a run of dist/main.js from node_modules.
const swapInkModules = {
  name: 'swap-ink-modules',
  setup(b) {
    const from = pathToFileURL(join(root, 'dist/cli/'));
    for (const swap of INK_MODULE_SWAPS) {
      const exactly = new RegExp(`^${swap.specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
      const replacement = fileURLToPath(new URL(swap.replacement, from));
      b.onResolve({ filter: exactly }, (args) => {
        if (!swap.importer.test(args.importer)) return undefined;
        if (!swap.wrapWith) return { path: replacement };
        // A wrapping swap's specifier is relative to its importer (Ink's own file). Named from
        // the root: the bundle's comments name each module by its path.
        return { path: relative(root, join(dirname(args.importer), swap.specifier)), namespace: 'podlife-wrapped', pluginData: swap };
      });
    }
    b.onLoad({ filter: /.*/, namespace: 'podlife-wrapped' }, (args) => ({
      contents: wrapperSource(args.pluginData.wrapWith, join(root, args.path), fileURLToPath(new URL(args.pluginData.replacement, from))),
      resolveDir: dirname(join(root, args.path)),
      loader: 'js',
    }));
  },
};

/** What both builds below share: Node's own format and target, inputs named from the root. */
const FOR_NODE = {
  // Inputs are then named from the project's root (node_modules/ink/build/ink.js).
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  target: `node${process.versions.node.split('.')[0]}`,
  // Not minified: a stack trace then names real functions on short lines.
  legalComments: 'none',
  logLevel: 'warning',
  // A read of an export a module lacks is undefined at run time: here, a failed build
  // (a built-in's property added after the build's Node, for builtinsThroughRequire).
  logOverride: { 'import-is-undefined': 'error' },
};

/** Writes the bundle into outdir; selfContained: the client library inside too, and dockerode beside. */
export async function bundleProgram({ outdir, selfContained }) {
  // No chunk of an earlier build left behind (their names are hashes).
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    ...FOR_NODE,
    // The stream reader's thread starts from a module of its own (src/sources/stream-reader.ts).
    entryPoints: { main: join(root, 'dist/main.js'), 'stream-worker': join(root, 'dist/sources/stream-worker.js') },
    outdir,
    // ES modules only: chunks are what the entry's dynamic imports load (and what they share).
    splitting: true,
    chunkNames: 'chunk-[hash]',
    // .mjs: ES modules wherever they are unpacked, with no package.json beside them.
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    metafile: true,
    // Source maps beside the modules (not linked from them, not in the npm package): they
    // turn a CPU profile of the bundle back into packages and files (bench/lib/profile.mjs).
    sourcemap: selfContained ? false : 'external',
    // Optional native add-ons of the SSH stack (ssh2, cpu-features) fall back to JavaScript
    // when require() fails, as it does here.
    external: selfContained ? ['*.node'] : ['*.node', 'dockerode', '@kubernetes/client-node'],
    // Bundled CommonJS modules call require() for Node's built-ins and some read __dirname
    // (ssh2's Emscripten code); neither exists in an ES module.
    banner: {
      js: [
        "import { createRequire as podlifeCreateRequire } from 'node:module';",
        'const require = podlifeCreateRequire(import.meta.url);',
        // Not the global URL: a chunk may hold a stand-in's `var URL` (builtinsThroughRequire).
        'const __filename = import.meta.filename;',
        'const __dirname = import.meta.dirname;',
      ].join('\n'),
    },
    plugins: [builtinsThroughRequire, replaceModules(selfContained ? [INK_DEVTOOLS, DOCKERODE_BESIDE] : [INK_DEVTOOLS]), editModules([MEOW_LAZY_REQUIRES, STRING_WIDTH_LAZY_EMOJI, ...SEGMENTERS_ON_FIRST_USE]), swapInkModules, reactProductionOnly],
  });
  writeFileSync(join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  if (selfContained) {
    await build({
      ...FOR_NODE,
      entryPoints: [createRequire(import.meta.url).resolve('dockerode')],
      outfile: join(outdir, 'dockerode.cjs'),
      format: 'cjs',
      external: ['*.node'],
    });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await bundleProgram({ outdir: join(root, 'dist/bundle'), selfContained: false });
}
