// The settings file: what a good file changes, and the one-line error (file, line, key)
// each kind of mistake gives. Expected values are the documented format (README
// "Settings file") and the keymap's and theme's documented defaults.
import { describe, expect, it } from 'vitest';
import { chooseColumns } from '../../src/render/column-choice.js';
import { columnsFor } from '../../src/render/row-cells.js';
import { flagsWithDefaults } from '../../src/settings/flag-defaults.js';
import { loadSettings, settingsLocation } from '../../src/settings/settings-file.js';
import { DEFAULT_SETTINGS, readSettings, settingsText, SettingsError } from '../../src/settings/settings.js';
import { BINDINGS, commandFor, footerHints, keymapHelp, rebind } from '../../src/ui/keymap.js';
import { themeColors } from '../../src/ui/theme.js';

const FILE = '~/.config/podlife/config.yaml';
const read = (lines: string[]) => readSettings(lines.join('\n'), FILE);
function errorOf(lines: string[]): string {
  try {
    read(lines);
  } catch (err) {
    if (err instanceof SettingsError) return err.message;
    throw err;
  }
  throw new Error('the file was accepted');
}

describe('a bad settings file: one line naming the file, the line and the key', () => {
  it('an unknown key, with the near miss it probably meant', () => {
    expect(errorOf(['theme: light', '', '# columns next', 'colums: [name, state]'])).toBe(`${FILE} line 4: unknown key "colums" (did you mean "columns"?)`);
    expect(errorOf(['defaults:', '  namespace: web', '  contxt: kind-dev'])).toBe(`${FILE} line 3: unknown key "contxt" in defaults (did you mean "context"?)`);
    expect(errorOf(['colors:', '  runing: green'])).toBe(`${FILE} line 2: unknown key "runing" in colors (did you mean "running"?)`);
  });

  it('a value of the wrong type', () => {
    expect(errorOf(['defaults:', '  all-namespaces: yes'])).toBe(`${FILE} line 2: all-namespaces must be true or false (got "yes")`);
    expect(errorOf(['defaults:', '  namespace: [a, b]'])).toBe(`${FILE} line 2: namespace must be a word or a quoted string (got a list)`);
    expect(errorOf(['gone-row-seconds: soon'])).toBe(`${FILE} line 1: gone-row-seconds must be a number of seconds >= 0 (got "soon")`);
    expect(errorOf(['gone-row-seconds: -5'])).toBe(`${FILE} line 1: gone-row-seconds must be a number of seconds >= 0 (got -5)`);
    expect(errorOf(['keys: ctrl-x'])).toBe(`${FILE} line 1: keys must be a map of "name: value" lines (got "ctrl-x")`);
    expect(errorOf(['theme: solarized'])).toBe(`${FILE} line 1: theme must be dark or light (got "solarized")`);
  });

  it('an unknown column id', () => {
    expect(errorOf(['columns: [group, name, status]'])).toBe(
      `${FILE} line 1: unknown column "status" (did you mean "state"?) (columns: context, namespace, owner, group, name, kind, state, reason, cause, exit, restarts, age, hooks)`,
    );
    expect(errorOf(['columns:', '  - name', '  - name'])).toBe(`${FILE} line 1: column "name" is listed twice`);
  });

  it('an unknown key action, a key that is no key, a key two actions would share, a colour that is none', () => {
    // "delete" is what the footer calls stop (Ctrl-D delete).
    expect(errorOf(['keys:', '  delet: x'])).toBe(`${FILE} line 2: unknown key action "delet" in keys (did you mean "stop"?)`);
    expect(errorOf(['keys:', '  detial: x'])).toBe(`${FILE} line 2: unknown key action "detial" in keys (did you mean "detail"?)`);
    expect(errorOf(['keys:', '  stop: ctrl-'])).toMatch(new RegExp(`^${FILE} line 2: "ctrl-" is not a key \\(one character, ctrl-X, or one of up, down, .*\\)$`));
    // d is detail's by default: binding it to stop too would make it ambiguous.
    expect(errorOf(['keys:', '  logs: L', '  stop: d'])).toBe(`${FILE} line 3: key "d" would do both detail and stop; rebind the other one too`);
    expect(errorOf(['keys:', '  kill: ctrl-c'])).toBe(`${FILE} line 2: ctrl-c always quits (it is the terminal's interrupt); bind another key`);
    expect(errorOf(['colors:', '  accent: purpel'])).toBe(`${FILE} line 2: "purpel" is not a colour for accent (a name such as red, gray or blueBright, or #rrggbb)`);
  });

  it('a YAML mistake, with its line', () => {
    expect(errorOf(['theme: light', 'keys:', '\tquit: x'])).toBe(`${FILE} line 3: a tab indents this line; YAML indents with spaces`);
    expect(errorOf(['defaults:', '  context: "kind-dev'])).toBe(`${FILE} line 2: a quoted value is not closed, or has text after its closing quote`);
    expect(errorOf(['theme: light', 'theme: dark'])).toBe(`${FILE} line 2: key "theme" appears twice`);
  });
});

describe('a good settings file', () => {
  const settings = read([
    'defaults:',
    '  context: kind-dev',
    '  namespace: web',
    '  readonly: true',
    'columns: [state, group, name, reason, age]',
    'keys:',
    '  stop: ctrl-x',
    '  help: [h, "?"]',
    'theme: light',
    'colors:',
    '  running: "#00aa00"',
    'gone-row-seconds: 10',
  ]);

  it('reads every section', () => {
    expect(settings).toEqual({
      defaults: { context: 'kind-dev', namespace: 'web', readonly: true },
      columns: ['state', 'group', 'name', 'reason', 'age'],
      keys: { stop: [{ ctrl: 'x' }], help: [{ char: 'h' }, { char: '?' }] },
      theme: 'light',
      colors: { running: '#00aa00' },
      goneRowSeconds: 10,
    });
    expect(read(['# nothing set yet'])).toEqual(DEFAULT_SETTINGS);
  });

  it('rebinds keys: the new key runs the action, the old one no longer does, help and footer show it', () => {
    const bindings = rebind(BINDINGS, settings.keys);
    const ctrl = (input: string) => ({ input, ctrl: true, meta: false });
    expect(commandFor(ctrl('x'), bindings)).toBe('stop');
    expect(commandFor(ctrl('d'), bindings)).toBeUndefined();
    expect(commandFor({ input: 'h', ctrl: false, meta: false }, bindings)).toBe('help');
    expect(footerHints(bindings)).toContain('Ctrl-X delete');
    expect(footerHints(bindings)[0]).toBe('h help');
    expect(keymapHelp(bindings).find((k) => k.action === 'this help')?.keys).toBe('h / ?');
  });

  it('chooses and orders the columns, each still only where it applies', () => {
    const kube = columnsFor('kubernetes', { showNamespace: false, showContext: false });
    expect(chooseColumns(kube, settings.columns).map((c) => c.header)).toEqual(['STATE', 'POD', 'CONTAINER', 'REASON', 'AGE']);
    // NAMESPACE is asked for, but a single-namespace view has no such column to show.
    expect(chooseColumns(kube, ['namespace', 'group']).map((c) => c.header)).toEqual(['POD']);
    expect(chooseColumns(kube, undefined)).toEqual(kube);
  });

  it('picks the light preset with the colour it overrides; NO_COLOR still turns every colour off', () => {
    const colors = themeColors(settings.theme, settings.colors, true);
    expect(colors.running).toBe('#00aa00');
    expect(colors.waiting).not.toBe('yellow');
    expect(themeColors('dark', {}, true).waiting).toBe('yellow');
    expect(Object.values(themeColors(settings.theme, settings.colors, false)).every((c) => c === undefined)).toBe(true);
  });

  it('config show prints what reads back as the same settings', () => {
    const colors = themeColors(settings.theme, settings.colors, true) as Record<string, string>;
    const shown = readSettings(settingsText(settings, colors as never), FILE);
    expect(shown.defaults).toEqual(settings.defaults);
    expect(shown.columns).toEqual(settings.columns);
    expect(rebind(BINDINGS, shown.keys)).toEqual(rebind(BINDINGS, settings.keys));
    expect(themeColors(shown.theme, shown.colors, true)).toEqual(colors);
    expect(shown.goneRowSeconds).toBe(10);
  });
});

describe("the README's example file", () => {
  it('is read as it says', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const example = /```yaml\n(# ~\/\.config\/podlife\/config\.yaml\n[\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const settings = readSettings(example!, FILE);
    expect(settings.defaults).toMatchObject({ context: 'kind-dev', namespace: 'web', allNamespaces: false, readonly: true });
    expect(settings.keys.stop).toEqual([{ ctrl: 'x' }]);
    expect(settings).toMatchObject({ theme: 'light', goneRowSeconds: 30 });
  });
});

describe('where the file is', () => {
  it('is $PODLIFE_CONFIG, else $XDG_CONFIG_HOME/podlife/config.yaml, else ~/.config/podlife/config.yaml', () => {
    expect(settingsLocation({ PODLIFE_CONFIG: '/etc/p.yaml', XDG_CONFIG_HOME: '/x', HOME: '/home/u' }).path).toBe('/etc/p.yaml');
    expect(settingsLocation({ XDG_CONFIG_HOME: '/x', HOME: '/home/u' }).path).toBe('/x/podlife/config.yaml');
    expect(settingsLocation({ HOME: '/home/u' }).path).toBe('/home/u/.config/podlife/config.yaml');
    // The XDG spec: a relative XDG_CONFIG_HOME is ignored.
    expect(settingsLocation({ XDG_CONFIG_HOME: 'rel', HOME: '/home/u' }).path).toBe('/home/u/.config/podlife/config.yaml');
  });

  it('is optional at its usual place, but must exist when PODLIFE_CONFIG names it', () => {
    expect(loadSettings({ HOME: '/nonexistent-home' })).toMatchObject({ found: false, settings: DEFAULT_SETTINGS });
    expect(() => loadSettings({ PODLIFE_CONFIG: '/nonexistent/podlife.yaml', HOME: '/h' })).toThrow('/nonexistent/podlife.yaml (from PODLIFE_CONFIG) does not exist');
  });
});

describe('the defaults under the command line', () => {
  const defaults = { context: 'kind-dev', namespace: 'web', allNamespaces: true, readonly: true, kubeconfig: '/k' };
  const ctx = (command: 'dashboard' | 'delete', argv: string[] = []) => ({ command, file: FILE, argv, env: {} });

  it('fill in what the line leaves out; a flag on the line wins', () => {
    expect(flagsWithDefaults({}, defaults, ctx('dashboard'))).toMatchObject({ context: 'kind-dev', allNamespaces: true, readonly: true, kubeconfig: '/k' });
    const given = flagsWithDefaults({ namespace: 'db', context: 'prod', allNamespaces: false }, defaults, ctx('dashboard'));
    expect(given).toMatchObject({ namespace: 'db', context: 'prod', allNamespaces: false });
    expect(flagsWithDefaults({ readonly: false }, defaults, ctx('dashboard', ['--no-readonly'])).readonly).toBe(false);
  });

  it('apply only where the flag would: no -A for delete (its namespace instead), no context or namespace for --docker', () => {
    const del = flagsWithDefaults({ allNamespaces: false }, defaults, ctx('delete'));
    expect([del.namespace, del.allNamespaces]).toEqual(['web', false]);
    const docker = flagsWithDefaults({ docker: true }, defaults, ctx('dashboard'));
    expect([docker.context, docker.namespace, docker.allNamespaces]).toEqual([undefined, undefined, undefined]);
    expect(() => flagsWithDefaults({}, { context: 'a,b' }, ctx('delete'))).toThrow(`podlife delete acts on one context; the context in ${FILE} (a,b) names several: give --context NAME`);
  });

  it('leave the kubeconfig to $KUBECONFIG when it is set, as kubectl would', () => {
    expect(flagsWithDefaults({}, defaults, { ...ctx('dashboard'), env: { KUBECONFIG: '/env' } }).kubeconfig).toBeUndefined();
  });
});
