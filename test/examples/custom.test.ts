import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from '../../lib/core/cdk';
import { buildCustomCloud } from '../../examples/custom/custom';
import { Template } from '../support/template';

describe('examples/custom (the README variation)', () => {
  it('synthesizes and passes the schema validator', () => {
    const t = Template.fromStack(buildCustomCloud(new App()));
    t.resourceCountIs('openstack_compute_servergroup_v2', 2);
  });

  it('is under 50 lines', () => {
    const lines = readFileSync(join(__dirname, '../../examples/custom/custom.ts'), 'utf8').trimEnd().split('\n');
    expect(lines.length).toBeLessThan(50);
  });
});
