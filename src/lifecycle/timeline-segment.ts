// One stretch or moment of a container's timeline: the shape timeline.ts builds and
// pod-timeline.ts adds to. Its own file so that the two need nothing else of each other.
export type TimelinePhase = 'pull' | 'created' | 'postStart' | 'running' | 'readiness' | 'stop' | 'endpoint' | 'preStop' | 'turn' | 'termToExit' | 'log' | 'kill' | 'waiting' | 'terminated' | 'restart';

export interface TimelineSegment {
  phase: TimelinePhase;
  label: string;
  from?: number;
  to?: number;
  seconds?: number;
  /** false = podlife did not observe it (started watching late): shown as unknown, never invented */
  known: boolean;
  detail?: string;
}
