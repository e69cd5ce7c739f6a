// Modules Ink's drawing code imports that podlife hands a faster version of (see each
// replacement's header). Both ways podlife is run apply the same table: load-ink.ts when
// Ink is loaded from node_modules, and the single executable's bundler (scripts/
// build-binary.mjs). A replacement imports the original itself: its own imports are
// never swapped.

export interface ModuleSwap {
  /** The import as written. */
  specifier: string;
  /** Which importing files get the replacement (their path or URL). */
  importer: RegExp;
  /** The replacement, relative to this file's folder in dist/. */
  replacement: string;
}

export const INK_MODULE_SWAPS: readonly ModuleSwap[] = [
  { specifier: 'string-width', importer: /[\\/]node_modules[\\/](?:ink|widest-line|wrap-ansi|cli-truncate|slice-ansi)[\\/]/, replacement: '../ui/ink-string-width.js' },
  { specifier: '@alcalzone/ansi-tokenize', importer: /[\\/]node_modules[\\/]ink[\\/]build[\\/]/, replacement: '../ui/ink-ansi-tokenize.js' },
];

/** The replacement's URL for this import, if it is one of the swaps. */
export function swappedModule(specifier: string, importer: string | undefined): string | undefined {
  const swap = INK_MODULE_SWAPS.find((s) => s.specifier === specifier && importer !== undefined && s.importer.test(importer));
  return swap && new URL(swap.replacement, import.meta.url).href;
}
