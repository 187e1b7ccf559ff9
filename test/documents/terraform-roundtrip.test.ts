// What Terraform hands to Nova must be the document rendered offline. These tests let the
// real terraform binary evaluate the synthesized user_data (offline: only variables and
// locals, no provider, no init, no network) and compare the result byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { App, Lazy, TerraformLocal, TerraformVariable } from '../../lib/core/cdk';
import { Secret } from '../../lib/core/secret';
import { synthesizeToJson, TerraformJson } from '../../lib/core/synth-json';
import { CloudConfig, SecretDocument } from '../../lib/documents/cloud-config';
import { escapeTerraformTemplate, substituteTerraformExpressions } from '../../lib/documents/terraform-template';
import { ComputeInstanceV2 } from '../../lib/providers/openstack/compute-instance-v2';
import { OpenStackStack } from '../../lib/providers/openstack-stack';

/** The terraform binary; present on the project's machines (override with TERRAFORM_BINARY). */
const TERRAFORM = process.env.TERRAFORM_BINARY ?? '/usr/local/bin/terraform';

interface ConsoleResult {
  /** What the console printed for the expression. */
  readonly stdout: string;
  /** Diagnostics; `terraform console` exits 0 even when the configuration is invalid. */
  readonly stderr: string;
}

/** Evaluates one expression with `terraform console` against a JSON configuration. */
function terraformConsole(config: object, expression: string): ConsoleResult {
  const dir = mkdtempSync(join(tmpdir(), 'tf-roundtrip-'));
  try {
    writeFileSync(join(dir, 'main.tf.json'), JSON.stringify(config));
    writeFileSync(join(dir, 'empty.tfrc'), '');
    const run = spawnSync(TERRAFORM, ['console', '-no-color'], {
      cwd: dir,
      input: `${expression}\n`,
      encoding: 'utf8',
      timeout: 60_000,
      env: {
        ...process.env,
        TF_CLI_CONFIG_FILE: join(dir, 'empty.tfrc'),
        CHECKPOINT_DISABLE: '1',
        TF_IN_AUTOMATION: '1',
      },
    });
    if (run.error) throw new Error(`cannot run ${TERRAFORM} (set TERRAFORM_BINARY): ${run.error.message}`);
    if (run.status !== 0) throw new Error(`terraform console exited with ${run.status}: ${run.stderr}`);
    return { stdout: run.stdout, stderr: run.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Evaluates string-valued locals with Terraform and returns their exact bytes, as UTF-8 text.
 *
 * Each value is base64-encoded by Terraform and the list JSON-encoded, so the console's
 * quoting of the printed string never touches the content.
 */
function evaluateLocals(config: { locals: { [name: string]: unknown } }, names: readonly string[]): string[] {
  const expression = `jsonencode([for d in [${names.map((n) => `local.${n}`).join(', ')}] : base64encode(d)])`;
  const { stdout, stderr } = terraformConsole(config, expression);
  expect(stderr, 'terraform diagnostics').toBe('');
  const encoded: string[] = JSON.parse(JSON.parse(stdout));
  return encoded.map((b) => Buffer.from(b, 'base64').toString('utf8'));
}

/** The user_data of every instance of a synthesized stack, by instance name. */
function userDataByName(json: TerraformJson): { [name: string]: string } {
  const instances = json.resource.openstack_compute_instance_v2 as {
    [id: string]: { name: string; user_data: string };
  };
  return Object.fromEntries(Object.values(instances).map((i) => [i.name, i.user_data]));
}

const TRICKY_TEXT = [
  'quotes: "double" \'single\' \\"escaped\\"',
  'backslashes: \\ \\\\ \\n \\t C:\\path\\',
  'hiera: "%{facts.networking.ip}" %{lookup(\'x\')} %%{already} %%%{more}',
  'shell: ${HOME} $${not_a_var} $$${three} ${ unclosed',
  'dollars: $ $$ $$$ 5$',
  'percent: 100% %% %',
  'braces: { } }} {{fqdn}} {% raw %}',
  'unicode: é ñ Ω 日本 😀',
  'ends with a dollar $',
].join('\n');

function trickyDocument(): CloudConfig {
  const doc = new CloudConfig({ hostname: 'ctl-0', fqdn: 'ctl-0.cloud.example', packages: ['mariadb-server'] });
  doc.addHostEntry({ address: '10.20.0.11', fqdn: 'ctl-1.cloud.example' });
  doc.addWriteFile({ path: '/etc/tricky.txt', content: `${TRICKY_TEXT}\n` });
  doc.addWriteFile({ path: '/etc/no-final-newline', content: TRICKY_TEXT });
  doc.addWriteFile({ path: '/etc/one-line', content: 'a "b" ${c} %{d} $' });
  doc.addWriteFile({ path: '/etc/trailing-dollar', content: '$' });
  doc.addWriteFile({
    path: '/etc/puppetlabs/code/hiera.yaml',
    content: 'hierarchy:\n  - path: "nodes/%{trusted.certname}.yaml"\n',
  });
  doc.addRunCommand(['sh', '-c', 'echo "${HOSTNAME}" %{x} $$ \\ $']);
  doc.addRunCommand(['printf', '%s\\n', '$${literal}', '%%{literal}', '$']);
  doc.addBootCommand(['sh', '-c', 'test -n "${PATH}"']);
  return doc;
}

function compressedDocument(): CloudConfig {
  const doc = new CloudConfig();
  for (let i = 0; i < 8; i++) {
    const lines = Array.from({ length: 300 }, (_, j) => `${i}.${j}: ${TRICKY_TEXT.split('\n')[j % 9]}`);
    doc.addWriteFile({ path: `/etc/ha/big-${i}.conf`, content: `${lines.join('\n')}\n` });
  }
  doc.addWriteFile({
    path: '/var/lib/ha/blob',
    content: Uint8Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256),
  });
  return doc;
}

function secretDocument(password: Secret, cookie: Secret): CloudConfig {
  const doc = new CloudConfig();
  doc.addWriteFile({
    path: '/etc/puppetlabs/code/data/secrets.yaml',
    content: new SecretDocument({
      'profile::galera::root_password': password,
      'profile::rabbitmq::erlang_cookie': cookie,
      'key with "quotes" and \\ backslash': password,
      'template ${chars} %{here} $${and} %%{there}': cookie,
      'html <&> and unicode é 😀': 'plain value with "quotes" ${x} %{y} <b> & $',
      'profile::galera::database_passwords': { keystone: password, 'nova "api"': cookie, plain: '${not} %{an} <expr>' },
    }),
  });
  doc.addWriteFile({
    path: '/root/.my.cnf',
    content: `[client]\nuser=root\npassword=${password.placeholder}\n# cost=$${password.placeholder}$\n%{${cookie.placeholder}}\n`,
    secrets: [password, cookie],
  });
  doc.addWriteFile({ path: '/etc/only-secret', content: cookie.placeholder, secrets: [cookie] });
  doc.addWriteFile({ path: '/etc/ends-with-dollar', content: `${password.placeholder}$`, secrets: [password] });
  doc.addRunCommand(['systemctl', 'restart', 'mariadb']);
  return doc;
}

describe('user_data evaluated by the real terraform binary', () => {
  it('equals the offline document byte for byte, secrets included', () => {
    // GIVEN: a stack with two secrets, one a sensitive variable, one a local
    const stack = new OpenStackStack(new App(), 'roundtrip');
    const passwordVariable = new TerraformVariable(stack, 'db_password', { type: 'string', sensitive: true });
    const cookieSource = new TerraformVariable(stack, 'cookie_source', { type: 'string', sensitive: true });
    const cookieLocal = new TerraformLocal(stack, 'rabbit_cookie', cookieSource.stringValue);
    const password = Secret.fromToken('db-password', passwordVariable.stringValue);
    const cookie = Secret.fromToken('rabbit-cookie', cookieLocal.asString);
    const documents: { [name: string]: CloudConfig } = {
      tricky: trickyDocument(),
      compressed: compressedDocument(),
      secrets: secretDocument(password, cookie),
    };
    for (const [name, doc] of Object.entries(documents)) {
      new ComputeInstanceV2(stack, name, {
        name,
        flavorName: 'm1.small',
        imageName: 'debian-12',
        userData: doc.renderForTerraform(),
      });
    }
    const lazy = secretDocument(password, cookie);
    new ComputeInstanceV2(stack, 'lazy', {
      name: 'lazy',
      flavorName: 'm1.small',
      imageName: 'debian-12',
      userData: Lazy.stringValue({ produce: () => lazy.renderForTerraform() }),
    });
    documents.lazy = lazy;

    // WHEN: the synthesized user_data strings are evaluated with each secret's test value
    const userData = userDataByName(synthesizeToJson(stack));
    const names = Object.keys(documents);
    const evaluated = evaluateLocals(
      {
        variable: { db_password: { type: 'string', default: password.testValue } } as object,
        locals: { rabbit_cookie: cookie.testValue, ...Object.fromEntries(names.map((n) => [`ud_${n}`, userData[n]])) },
      } as { locals: { [name: string]: unknown } },
      names.map((n) => `ud_${n}`),
    );

    // THEN
    names.forEach((name, i) => {
      expect(evaluated[i], `user_data of ${name}`).toBe(documents[name].renderOffline());
    });
    expect(userData.secrets).toContain('var.db_password');
    expect(userData.secrets).toContain('local.rabbit_cookie');
    expect(userData.secrets).not.toContain(password.testValue);
    expect(userData.compressed).toContain('encoding: gz+b64');
    expect(Buffer.byteLength(evaluated[1])).toBeLessThan(30_000);
  });

  it('keeps a dollar that ends the text before an interpolation', () => {
    // GIVEN: text ending in `$` joined to an interpolation; `$` + `${` would read as `$${`
    const template = substituteTerraformExpressions(
      escapeTerraformTemplate('price: $@@m@@ $'),
      new Map([['@@m@@', '${"42"}']]),
    );
    const naive = `${escapeTerraformTemplate('price: $')}\${"42"} $`;
    // THEN
    expect(evaluateLocals({ locals: { guarded: template, naive } }, ['guarded', 'naive'])).toEqual([
      'price: $42 $',
      'price: ${"42"} $',
    ]);
  });

  it.each([
    ['a hiera interpolation', 'ip: "%{facts.networking.ip}"\n', /Invalid template control keyword/],
    ['a shell variable', 'home: ${HOME}\n', /Invalid reference/],
  ])('fails on %s left unescaped, so the escaping is what makes the round trip pass', (_title, content, diagnostic) => {
    // GIVEN: the offline document used as a Terraform string without escaping
    const doc = new CloudConfig().addWriteFile({ path: '/etc/x', content });
    const unescaped = doc.renderOffline();
    const escaped = doc.renderForTerraform();
    // WHEN
    const broken = terraformConsole({ locals: { ud: unescaped } }, 'base64encode(local.ud)');
    // THEN
    expect(broken.stderr).toMatch(/Error: /);
    expect(broken.stderr).toMatch(diagnostic);
    expect(evaluateLocals({ locals: { ud: escaped } }, ['ud'])).toEqual([unescaped]);
  });
});
