// The messages between the main thread and the stream reader (stream-worker.ts).
import type { TlsSettings } from './kube-agent.js';

export type ToReader =
  /**
   * A GET whose body is streamed back through ring (chunk-ring.ts); agent: the connection
   * pool to use (one per client and certificate).
   */
  | { op: 'open'; id: number; url: string; headers: Record<string, string | number>; agent: number; tls: TlsSettings; ring: SharedArrayBuffer }
  /** The ring, full a moment ago, has room again: the socket may be read further. */
  | { op: 'room'; id: number }
  | { op: 'close'; id: number }
  /** A pool no longer used for new streams; closed at once (the client closed) or as its streams end (a new certificate). */
  | { op: 'forget-agent'; agent: number; now: boolean };

export type FromReader =
  /** The thread has loaded what it needs and reads the messages sent to it (id 0: no stream's). */
  | { op: 'ready'; id: 0 }
  | { op: 'head'; id: number; status: number; headers: Record<string, string>; sentAt: number; receivedAt: number }
  /** The ring has chunks (each with when it came off the socket): take them. */
  | { op: 'data'; id: number }
  /** After the last chunk was written to the ring. */
  | { op: 'end'; id: number }
  | { op: 'error'; id: number; message: string; code?: string };
