// One message of dockerd's (or Podman's Docker-compatible) event stream, as the API sends it.

/** A message of the Engine API's GET /events, as served (NDJSON, one per line). */
export interface DockerEventMessage {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
  /** Legacy fields (API < 1.22) still sent alongside the new ones. */
  status?: string;
  id?: string;
  time?: number;
  timeNano?: number | string;
}
