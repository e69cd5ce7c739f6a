// Modules Ink's drawing code imports that podlife hands a faster version of (see each
// replacement's header). Both ways the program is loaded apply the same table: the bundler
// (scripts/bundle.mjs: dist/cli.js and the single executable run its bundle), and
// load-ink.ts when dist/main.js is run from node_modules unbundled. A replacement's own
// imports are never swapped.

export interface ModuleSwap {
  /** The import as written. */
  specifier: string;
  /** Which importing files get the replacement (their path or URL). */
  importer: RegExp;
  /** The replacement, relative to this file's folder in dist/. */
  replacement: string;
  /**
   * Set when the replacement wraps the original instead of standing in for it: this
   * export of the replacement is called with the original's default export, and what it
   * returns is what the importer gets.
   */
  wrapWith?: string;
}

export const INK_MODULE_SWAPS: readonly ModuleSwap[] = [
  { specifier: 'yoga-layout', importer: /[\\/]node_modules[\\/]ink[\\/]build[\\/]/, replacement: '../ui/ink-layout.js' },
  { specifier: 'string-width', importer: /[\\/]node_modules[\\/](?:ink|widest-line|wrap-ansi|cli-truncate|slice-ansi)[\\/]/, replacement: '../ui/ink-string-width.js' },
  { specifier: './output.js', importer: /[\\/]node_modules[\\/]ink[\\/]build[\\/]renderer\.js$/, replacement: '../ui/ink-output.js', wrapWith: 'rowCachingOutput' },
  { specifier: './line-update.js', importer: /[\\/]node_modules[\\/]ink[\\/]build[\\/]log-update\.js$/, replacement: '../ui/ink-line-update.js', wrapWith: 'countingLineUpdate' },
  { specifier: './squash-text-nodes.js', importer: /[\\/]node_modules[\\/]ink[\\/]build[\\/](?:dom|render-node-to-output)\.js$/, replacement: '../ui/ink-squash-memo.js', wrapWith: 'rememberingSquash' },
  { specifier: 'es-toolkit/compat', importer: /[\\/]node_modules[\\/]ink[\\/]build[\\/]ink\.js$/, replacement: '../ui/ink-throttle.js' },
  { specifier: './sanitize-ansi.js', importer: /[\\/]node_modules[\\/]ink[\\/]build[\\/]squash-text-nodes\.js$/, replacement: '../ui/ink-sanitize-memo.js', wrapWith: 'rememberingSanitize' },
];

/** The swap for this import, if it is one. */
export function moduleSwapFor(specifier: string, importer: string | undefined): ModuleSwap | undefined {
  return INK_MODULE_SWAPS.find((s) => s.specifier === specifier && importer !== undefined && s.importer.test(importer));
}

/** Where the replacement is (a file: URL). */
export function replacementUrl(swap: ModuleSwap): string {
  return new URL(swap.replacement, import.meta.url).href;
}

/** A wrapping swap's module: the original's default export, wrapped by the replacement. */
export function wrapperSource(wrapWith: string, original: string, replacement: string): string {
  return `import Original from ${JSON.stringify(original)};\nimport { ${wrapWith} } from ${JSON.stringify(replacement)};\nexport default ${wrapWith}(Original);\n`;
}
