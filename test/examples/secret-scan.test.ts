// Secrets never appear in plain text: not in the Terraform JSON, not in any file the
// user-data writes, not in the reviewed golden files. Every secret travels as a Terraform
// expression into the 0600 secrets file, and nowhere else.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { stringifyTerraformJson, synthesizeToJson } from '../../lib/core/synth-json';
import { ServerNode } from '../../lib/compute/server-node';
import { documentOfUserData, EXPRESSION_MARKER } from '../support/user-data-expression';
import { hieraKey } from '../../lib/documents/hiera';
import { EXAMPLES } from '../support/examples';

const SECRET_KEY = /(password|cookie|secret|credential_key|fernet_key|_token)\b/i;
const SECRET_ASSIGNMENT = /\b(password|passwd|erlang_cookie|secret)\s*[:=]\s*["']?[A-Za-z0-9+/_-]{8,}/i;

interface DecodedFile {
  readonly path: string;
  readonly text: string;
  readonly expression: boolean;
}

function decodeUserData(userData: string, locals: { readonly [name: string]: unknown }): DecodedFile[] {
  const doc = parse(documentOfUserData(userData, locals)) as {
    write_files?: { path: string; content: string; encoding?: string }[];
  };
  return (doc.write_files ?? []).map((f) => {
    if (f.content.includes(EXPRESSION_MARKER)) return { path: f.path, text: f.content, expression: true };
    const raw =
      f.encoding === 'gz+b64' ? gunzipSync(Buffer.from(f.content, 'base64')).toString('utf8')
        : f.encoding === 'b64' ? Buffer.from(f.content, 'base64').toString('utf8')
          : f.content;
    return { path: f.path, text: raw, expression: false };
  });
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

/** Every plain-text secret found in a synthesized stack's instances' user-data, one line each. */
function findPlainTextSecrets(json: any): string[] {
  const problems: string[] = [];
  for (const [id, instance] of Object.entries<any>(json.resource?.openstack_compute_instance_v2 ?? {})) {
    const local = /^\$\{local\.(\w+)\}$/.exec(instance.user_data);
    const files = decodeUserData(local ? json.locals[local[1]] : instance.user_data, json.locals ?? {});
    const secretsFile = files.find((f) => f.path.endsWith('/data/secrets.yaml'));
    if (!secretsFile?.expression) problems.push(`${id}: secrets.yaml is not a Terraform expression`);
    for (const file of files.filter((f) => !f.expression)) {
      if (SECRET_ASSIGNMENT.test(file.text)) problems.push(`${id}: ${file.path} assigns a secret in plain text`);
      if (file.path.includes('/puppet/data/')) {
        const data = (parse(file.text) ?? {}) as Record<string, unknown>;
        for (const k of Object.keys(data).filter((key) => SECRET_KEY.test(key))) problems.push(`${id}: ${file.path} holds ${k} in plain text`);
      }
    }
  }
  return problems;
}

describe.each(EXAMPLES.map((e) => [e.name, e] as const))('examples/%s has no secret in plain text', (_name, example) => {
  const stack = example.build();
  const json = synthesizeToJson(stack);
  const text = stringifyTerraformJson(json);
  const nodes = stack.node.findAll().filter((c): c is ServerNode => c instanceof ServerNode);
  const secrets = nodes.flatMap((n) => n.renderDocuments().secrets);

  it('never writes a secret test value into the Terraform JSON', () => {
    for (const s of secrets) expect(text).not.toContain(s.testValue);
  });

  it('sends secrets to the nodes only as expressions in secrets.yaml', () => {
    expect(Object.keys(json.resource.openstack_compute_instance_v2).length).toBeGreaterThan(0);
    expect(findPlainTextSecrets(json)).toEqual([]);
  });
});

describe('the scan', () => {
  it('catches a password written as a plain hiera value', () => {
    const stack = EXAMPLES[0].build();
    const node = stack.node.findAll().find((c): c is ServerNode => c instanceof ServerNode)!;
    node.setHiera(hieraKey<string>('openstack_ha::profile::galera', 'root_password'), 'Sup3rS3cretValue');
    expect(findPlainTextSecrets(synthesizeToJson(stack)).join('\n')).toMatch(/root_password in plain text/);
  });
});

describe('the reviewed golden files', () => {
  it('hold no secret test value and no plain-text password', () => {
    const all = EXAMPLES.flatMap((e) => e.build().node.findAll().filter((c): c is ServerNode => c instanceof ServerNode))
      .flatMap((n) => n.renderDocuments().secrets.map((s) => s.testValue));
    for (const file of filesUnder(join(__dirname, '../golden'))) {
      const content = readFileSync(file, 'utf8');
      for (const v of all) expect(content.includes(v), `${file} contains a secret test value`).toBe(false);
    }
  });
});
