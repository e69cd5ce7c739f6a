// A strict reader for the part of YAML that podlife's settings file uses: block mappings
// and lists by indentation, one-line flow lists [a, b], quoted and plain scalars,
// comments. Every node keeps its line, so a bad setting can be named by line. Anything
// outside that subset (anchors, tags, block scalars, flow mappings, several documents)
// is refused with its line instead of being half-understood. kubectl's own kubeconfig
// files are in the subset too (shell completion reads their context names with it).

export type YamlScalar = string | number | boolean | null;

export type YamlNode =
  | { kind: 'map'; line: number; entries: YamlEntry[] }
  | { kind: 'list'; line: number; items: YamlNode[] }
  | { kind: 'scalar'; line: number; value: YamlScalar };

export interface YamlEntry {
  key: string;
  line: number;
  value: YamlNode;
}

export class YamlSubsetError extends Error {
  override readonly name = 'YamlSubsetError';
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(message);
  }
}

interface Line {
  no: number;
  indent: number;
  text: string;
}

/** The document's root, or undefined for a file with nothing but comments. */
export function parseYamlSubset(source: string): YamlNode | undefined {
  const lines = significantLines(source);
  if (lines.length === 0) return undefined;
  const reader = new BlockReader(lines);
  const root = reader.block(lines[0]!.indent);
  reader.expectEnd();
  return root;
}

function significantLines(source: string): Line[] {
  const lines: Line[] = [];
  let started = false;
  source.split(/\r?\n/).forEach((raw, index) => {
    const no = index + 1;
    const indentText = /^[ \t]*/.exec(raw)![0];
    const text = stripComment(raw.slice(indentText.length)).trimEnd();
    if (text === '') return;
    if (indentText.includes('\t')) throw new YamlSubsetError(no, 'a tab indents this line; YAML indents with spaces');
    if (text === '---' && !started) return;
    if (text === '---' || text === '...') throw new YamlSubsetError(no, 'only one YAML document is read; remove the "---" / "..." line');
    started = true;
    lines.push({ no, indent: indentText.length, text });
  });
  return lines;
}

/** The line without its comment: '#' at the start or after a space, outside quotes. */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const prev = i === 0 ? ' ' : text[i - 1]!;
    if (quote === undefined) {
      if ((ch === '"' || ch === "'") && /[\s[,:-]/.test(prev)) quote = ch;
      else if (ch === '#' && /\s/.test(prev)) return text.slice(0, i);
    } else if (quote === '"' && ch === '\\') {
      i++;
    } else if (ch === quote) {
      if (quote === "'" && text[i + 1] === "'") i++;
      else quote = undefined;
    }
  }
  return text;
}

const isListItem = (text: string) => text === '-' || text.startsWith('- ');

class BlockReader {
  private at = 0;
  constructor(private readonly lines: Line[]) {}

  block(indent: number): YamlNode {
    return isListItem(this.lines[this.at]!.text) ? this.list(indent) : this.map(indent);
  }

  expectEnd(): void {
    const line = this.lines[this.at];
    if (line) throw new YamlSubsetError(line.no, 'this line is indented less than the block it follows, or more than the one it ends');
  }

  private map(indent: number): YamlNode {
    const first = this.lines[this.at]!;
    const entries: YamlEntry[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent) break;
      if (line.indent > indent) throw new YamlSubsetError(line.no, 'unexpected indentation');
      if (isListItem(line.text)) throw new YamlSubsetError(line.no, 'a list item ("- …") where a "key: value" line was expected');
      const { key, rest } = splitKey(line);
      if (entries.some((e) => e.key === key)) throw new YamlSubsetError(line.no, `key "${key}" appears twice`);
      this.at++;
      entries.push({ key, line: line.no, value: rest === '' ? this.nested(indent, line.no, true) : inlineValue(rest, line.no) });
    }
    return { kind: 'map', line: first.no, entries };
  }

  private list(indent: number): YamlNode {
    const first = this.lines[this.at]!;
    const items: YamlNode[] = [];
    while (this.at < this.lines.length) {
      const line = this.lines[this.at]!;
      if (line.indent < indent || (line.indent === indent && !isListItem(line.text))) break;
      if (line.indent > indent) throw new YamlSubsetError(line.no, 'unexpected indentation');
      const rest = line.text.slice(1).trimStart();
      if (rest === '') {
        this.at++;
        items.push(this.nested(indent, line.no, false));
      } else if (looksLikeKey(rest)) {
        // "- key: value": a mapping whose first key sits after the dash.
        const keyIndent = indent + line.text.length - rest.length;
        this.lines[this.at] = { no: line.no, indent: keyIndent, text: rest };
        items.push(this.map(keyIndent));
      } else {
        this.at++;
        items.push(inlineValue(rest, line.no));
      }
    }
    return { kind: 'list', line: first.no, items };
  }

  /** The block under "key:" or "-": more indented, or (after a key) a list at the key's own indent, else null. */
  private nested(indent: number, lineNo: number, afterKey: boolean): YamlNode {
    const next = this.lines[this.at];
    if (next && next.indent > indent) return this.block(next.indent);
    if (next && afterKey && next.indent === indent && isListItem(next.text)) return this.list(indent);
    return { kind: 'scalar', line: lineNo, value: null };
  }
}

function looksLikeKey(text: string): boolean {
  if (/^["']/.test(text)) return /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(\s|$)/.test(text);
  return !/^[[{]/.test(text) && /^[^:]*?:(\s|$)/.test(text);
}

function splitKey(line: Line): { key: string; rest: string } {
  const quoted = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*')\s*:(?:\s+(.*))?$/.exec(line.text);
  if (quoted) return { key: String(quotedScalar(quoted[1]!, line.no)), rest: quoted[2] ?? '' };
  const plain = /^([^\s"'#&*!|>{}[\],][^:]*?)\s*:(?:\s+(.*))?$/.exec(line.text);
  if (!plain) throw new YamlSubsetError(line.no, `expected "key: value", found "${line.text}"`);
  return { key: plain[1]!, rest: plain[2] ?? '' };
}

function inlineValue(text: string, no: number): YamlNode {
  if (text.startsWith('[')) return { kind: 'list', line: no, items: flowItems(text, no).map((item) => ({ kind: 'scalar', line: no, value: scalar(item, no) })) };
  if (text === '{}') return { kind: 'map', line: no, entries: [] };
  return { kind: 'scalar', line: no, value: scalar(text, no) };
}

/** "[a, 'b, c', d]" → the item texts; nested lists and maps are outside the subset. */
function flowItems(text: string, no: number): string[] {
  if (!text.endsWith(']')) throw new YamlSubsetError(no, 'a list written [ … ] must end with ] on the same line');
  const inner = text.slice(1, -1);
  const items: string[] = [];
  let current = '';
  let quote: string | undefined;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i]!;
    if (quote === undefined && (ch === '[' || ch === '{')) throw new YamlSubsetError(no, 'lists and maps inside [ … ] are not supported; write them as blocks');
    if (quote === undefined && ch === ',') {
      items.push(current.trim());
      current = '';
      continue;
    }
    if (quote === undefined && (ch === '"' || ch === "'") && current.trim() === '') quote = ch;
    else if (quote === '"' && ch === '\\') current += inner[i++];
    else if (ch === quote) quote = undefined;
    current += ch;
  }
  if (current.trim() !== '') items.push(current.trim());
  else if (items.length > 0) throw new YamlSubsetError(no, 'an empty item in [ … ] (a comma too many)');
  return items;
}

function scalar(text: string, no: number): YamlScalar {
  if (text.startsWith('"') || text.startsWith("'")) return quotedScalar(text, no);
  if (/^[&*]/.test(text)) throw new YamlSubsetError(no, 'YAML anchors and aliases (& and *) are not supported here');
  if (text.startsWith('!')) throw new YamlSubsetError(no, 'YAML tags (!) are not supported here');
  if (/^[|>]/.test(text)) throw new YamlSubsetError(no, 'multi-line strings (| and >) are not supported here; quote the value on one line');
  if (text.startsWith('{')) throw new YamlSubsetError(no, 'maps written { … } are not supported here; write one "key: value" per line');
  if (/^(true|True|TRUE)$/.test(text)) return true;
  if (/^(false|False|FALSE)$/.test(text)) return false;
  if (/^(null|Null|NULL|~)$/.test(text)) return null;
  if (/^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(text)) return Number(text);
  if (/:(\s|$)/.test(text)) throw new YamlSubsetError(no, `a value cannot contain ": " unquoted; quote it ("${text}")`);
  return text;
}

function quotedScalar(text: string, no: number): string {
  if (text.startsWith("'")) {
    if (!/^'(?:[^']|'')*'$/.test(text)) throw new YamlSubsetError(no, 'a quoted value is not closed, or has text after its closing quote');
    return text.slice(1, -1).replace(/''/g, "'");
  }
  if (!/^"(?:[^"\\]|\\.)*"$/.test(text)) throw new YamlSubsetError(no, 'a quoted value is not closed, or has text after its closing quote');
  const escapes: Record<string, string> = { n: '\n', t: '\t', '"': '"', '\\': '\\', '/': '/', '0': '\0' };
  return text.slice(1, -1).replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => {
    if (e.startsWith('u') && e.length === 5) return String.fromCharCode(parseInt(e.slice(1), 16));
    const out = escapes[e];
    if (out === undefined) throw new YamlSubsetError(no, `unknown escape \\${e} in a double-quoted value`);
    return out;
  });
}
