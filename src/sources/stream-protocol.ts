// The messages between the main thread and the stream reader (stream-worker.ts).
import type { TlsSettings } from './kube-agent.js';

export type ToReader =
  /** A GET whose body is streamed back; agent: the connection pool to use (one per client and certificate). */
  | { op: 'open'; id: number; url: string; headers: Record<string, string | number>; agent: number; tls: TlsSettings }
  /** The main thread took this many more bytes (said every so often): the socket may be read further. */
  | { op: 'took'; id: number; bytes: number }
  | { op: 'close'; id: number }
  /** A pool no longer used for new streams; closed at once (the client closed) or as its streams end (a new certificate). */
  | { op: 'forget-agent'; agent: number; now: boolean };

export type FromReader =
  /** The thread has loaded what it needs and reads the messages sent to it (id 0: no stream's). */
  | { op: 'ready'; id: 0 }
  | { op: 'head'; id: number; status: number; headers: Record<string, string>; sentAt: number; receivedAt: number }
  /** Chunks, one after the other in bytes: chunk i ends at ends[i] and came off the socket at ats[i] (Date.now() there). */
  | { op: 'data'; id: number; bytes: Uint8Array; ends: number[]; ats: number[] }
  | { op: 'end'; id: number }
  | { op: 'error'; id: number; message: string; code?: string };
