// `podlife config path` prints where the settings file is read from; `podlife config show`
// prints the settings in effect (the file over the defaults), in the file's own format.
import { displayPath, loadSettings, settingsLocation } from '../settings/settings-file.js';
import { settingsText } from '../settings/settings.js';
import { themeColors } from '../ui/theme.js';
import { EXIT } from './exit-codes.js';
import { UsageError } from './options.js';

export function runConfig(args: string[], flagsGiven: boolean, env: NodeJS.ProcessEnv = process.env): number {
  const [action, ...extra] = args;
  if (flagsGiven || extra.length > 0 || (action !== 'path' && action !== 'show')) {
    throw new UsageError(`usage: podlife config path|show${action && action !== 'path' && action !== 'show' ? ` (not "${action}")` : ''}`);
  }
  if (action === 'path') {
    process.stdout.write(`${settingsLocation(env).path}\n`);
    return EXIT.ok;
  }
  const { settings, location, found } = loadSettings(env);
  const shown = displayPath(location.path, env);
  const colors = themeColors(settings.theme, settings.colors, true) as Record<keyof ReturnType<typeof themeColors>, string>;
  process.stdout.write(`# ${found ? `read from ${shown}` : `no file at ${shown}: the defaults`}\n${settingsText(settings, colors)}`);
  return EXIT.ok;
}
