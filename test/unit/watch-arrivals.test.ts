// A frame waits while watch data read on the main thread is still coming: for as long as
// the last chunk is recent, and not at all once it paused.
import { describe, expect, it } from 'vitest';
import { STILL_COMING_MS, noteWatchChunkRead, watchDataStillComingMs } from '../../src/sources/watch-arrivals.js';

describe('watch data still coming', () => {
  it('counts down from the last chunk read to nothing once the data paused', () => {
    noteWatchChunkRead(1_000);
    expect(watchDataStillComingMs(1_000)).toBe(STILL_COMING_MS);
    expect(watchDataStillComingMs(1_000 + STILL_COMING_MS / 2)).toBe(STILL_COMING_MS / 2);
    expect(watchDataStillComingMs(1_000 + STILL_COMING_MS)).toBe(0);
    expect(watchDataStillComingMs(5_000)).toBe(0);
    noteWatchChunkRead(5_000); // a new chunk starts the count again
    expect(watchDataStillComingMs(5_001)).toBe(STILL_COMING_MS - 1);
  });
});
