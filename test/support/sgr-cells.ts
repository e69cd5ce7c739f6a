// A line of terminal output read back as cells, each with the colour and style codes
// (SGR) in force where it was written: what the terminal would show, for tests of colour.

export interface Cell {
  char: string;
  fg?: number;
  bold: boolean;
  dim: boolean;
  inverse: boolean;
}

/** A line of terminal output as cells, each with the SGR state in force where it was written. */
export function cells(line: string): Cell[] {
  const out: Cell[] = [];
  let fg: number | undefined;
  let bold = false;
  let dim = false;
  let inverse = false;
  for (const part of line.split(/(\u001B\[[0-9;]*m)/)) {
    const sgr = /^\u001B\[([0-9;]*)m$/.exec(part);
    if (!sgr) {
      for (const char of part) out.push({ char, fg, bold, dim, inverse });
      continue;
    }
    for (const code of (sgr[1] || '0').split(';').map(Number)) {
      if (code === 0) [fg, bold, dim, inverse] = [undefined, false, false, false];
      else if (code === 1) bold = true;
      else if (code === 2) dim = true;
      else if (code === 22) [bold, dim] = [false, false];
      else if (code === 7) inverse = true;
      else if (code === 27) inverse = false;
      else if (code === 39) fg = undefined;
      else if ((code >= 30 && code <= 37) || (code >= 90 && code <= 97)) fg = code;
    }
  }
  return out;
}
