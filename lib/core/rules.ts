import { IConstruct, Token } from './cdk';
import { ErrorCode } from './error-codes';
import { HaProblem, HaValidationError, problemAt } from './errors';

/**
 * One row of a rule table: a condition on the props that, when it holds, is a problem.
 *
 * Rule tables read top to bottom like a checklist, and {@link validateRules} reports every
 * row that fails, not just the first.
 */
export interface ValidationRule<P> {
  /** The stable code reported when the rule fails. */
  readonly code: ErrorCode;
  /** The prop the rule is about, as the user wrote it (`count`, `vip.address` ...). */
  readonly prop: string;
  /** Returns true when the props break the rule. */
  readonly failsWhen: (props: P) => boolean;
  /** The value to show in the error. @default - the value of `prop` read from the props */
  readonly value?: (props: P) => unknown;
  /** What is wrong. @default - the summary of the code */
  readonly message?: string | ((props: P) => string);
  /** How to fix it. @default - the fix of the code */
  readonly fix?: string | ((props: P) => string);
}

function readProp(props: unknown, path: string): unknown {
  let current: unknown = props;
  for (const part of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

/** Runs a rule table and returns the problems found (empty when every rule holds). */
export function collectProblems<P>(scope: IConstruct | string, props: P, rules: readonly ValidationRule<P>[]): HaProblem[] {
  const problems: HaProblem[] = [];
  for (const rule of rules) {
    if (!rule.failsWhen(props)) continue;
    const resolve = (t: string | ((p: P) => string) | undefined) => (typeof t === 'function' ? t(props) : t);
    problems.push(
      problemAt(scope, {
        code: rule.code,
        prop: rule.prop,
        value: rule.value ? rule.value(props) : readProp(props, rule.prop),
        message: resolve(rule.message),
        fix: resolve(rule.fix),
      }),
    );
  }
  return problems;
}

/**
 * Runs a rule table and throws one {@link HaValidationError} carrying every failure.
 *
 * @example
 * validateRules(this, props, GALERA_RULES);
 */
export function validateRules<P>(scope: IConstruct | string, props: P, rules: readonly ValidationRule<P>[]): void {
  throwIfAny(collectProblems(scope, props, rules));
}

/** Throws one {@link HaValidationError} when the list is not empty. */
export function throwIfAny(problems: readonly HaProblem[]): void {
  if (problems.length > 0) throw new HaValidationError(problems);
}

/** True when the value is (or contains) an unresolved token: known only at apply time. */
export function isToken(value: unknown): boolean {
  return Token.isUnresolved(value);
}

/** A rule that fails when a prop that must be concrete at synth time is a token. */
export function mustBeConcrete<P>(prop: string, read?: (props: P) => unknown): ValidationRule<P> {
  return {
    code: 'HA1001',
    prop,
    failsWhen: (p) => isToken(read ? read(p) : readProp(p, prop)),
    value: (p) => (read ? read(p) : readProp(p, prop)),
  };
}
