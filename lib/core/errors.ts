import { IConstruct } from './cdk';
import { ErrorCode, ERROR_CODES } from './error-codes';

/**
 * One problem found in the input of a construct.
 *
 * Every field is meant for the person who wrote the stack: which rule failed (a code that
 * never changes meaning), where (the construct path and the prop), what was received, and
 * what to do about it.
 */
export interface HaProblem {
  /** The stable code of the rule that failed, for example `HA1001`. */
  readonly code: ErrorCode;
  /** The construct path, for example `prod/Db`. */
  readonly path: string;
  /** The prop (or dotted prop path) that holds the bad value, for example `nodes.count`. */
  readonly prop: string;
  /** The value received, as the user passed it (secrets are never put here). */
  readonly value: unknown;
  /** What is wrong, in one sentence. */
  readonly message: string;
  /** How to fix it, in one sentence. */
  readonly fix: string;
}

/** Renders a received value for an error message: short, single-line, never a secret. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return '[function]';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

/** Formats one problem as a single block of text. */
export function formatProblem(problem: HaProblem): string {
  return (
    `[${problem.code}] ${problem.path}: ${problem.prop} = ${describeValue(problem.value)}: ${problem.message}\n` +
    `    fix: ${problem.fix}`
  );
}

/**
 * The error every construct of the library throws for bad input.
 *
 * It carries every problem found at once, so a stack with three mistakes fails once with
 * three entries rather than three times. Catch it and read {@link HaValidationError.problems}
 * to handle problems programmatically; print it to show them all.
 *
 * @example
 * try { new HaMysqlGalera(stack, 'Db', { nodes }) }
 * catch (e) { if (e instanceof HaValidationError) console.log(e.codes) }
 */
export class HaValidationError extends Error {
  /**
   * Tells whether a value is an `HaValidationError`, also across two installed copies of
   * the library (where `instanceof` fails).
   */
  public static isHaValidationError(x: unknown): x is HaValidationError {
    return typeof x === 'object' && x !== null && HA_VALIDATION_ERROR in x;
  }

  /** Every problem found, in the order the rules are declared. */
  public readonly problems: readonly HaProblem[];

  constructor(problems: readonly HaProblem[]) {
    if (problems.length === 0) {
      throw new Error('HaValidationError needs at least one problem');
    }
    const heading =
      problems.length === 1
        ? `1 problem in the stack definition:`
        : `${problems.length} problems in the stack definition:`;
    super(`${heading}\n${problems.map(formatProblem).join('\n')}`);
    this.name = 'HaValidationError';
    this.problems = problems;
    Object.defineProperty(this, HA_VALIDATION_ERROR, { value: true });
  }

  /** The codes of every problem, in order (handy in tests). */
  public get codes(): ErrorCode[] {
    return this.problems.map((p) => p.code);
  }
}

const HA_VALIDATION_ERROR = Symbol.for('openstack-ha-cdktf.HaValidationError');

/** What a caller gives to describe one problem; the path comes from the construct. */
export interface ProblemInput {
  /** The stable code of the rule. */
  readonly code: ErrorCode;
  /** The prop that holds the bad value. */
  readonly prop: string;
  /** The value received. */
  readonly value: unknown;
  /** What is wrong. @default - the summary of the code in the catalogue */
  readonly message?: string;
  /** How to fix it. @default - the fix of the code in the catalogue */
  readonly fix?: string;
}

/** Builds a problem for a construct, filling the message and fix from the code catalogue when omitted. */
export function problemAt(scope: IConstruct | string, input: ProblemInput): HaProblem {
  const entry = ERROR_CODES[input.code];
  return {
    code: input.code,
    path: typeof scope === 'string' ? scope : scope.node.path,
    prop: input.prop,
    value: input.value,
    message: input.message ?? entry.summary,
    fix: input.fix ?? entry.fix,
  };
}

/** Throws one {@link HaValidationError} for a single problem. */
export function fail(scope: IConstruct | string, input: ProblemInput): never {
  throw new HaValidationError([problemAt(scope, input)]);
}
