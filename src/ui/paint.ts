// Colour as Ink's <Text> applies it (ink/build/colorize.js), for the lines podlife joins
// itself (a table row, the header's title): the same chalk calls, so the same bytes.
import chalk from 'chalk';

/** A colour as <Text color> applies it: a chalk colour name or #rgb / #rrggbb; none: unchanged. */
export function paint(text: string, color: string | undefined): string {
  if (!color) return text;
  if (color.startsWith('#')) return chalk.hex(color)(text);
  const named = (chalk as unknown as Record<string, ((text: string) => string) | undefined>)[color];
  return named ? named(text) : text;
}

/** What <Text bold> does to its text. */
export const bold = (text: string): string => chalk.bold(text);
/** What <Text dimColor> does to its text. */
export const dim = (text: string): string => chalk.dim(text);
/** What <Text inverse> does to its text. */
export const inverse = (text: string): string => chalk.inverse(text);
