// Server clock minus local clock from HTTP `Date` headers. A Date header has whole-second
// resolution, so one response only says: at some local moment in [sent, received] the
// server's clock read somewhere in [D, D + 1 s). Intersecting those windows over several
// responses narrows the offset to about the request spacing plus the round trip.

export interface OffsetSample {
  /** Local time the request was sent / the response headers arrived. */
  sentAt: number;
  receivedAt: number;
  /** The response's Date header. */
  date: string;
}

export class ClockOffsetEstimator {
  private low = Number.NEGATIVE_INFINITY;
  private high = Number.POSITIVE_INFINITY;

  /** Adds a response; returns false when its Date header is unusable. */
  add(sample: OffsetSample): boolean {
    const server = Date.parse(sample.date);
    if (Number.isNaN(server) || sample.receivedAt < sample.sentAt) return false;
    const low = server - sample.receivedAt;
    const high = server + 1000 - sample.sentAt;
    if (low > this.high || high < this.low) {
      // Disjoint from what we knew: one of the clocks was stepped. Start again from here.
      this.low = low;
      this.high = high;
    } else {
      this.low = Math.max(this.low, low);
      this.high = Math.min(this.high, high);
    }
    return true;
  }

  /** Best estimate (middle of the window), undefined before the first sample. */
  get offsetMs(): number | undefined {
    return Number.isFinite(this.low) ? Math.round((this.low + this.high) / 2) : undefined;
  }

  /** Half the window: how far off the estimate can be. */
  get uncertaintyMs(): number | undefined {
    return Number.isFinite(this.low) ? Math.round((this.high - this.low) / 2) : undefined;
  }
}
