// What a recording holds and a replay reads back: records as the live sources received
// them. Here, not in sources/, so that record/ knows no source.

/**
 * One thing a source received from its backend, exactly as received (a watch event with
 * its object, a Docker event, an inspect result), stamped with the local receive time.
 * Live sources hand each record to an optional tap (the recorder) and then to their
 * feed; the replay source reads recorded ones back into the same feed, so a replay
 * produces the same rows as the live session did.
 */
export interface RawRecord {
  /** Local receive time, epoch ms: when the source took the record in. Never goes backwards in a recording. */
  t: number;
  /**
   * When its bytes came off the socket, where that was stamped apart from t (a watch read
   * on the stream reader's thread): earlier than t by as long as the main thread was busy.
   * The moment the record says its contents were seen. Streams are stamped each on their
   * own, so unlike t it may go backwards from one record to the next.
   */
  arrivedAt?: number;
  /** e.g. 'k8s.pods.list', 'k8s.pod', 'k8s.event', 'docker.list', 'docker.event', 'docker.inspect', 'status'. */
  type: string;
  context: string;
  data: unknown;
}

export interface RawTap {
  (record: RawRecord): void;
  /**
   * While the tap cannot keep up (a recording's disk), a promise that settles when it
   * can; a live source reads no further from its stream until then, so what is waiting
   * to be written stays bounded (the server and TCP hold the rest).
   */
  backlog?(): Promise<void> | undefined;
}
