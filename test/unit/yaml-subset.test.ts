// The settings file's YAML reader: what it reads (as YAML 1.2 defines it) keeps each
// node's line; what it does not read is refused with the line, never half-understood.
import { describe, expect, it } from 'vitest';
import { parseYamlSubset, YamlSubsetError, type YamlNode } from '../../src/settings/yaml-subset.js';

/** The plain value of a node, for comparing with what YAML means. */
function plain(node: YamlNode | undefined): unknown {
  if (node === undefined) return undefined;
  if (node.kind === 'scalar') return node.value;
  if (node.kind === 'list') return node.items.map(plain);
  return Object.fromEntries(node.entries.map((e) => [e.key, plain(e.value)]));
}

function refusal(text: string): { line: number; message: string } {
  try {
    parseYamlSubset(text);
  } catch (err) {
    if (err instanceof YamlSubsetError) return { line: err.line, message: err.message };
    throw err;
  }
  throw new Error('not refused');
}

describe('parseYamlSubset', () => {
  it('reads nested maps, block and flow lists, quoted and plain scalars, and comments', () => {
    const text = [
      '# settings',
      'defaults:',
      '  context: "kind-dev"   # quoted',
      "  namespace: 'it''s'",
      '  all-namespaces: false',
      'columns: [group, name, "state"]',
      'keys:',
      '  stop:',
      '    - ctrl-x',
      '    - "#"',
      'gone-row-seconds: 30',
      'empty:',
      'nothing: ~',
      'url: unix:///run/podman.sock',
    ].join('\n');
    expect(plain(parseYamlSubset(text))).toEqual({
      defaults: { context: 'kind-dev', namespace: "it's", 'all-namespaces': false },
      columns: ['group', 'name', 'state'],
      keys: { stop: ['ctrl-x', '#'] },
      'gone-row-seconds': 30,
      empty: null,
      nothing: null,
      url: 'unix:///run/podman.sock',
    });
  });

  it('keeps the line of every key and value', () => {
    const root = parseYamlSubset('\n# c\ntheme: light\nkeys:\n  quit: Q\n');
    expect(root?.kind).toBe('map');
    if (root?.kind !== 'map') return;
    expect(root.entries.map((e) => [e.key, e.line])).toEqual([['theme', 3], ['keys', 4]]);
    const keys = root.entries[1]!.value;
    expect(keys.kind === 'map' && keys.entries[0]!.line).toBe(5);
  });

  it("reads a kubeconfig as kubectl writes it (lists of maps at the key's indent, preferences: {})", () => {
    const text = ['apiVersion: v1', 'contexts:', '- context:', '    cluster: kind', '    user: kind', '  name: kind-dev', '- name: prod', '  context:', '    cluster: p', 'preferences: {}', 'current-context: kind-dev'].join('\n');
    expect(plain(parseYamlSubset(text))).toEqual({
      apiVersion: 'v1',
      contexts: [{ context: { cluster: 'kind', user: 'kind' }, name: 'kind-dev' }, { name: 'prod', context: { cluster: 'p' } }],
      preferences: {},
      'current-context': 'kind-dev',
    });
  });

  it('reads an empty or comment-only file as no document', () => {
    expect(parseYamlSubset('')).toBeUndefined();
    expect(parseYamlSubset('# nothing yet\n\n')).toBeUndefined();
  });

  it('refuses what it does not read, naming the line', () => {
    expect(refusal('a: 1\nb: &x 2\n')).toEqual({ line: 2, message: expect.stringContaining('anchors') });
    expect(refusal('a: |\n  text\n')).toMatchObject({ line: 1, message: expect.stringContaining('multi-line') });
    expect(refusal('a: {b: 1}\n')).toMatchObject({ line: 1, message: expect.stringContaining('one "key: value" per line') });
    expect(refusal('a: 1\na: 2\n')).toMatchObject({ line: 2, message: 'key "a" appears twice' });
    expect(refusal('a:\n\tb: 1\n')).toMatchObject({ line: 2, message: expect.stringContaining('tab') });
    expect(refusal('a: 1\n  b: 2\n')).toMatchObject({ line: 2, message: 'unexpected indentation' });
    expect(refusal('a: "open\n')).toMatchObject({ line: 1, message: expect.stringContaining('not closed') });
    expect(refusal('a: [x, y\n')).toMatchObject({ line: 1, message: expect.stringContaining('end with ]') });
    expect(refusal('just words\n')).toMatchObject({ line: 1, message: expect.stringContaining('expected "key: value"') });
    expect(refusal('a: 1\n---\nb: 2\n')).toMatchObject({ line: 2, message: expect.stringContaining('one YAML document') });
  });
});
