// A Map that holds at most `limit` entries, dropping the oldest written first: a memo for
// values that are costly to work out and asked for again and again (the same cell text
// frame after frame), whose memory must not grow with everything ever shown.
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly limit: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: K): V | undefined {
    return this.entries.get(key);
  }

  set(key: K, value: V): void {
    if (!this.entries.has(key) && this.entries.size >= this.limit) {
      const [oldest] = this.entries.keys();
      this.entries.delete(oldest as K);
    }
    this.entries.set(key, value);
  }

  clear(): void {
    this.entries.clear();
  }
}
