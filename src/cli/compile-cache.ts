// V8's code cache for podlife and its dependencies, kept between runs in podlife's cache
// directory (as the single executable keeps its own): a start then compiles nothing it
// compiled before, a third of the work of loading the dashboard. Node checks each entry
// against its file's contents; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
// A namespace import: enableCompileCache is missing before Node 22.1, and a missing named
// export would not link.
import * as nodeModule from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function useCompileCache(env: NodeJS.ProcessEnv = process.env): void {
  // NODE_COMPILE_CACHE names a directory of the user's choosing, which Node already uses.
  if (env.NODE_COMPILE_CACHE) return;
  const enable = nodeModule.enableCompileCache as typeof nodeModule.enableCompileCache | undefined;
  try {
    // A directory that cannot be written only means no cache: Node says so in its result, not by throwing.
    enable?.(join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'podlife', 'compile-cache'));
  } catch {
    // An older Node's enableCompileCache may throw where a newer one reports; podlife runs on either way.
  }
}
