import { describe, expect, it } from 'vitest';
import { App, TerraformStack } from '../../lib/core/cdk';
import { ERROR_CODES } from '../../lib/core/error-codes';
import { HaValidationError, describeValue } from '../../lib/core/errors';
import { collectProblems, validateRules, ValidationRule } from '../../lib/core/rules';

interface Props {
  readonly count?: number;
  readonly name?: string;
}

const RULES: ValidationRule<Props>[] = [
  { code: 'HA1101', prop: 'count', failsWhen: (p) => (p.count ?? 1) < 1 },
  { code: 'HA1103', prop: 'name', failsWhen: (p) => p.name === '', fix: 'name the thing' },
];

describe('rule tables', () => {
  it('report every failing rule at once, with code, path, prop, value and fix', () => {
    // GIVEN
    const stack = new TerraformStack(new App(), 'errs');
    // WHEN
    let caught: unknown;
    try {
      validateRules(stack, { count: 0, name: '' }, RULES);
    } catch (e) {
      caught = e;
    }
    // THEN
    expect(HaValidationError.isHaValidationError(caught)).toBe(true);
    const err = caught as HaValidationError;
    expect(err.codes).toEqual(['HA1101', 'HA1103']);
    expect(err.problems[0]).toMatchObject({ path: 'errs', prop: 'count', value: 0, fix: ERROR_CODES.HA1101.fix });
    expect(err.problems[1]).toMatchObject({ prop: 'name', value: '', fix: 'name the thing' });
    expect(err.message).toContain('2 problems');
    expect(err.message).toContain('[HA1101] errs: count = 0');
    expect(err.message).toContain('fix: name the thing');
  });

  it('pass silently when every rule holds', () => {
    expect(collectProblems('x', { count: 3, name: 'a' }, RULES)).toEqual([]);
    expect(() => validateRules('x', { count: 3 }, RULES)).not.toThrow();
  });

  it('refuse to build an error with no problem', () => {
    expect(() => new HaValidationError([])).toThrow(/at least one problem/);
  });
});

describe('error codes', () => {
  it('are unique HA1xxx codes, each with a summary and a fix', () => {
    for (const [code, entry] of Object.entries(ERROR_CODES)) {
      expect(code).toMatch(/^HA1\d{3}$/);
      expect(entry.summary.length).toBeGreaterThan(10);
      expect(entry.fix.length).toBeGreaterThan(5);
    }
  });
});

describe('describeValue', () => {
  it.each([
    [undefined, 'undefined'],
    ['x', '"x"'],
    [3, '3'],
    [{ a: [1] }, '{"a":[1]}'],
    ['y'.repeat(300), expect.stringMatching(/\.\.\.$/)],
  ])('renders %j', (value, expected) => {
    expect(describeValue(value)).toEqual(expected);
  });
});
