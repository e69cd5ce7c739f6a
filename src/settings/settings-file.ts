// Where the settings file is, and reading it. A missing file at the usual place means
// the defaults; a file named by PODLIFE_CONFIG must exist.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, readSettings, SettingsError, type Settings } from './settings.js';

export interface SettingsLocation {
  path: string;
  /** Named by PODLIFE_CONFIG (then it must exist). */
  fromEnv: boolean;
}

/** $PODLIFE_CONFIG, else ${XDG_CONFIG_HOME:-~/.config}/podlife/config.yaml. */
export function settingsLocation(env: NodeJS.ProcessEnv = process.env): SettingsLocation {
  if (env.PODLIFE_CONFIG) return { path: env.PODLIFE_CONFIG, fromEnv: true };
  // The XDG spec: a relative XDG_CONFIG_HOME is invalid and ignored.
  const base = env.XDG_CONFIG_HOME?.startsWith('/') ? env.XDG_CONFIG_HOME : join(home(env), '.config');
  return { path: join(base, 'podlife', 'config.yaml'), fromEnv: false };
}

/** The path with the home directory as ~, as messages show it. */
export function displayPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  const h = home(env);
  return h && h !== '/' && path.startsWith(`${h}/`) ? `~${path.slice(h.length)}` : path;
}

export interface LoadedSettings {
  settings: Settings;
  location: SettingsLocation;
  /** Whether a file was read (false: the defaults). */
  found: boolean;
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): LoadedSettings {
  const location = settingsLocation(env);
  const shown = displayPath(location.path, env);
  let text: string;
  try {
    text = readFileSync(location.path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !location.fromEnv) return { settings: structuredClone(DEFAULT_SETTINGS), location, found: false };
    if (code === 'ENOENT') throw new SettingsError(`${shown} (from PODLIFE_CONFIG) does not exist`);
    throw new SettingsError(`cannot read settings file ${shown}: ${code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
  return { settings: readSettings(text, shown), location, found: true };
}

function home(env: NodeJS.ProcessEnv): string {
  return env.HOME ?? homedir();
}
