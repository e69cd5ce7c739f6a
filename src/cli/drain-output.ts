// Where a drain's lines go: "HH:MM:SS.d  text" for people, or with -o ndjson one JSON
// object per line ({at, event, …, text}) for scripts: the same events, the same words.
export interface DrainEvent {
  /** plan, cordon, evict, held, accepted, phase, gone, failed, pod, replacement, summary, … */
  event: string;
  text: string;
  pod?: string;
  container?: string;
  [field: string]: unknown;
}

export class DrainOutput {
  constructor(
    private readonly ndjson: boolean,
    private readonly write: (text: string) => void = (text) => void process.stdout.write(text),
  ) {}

  emit(e: DrainEvent, at = Date.now()): void {
    if (this.ndjson) this.write(JSON.stringify({ at: new Date(at).toISOString(), ...e }) + '\n');
    else this.write(`${clock(at)}  ${e.text}\n`);
  }

  /** Lines without a time: the plan and the summary, for people; one event each for scripts. */
  block(event: string, lines: string[], fields: Record<string, unknown> = {}): void {
    if (this.ndjson) this.write(JSON.stringify({ at: new Date().toISOString(), event, ...fields, text: lines.join('\n') }) + '\n');
    else this.write(lines.join('\n') + '\n');
  }
}

function clock(at: number): string {
  const d = new Date(at);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${Math.floor(d.getMilliseconds() / 100)}`;
}
