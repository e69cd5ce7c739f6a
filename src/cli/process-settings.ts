// Imported first by the entry point, before anything else loads: React picks its build
// from NODE_ENV when first loaded, and its development build (extra checks, per-render
// performance marks, structuredClone of props) costs several times the CPU per frame.
// NODE_ENV=development still selects it for debugging when the program runs unbundled
// (node dist/main.js): the bundle dist/cli.js runs holds only the production build.
process.env.NODE_ENV ??= 'production';
