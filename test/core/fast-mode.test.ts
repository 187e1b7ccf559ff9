import { afterEach, describe, expect, it } from 'vitest';
import { App, FRAMEWORK_PACKAGE, Lazy } from '../../lib/core/cdk';
import { enableFastMode, isFastMode, setFastMode, STACK_TRACES_ENV, stackTracesRequested } from '../../lib/core/fast-mode';
import { stringifyTerraformJson, synthesizeToJson } from '../../lib/core/synth-json';
import { buildFirstCluster } from '../../examples/first-cluster/first-cluster';

function synthFirstCluster(): string {
  return stringifyTerraformJson(synthesizeToJson(buildFirstCluster(new App())));
}

afterEach(() => {
  delete process.env[STACK_TRACES_ENV];
  enableFastMode();
});

describe('fast mode', () => {
  it('produces byte-identical output with and without stack traces', () => {
    setFastMode(false);
    expect(isFastMode()).toBe(false);
    const withTraces = synthFirstCluster();
    setFastMode(true);
    expect(isFastMode()).toBe(true);
    const fast = synthFirstCluster();
    expect(fast.length).toBeGreaterThan(1000);
    expect(fast).toBe(withTraces);
  });

  it('stops recording a creation stack on tokens', () => {
    setFastMode(false);
    const traced = Lazy.stringValue({ produce: () => 'x' }) as unknown;
    setFastMode(true);
    const fast = Lazy.stringValue({ produce: () => 'y' }) as unknown;
    // Lazy values are encoded strings; their creation stacks live in the token map.
    const { TokenMap } = require(`${FRAMEWORK_PACKAGE}/lib/tokens/private/token-map`);
    const stackOf = (s: unknown) => TokenMap.instance().lookupString(s).creationStack as string[];
    expect(stackOf(traced).length).toBeGreaterThan(0);
    expect(stackOf(fast)).toEqual([]);
  });

  it(`stays off when ${STACK_TRACES_ENV}=1, for debugging`, () => {
    process.env[STACK_TRACES_ENV] = '1';
    expect(enableFastMode()).toBe(false);
    expect(isFastMode()).toBe(false);
  });

  it.each([
    ['1', true],
    ['true', true],
    ['0', false],
    ['', false],
  ])('reads %j from the environment as %s', (value, expected) => {
    expect(stackTracesRequested({ [STACK_TRACES_ENV]: value })).toBe(expected);
  });
});
