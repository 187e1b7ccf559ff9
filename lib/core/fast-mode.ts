/**
 * Fast mode: skip cdktf's per-token stack-trace capture.
 *
 * cdktf records a full stack trace for every token it creates (every `.id` read, every
 * complex list of a generated binding, every `Lazy`). The traces are only used to point at
 * the line that created a token when resolution fails, yet they take most of the time spent
 * building a tree (measured: 206 ms of 230 ms for 1000 VMs under node, more under vitest or
 * tsx). Fast mode replaces the capture with a function returning no frames. The synthesized
 * output is byte-identical either way (a test proves it).
 *
 * Turn it on at the top of an app, before building stacks. Set the environment variable
 * `OPENSTACK_HA_STACK_TRACES=1` to keep the traces while debugging a token error: fast mode
 * then stays off whatever the code asks for.
 *
 * @module
 */
import { FRAMEWORK_PACKAGE } from './cdk';

/** The environment variable that keeps stack traces on (fast mode off) when set to `1` or `true`. */
export const STACK_TRACES_ENV = 'OPENSTACK_HA_STACK_TRACES';

interface StackTraceModule {
  captureStackTrace: (below?: unknown) => string[];
}

const traceModule: StackTraceModule = require(`${FRAMEWORK_PACKAGE}/lib/tokens/private/stack-trace`);
const originalCapture = traceModule.captureStackTrace;
const noFrames = (): string[] => [];

/** True when the environment asks to keep stack traces. */
export function stackTracesRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env[STACK_TRACES_ENV] ?? '').toLowerCase();
  return v === '1' || v === 'true' || v === 'yes';
}

/**
 * Turns fast mode on or off for the whole process.
 *
 * @param on - true to skip stack traces, false to restore cdktf's own capture
 * @returns whether fast mode is on after the call (always false when
 *   `OPENSTACK_HA_STACK_TRACES=1` is set and `on` is true)
 */
export function setFastMode(on: boolean): boolean {
  const effective = on && !stackTracesRequested();
  traceModule.captureStackTrace = effective ? noFrames : originalCapture;
  return effective;
}

/** Turns fast mode on (unless `OPENSTACK_HA_STACK_TRACES=1`); call it before building stacks. */
export function enableFastMode(): boolean {
  return setFastMode(true);
}

/** True while fast mode is on. */
export function isFastMode(): boolean {
  return traceModule.captureStackTrace === noFrames;
}
