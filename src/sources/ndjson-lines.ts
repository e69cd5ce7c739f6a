// A stream of newline-delimited JSON (a watch) cut into lines as bytes, each line decoded
// once, whole. Decoding each chunk and joining the text made a two-piece string that the
// search for its newline then copied whole: under churn an event comes in two chunks (the
// apiserver writes 4 KB at a time), and those copies were 4 % of what the main thread
// allocated.
export class NdjsonLines {
  /** The start of a line whose newline has not come yet. */
  private pending: Uint8Array[] = [];
  private readonly decoder = new TextDecoder();

  /**
   * Hands each line this chunk completes to `take`, without its newline; stops when take
   * returns false, and then returns false too.
   */
  push(chunk: Uint8Array, take: (line: string) => boolean): boolean {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      const line = this.decode(chunk.subarray(start, newline));
      start = newline + 1;
      if (!take(line)) return false;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    return true;
  }

  /** The line ending with `end`: a newline byte is never part of a longer UTF-8 character. */
  private decode(end: Uint8Array): string {
    if (this.pending.length === 0) return this.decoder.decode(end);
    const whole = Buffer.concat([...this.pending, end]);
    this.pending = [];
    return this.decoder.decode(whole);
  }
}
