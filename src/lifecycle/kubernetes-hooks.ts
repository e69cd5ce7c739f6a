// Lifecycle hooks of a container spec: which handler kind, and how long a preStop is known to take.
import type { HookKind, Hooks } from './types.js';
import type { ContainerJson, HandlerJson } from './kubernetes-json.js';

export function handlerKind(handler: HandlerJson | undefined): HookKind | undefined {
  if (!handler) return undefined;
  if (handler.exec) return 'exec';
  if (handler.httpGet) return 'httpGet';
  if (handler.tcpSocket) return 'tcpSocket';
  if (handler.sleep) return 'sleep';
  return undefined;
}

// `… && sleep 5`, `…; sleep 5s`, or a bare `sleep 5`: only a trailing sleep tells the duration.
const TRAILING_SLEEP = /(?:^|[\s;&|])sleep\s+(\d+(?:\.\d+)?)s?\s*;?\s*$/;

/** Seconds a preStop handler is known to take: `sleep.seconds`, or an exec ending in `sleep N`. */
export function knownHandlerSeconds(handler: HandlerJson | undefined): number | undefined {
  if (!handler) return undefined;
  if (handler.sleep && typeof handler.sleep.seconds === 'number') return handler.sleep.seconds;
  const command = handler.exec?.command;
  if (!command || command.length === 0) return undefined;
  // ["sh", "-c", "script"] → the script; ["sleep", "5"] → "sleep 5".
  const script = command.length >= 3 && /^-\w*c$/.test(command[1] ?? '') ? command.slice(2).join(' ') : command.join(' ');
  const match = TRAILING_SLEEP.exec(script);
  return match ? Number(match[1]) : undefined;
}

/** Most containers have no hooks: their rows share this one object (one less object a row at 50,000 pods). */
const NO_HOOKS: Hooks = Object.freeze({});

export function hooksOf(container: ContainerJson): Hooks {
  const postStart = handlerKind(container.lifecycle?.postStart);
  const preStop = handlerKind(container.lifecycle?.preStop);
  if (!postStart && !preStop) return NO_HOOKS;
  const hooks: Hooks = {};
  if (postStart) hooks.postStart = postStart;
  // A `sleep` of 0 seconds (PodLifecycleSleepActionAllowZero) returns at once: no phase to show.
  const noOp = preStop === 'sleep' && container.lifecycle?.preStop?.sleep?.seconds === 0;
  if (preStop && !noOp) {
    hooks.preStop = preStop;
    const seconds = knownHandlerSeconds(container.lifecycle?.preStop);
    if (seconds !== undefined) hooks.preStopSeconds = seconds;
  }
  return hooks;
}
