import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { App, TerraformStack, TerraformVariable } from '../../lib/core/cdk';
import { ErrorCode } from '../../lib/core/error-codes';
import { HaValidationError } from '../../lib/core/errors';
import { Secret } from '../../lib/core/secret';
import {
  CloudConfig,
  CloudConfigProps,
  ETC_HOSTS_TEMPLATE_PATH,
  isCarriableText,
  MAX_USER_DATA_BYTES,
  NOVA_USER_DATA_LIMIT,
  SecretDocument,
  WriteFile,
} from '../../lib/documents/cloud-config';
import { base64Length, gzipDeterministic, GZIP_OS_UNKNOWN } from '../../lib/documents/compression';
import { terraformStringLiteral, unescapeTerraformTemplate } from '../../lib/documents/terraform-template';

/** A secret backed by a sensitive Terraform variable of a throwaway stack. */
function secret(name: string): Secret {
  const stack = new TerraformStack(new App(), `s-${name}`);
  const variable = new TerraformVariable(stack, name.replace(/-/g, '_'), { type: 'string', sensitive: true });
  return Secret.fromToken(name, variable.stringValue);
}

/** Runs a function expected to throw an HaValidationError and returns its codes. */
function codesOf(f: () => unknown): ErrorCode[] {
  try {
    f();
  } catch (e) {
    if (HaValidationError.isHaValidationError(e)) return e.codes;
    throw e;
  }
  throw new Error('expected an HaValidationError, nothing was thrown');
}

/** Parses an offline document the way cloud-init does (YAML 1.1), after checking the header. */
function parseDocument(doc: string): any {
  expect(doc.startsWith('#cloud-config\n')).toBe(true);
  return parse(doc, { version: '1.1' });
}

/** Decodes a rendered write_files entry to the bytes cloud-init writes. */
function decodedContent(entry: { content: string; encoding?: string }): Buffer {
  if (entry.encoding === 'b64') return Buffer.from(entry.content, 'base64');
  if (entry.encoding === 'gz+b64') return gunzipSync(Buffer.from(entry.content, 'base64'));
  expect(entry.encoding).toBeUndefined();
  return Buffer.from(entry.content, 'utf8');
}

function fileEntry(doc: string, path: string): any {
  const entry = parseDocument(doc).write_files.find((f: any) => f.path === path);
  expect(entry, `write_files entry ${path}`).toBeDefined();
  return entry;
}

describe('CloudConfig rendering', () => {
  it('renders the model as #cloud-config YAML in a fixed key order', () => {
    // GIVEN
    const doc = new CloudConfig({
      hostname: 'controller-0',
      fqdn: 'controller-0.cloud.example',
      preferFqdnOverHostname: false,
      timezone: 'Etc/UTC',
      packageUpdate: true,
      packages: ['puppet-agent', 'chrony'],
      aptPreserveSourcesList: true,
      aptSources: {
        puppet: {
          source: 'deb http://apt.puppet.com $RELEASE puppet8',
          keyid: 'D6811ED3ADEEB8441AF5AA8F4528B6CD9E61EF26',
        },
      },
      ntpServers: ['10.20.0.1'],
    });
    doc.addBootCommand(['mkdir', '-p', '/run/ha']);
    doc.addRunCommand(['systemctl', 'restart', 'chrony']);
    doc.addWriteFile({ path: '/etc/motd', content: 'managed node\n', permissions: '0644', owner: 'root:root' });
    // WHEN
    const text = doc.renderOffline();
    // THEN
    expect(text).toBe(
      [
        '#cloud-config',
        'hostname: controller-0',
        'fqdn: controller-0.cloud.example',
        'prefer_fqdn_over_hostname: false',
        'timezone: Etc/UTC',
        'ntp:',
        '  enabled: true',
        '  servers:',
        '    - 10.20.0.1',
        'apt:',
        '  preserve_sources_list: true',
        '  sources:',
        '    puppet:',
        '      source: "deb http://apt.puppet.com $RELEASE puppet8"',
        '      keyid: D6811ED3ADEEB8441AF5AA8F4528B6CD9E61EF26',
        'package_update: true',
        'packages:',
        '  - chrony',
        '  - puppet-agent',
        'bootcmd:',
        '  - - mkdir',
        '    - "-p"',
        '    - /run/ha',
        'write_files:',
        '  - path: /etc/motd',
        '    owner: root:root',
        '    permissions: "0644"',
        '    content: |',
        '      managed node',
        'runcmd:',
        '  - - systemctl',
        '    - restart',
        '    - chrony',
        '',
      ].join('\n'),
    );
  });

  it('renders the same text whatever order constructs contribute in (files by path, packages sorted and unique)', () => {
    // GIVEN
    const a = new CloudConfig();
    a.addPackages('b-pkg', 'a-pkg')
      .addWriteFile({ path: '/z', content: 'z' })
      .addWriteFile({ path: '/a', content: 'a' });
    const b = new CloudConfig();
    b.addWriteFile({ path: '/a', content: 'a' }).addPackages('a-pkg').addWriteFile({ path: '/z', content: 'z' });
    b.addPackages('b-pkg', 'a-pkg');
    // THEN
    expect(a.renderOffline()).toBe(b.renderOffline());
    expect(parseDocument(a.renderOffline()).write_files.map((f: any) => f.path)).toEqual(['/a', '/z']);
    expect(a.packages).toEqual(['a-pkg', 'b-pkg']);
  });

  it('keeps commands in the order added, as argument lists', () => {
    const doc = new CloudConfig({ runCommands: [['first']] });
    doc.addRunCommand(['second', 'arg with spaces', '']);
    doc.addBootCommand(['early']);
    const parsed = parseDocument(doc.renderOffline());
    expect(parsed.runcmd).toEqual([['first'], ['second', 'arg with spaces', '']]);
    expect(parsed.bootcmd).toEqual([['early']]);
    expect(doc.runCommands).toEqual([['first'], ['second', 'arg with spaces', '']]);
  });

  it.each([
    [
      'YAML 1.1 booleans and numbers',
      ['yes', 'on', 'off', 'n', 'Y', '0640', '1_000', '12:30', '0x1F', '1e3', '.inf', '~', 'null'],
    ],
    [
      'indicators and YAML 1.1 merge and value keys',
      ['<<', '=', '-', '- x', ':', 'a: b', '#c', 'a #b', '[x]', '{y}', '*a', '&b', '!t', '|', '>', '%', '@', '`'],
    ],
    [
      'quotes, backslashes and template sequences',
      ['"', "'", 'a\\b', '${HOME}', '$${x}', '%{facts.x}', '%%{y}', 'end$', '$$'],
    ],
    ['white space', [' lead', 'trail ', '\t', 'a\tb', '', ' ']],
    ['several lines', ['a\nb', 'a\nb\n', '\tx\ny\n', ' \n', '\n \n', 'x\n\n\n', '  indented\nline', 'a  \nb']],
    ['unicode', ['é', '😀', 'Ω≈ç√', '\u00a0nbsp']],
  ])('writes strings cloud-init reads back unchanged: %s', (_title, values) => {
    // GIVEN
    const doc = new CloudConfig();
    doc.addRunCommand(['echo', ...values]);
    values.forEach((v, i) => doc.addWriteFile({ path: `/tmp/f${i}`, content: v }));
    // WHEN
    const parsed = parseDocument(doc.renderOffline());
    // THEN
    expect(parsed.runcmd).toEqual([['echo', ...values]]);
    values.forEach((v, i) => {
      const entry = parsed.write_files.find((f: any) => f.path === `/tmp/f${i}`);
      expect(decodedContent(entry).toString('utf8')).toBe(v);
      expect(entry.encoding, `content ${JSON.stringify(v)} is carried as text`).toBeUndefined();
    });
  });

  it('carries text YAML 1.1 or NFC normalization would change as base64, byte for byte', () => {
    // GIVEN: a line separator, a carriage return, a control character, decomposed é, a BOM
    const contents = ['a\u2028b', 'dos\r\nline', 'bell\u0007', 'e\u0301', '\ufeffbom', 'x\u0085y', '\n\u0301'];
    const doc = new CloudConfig();
    contents.forEach((c, i) => doc.addWriteFile({ path: `/tmp/f${i}`, content: c }));
    // WHEN
    const rendered = doc.renderOffline();
    // THEN
    contents.forEach((c, i) => {
      const entry = fileEntry(rendered, `/tmp/f${i}`);
      expect(entry.encoding).toBe('b64');
      expect(decodedContent(entry).equals(Buffer.from(c, 'utf8'))).toBe(true);
    });
  });

  it('writes binary content as base64', () => {
    const bytes = Uint8Array.from([0, 1, 2, 255, 254, 10, 13]);
    const doc = new CloudConfig().addWriteFile({ path: '/var/lib/key.bin', content: bytes, permissions: '0400' });
    const entry = fileEntry(doc.renderOffline(), '/var/lib/key.bin');
    expect(entry.encoding).toBe('b64');
    expect(entry.permissions).toBe('0400');
    expect([...decodedContent(entry)]).toEqual([...bytes]);
  });

  it('renders append and defer, and keeps owner and permissions as strings', () => {
    const doc = new CloudConfig().addWriteFile({
      path: '/etc/sudoers.d/ha',
      content: 'x\n',
      append: true,
      defer: true,
      owner: 'puppet:puppet',
      permissions: '0440',
    });
    const entry = fileEntry(doc.renderOffline(), '/etc/sudoers.d/ha');
    expect(entry).toEqual({
      path: '/etc/sudoers.d/ha',
      owner: 'puppet:puppet',
      permissions: '0440',
      content: 'x\n',
      append: true,
      defer: true,
    });
  });

  it('is a plain Terraform template (escaped, no interpolation) when it holds no secret', () => {
    const doc = new CloudConfig().addWriteFile({
      path: '/etc/hiera.yaml',
      content: 'ip: "%{facts.networking.ip}"\nhome: ${HOME}\n',
    });
    doc.addRunCommand(['sh', '-c', 'echo ${USER} $$ %{x} $']);
    const forTerraform = doc.renderForTerraform();
    expect(forTerraform).toContain('%%{facts.networking.ip}');
    expect(forTerraform).toContain('$${HOME}');
    expect(unescapeTerraformTemplate(forTerraform)).toBe(doc.renderOffline());
  });
});

describe('CloudConfig hosts entries', () => {
  it('writes peers into the /etc/hosts template cloud-init renders on every boot', () => {
    // GIVEN
    const doc = new CloudConfig({ hostname: 'controller-0', fqdn: 'controller-0.cloud.example' });
    doc.addHostEntry({ address: '10.20.0.11', fqdn: 'controller-1.cloud.example' });
    doc.addHostEntry({ address: '10.20.0.12', fqdn: 'controller-2.cloud.example', hostname: 'ctl2' });
    // WHEN
    const rendered = doc.renderOffline();
    // THEN
    expect(parseDocument(rendered).manage_etc_hosts).toBe(true);
    const template = decodedContent(fileEntry(rendered, ETC_HOSTS_TEMPLATE_PATH)).toString('utf8');
    const lines = template.split('\n');
    expect(lines[0]).toBe('## template:jinja');
    expect(lines).toContain('127.0.0.1 localhost');
    expect(lines).toContain('127.0.1.1 {{fqdn}} {{hostname}}');
    expect(lines).toContain('10.20.0.11 controller-1.cloud.example controller-1');
    expect(lines).toContain('10.20.0.12 controller-2.cloud.example ctl2');
  });

  it('maps the node itself to its real address, not 127.0.1.1, when it lists itself', () => {
    const doc = new CloudConfig({ hostname: 'controller-0', fqdn: 'controller-0.cloud.example' });
    doc.addHostEntry({ address: '10.20.0.10', fqdn: 'controller-0.cloud.example' });
    const template = decodedContent(fileEntry(doc.renderOffline(), ETC_HOSTS_TEMPLATE_PATH)).toString('utf8');
    expect(template).not.toContain('127.0.1.1');
    expect(template).toContain('10.20.0.10 controller-0.cloud.example controller-0\n');
  });

  it('accepts the same entry from two constructs once, and lists nothing without entries', () => {
    const doc = new CloudConfig();
    expect(parseDocument(doc.renderOffline())).toEqual({});
    doc.addHostEntry({ address: '10.20.0.11', fqdn: 'db-1.cloud.example' });
    doc.addHostEntry({ address: '10.20.0.11', fqdn: 'db-1.cloud.example', hostname: 'db-1' });
    expect(doc.hostEntries).toEqual([{ address: '10.20.0.11', fqdn: 'db-1.cloud.example', hostname: 'db-1' }]);
  });

  it('accepts IPv6 peers', () => {
    const doc = new CloudConfig().addHostEntry({ address: 'fd00::11', fqdn: 'db-1.cloud.example' });
    expect(decodedContent(fileEntry(doc.renderOffline(), ETC_HOSTS_TEMPLATE_PATH)).toString()).toContain(
      'fd00::11 db-1.cloud.example db-1',
    );
  });
});

describe('CloudConfig secrets', () => {
  it('writes a secret document as base64 of compact JSON, mode 0600, holding the test values offline', () => {
    // GIVEN
    const password = secret('db-password');
    const doc = new CloudConfig().addWriteFile({
      path: '/etc/puppetlabs/code/data/secrets.yaml',
      content: new SecretDocument({ 'profile::db::password': password, 'profile::db::user': 'admin' }),
    });
    // WHEN
    const entry = fileEntry(doc.renderOffline(), '/etc/puppetlabs/code/data/secrets.yaml');
    // THEN
    expect(entry.permissions).toBe('0600');
    expect(entry.encoding).toBe('b64');
    const text = decodedContent(entry).toString('utf8');
    expect(text).toBe(`{"profile::db::password":"${password.testValue}","profile::db::user":"admin"}`);
    expect(parse(text)).toEqual({ 'profile::db::password': password.testValue, 'profile::db::user': 'admin' });
    expect(doc.secrets.map((s) => s.name)).toEqual(['db-password']);
  });

  it('inserts secrets into a text file where their placeholders stand', () => {
    const password = secret('db-password');
    const doc = new CloudConfig().addWriteFile({
      path: '/root/.my.cnf',
      content: `[client]\npassword=${password.placeholder}\n`,
      secrets: [password],
    });
    const entry = fileEntry(doc.renderOffline(), '/root/.my.cnf');
    expect(entry.permissions).toBe('0600');
    expect(decodedContent(entry).toString()).toBe(`[client]\npassword=${password.testValue}\n`);
  });

  it('puts no secret value and no placeholder into the Terraform form, only references', () => {
    const password = secret('db-password');
    const doc = new CloudConfig()
      .addWriteFile({ path: '/a', content: new SecretDocument({ k: password }) })
      .addWriteFile({ path: '/b', content: `x${password.placeholder}`, secrets: [password] });
    const forTerraform = doc.renderForTerraform();
    expect(forTerraform).not.toContain(password.testValue);
    expect(forTerraform).not.toContain('@@openstack-ha-');
    expect(forTerraform).toContain('${base64encode(jsonencode({"k" = ');
    expect(forTerraform).toContain(password.token);
  });
});

describe('CloudConfig compression', () => {
  const big = Array.from({ length: 400 }, (_, i) => `line ${i}: profile::keystone::token_expiration: 3600\n`).join('');

  it('gzips files above the threshold, deterministically, and they decompress to the content', () => {
    // GIVEN
    const render = () => new CloudConfig().addWriteFile({ path: '/etc/big.conf', content: big }).renderOffline();
    // WHEN
    const first = render();
    // THEN
    expect(first).toBe(render());
    const entry = fileEntry(first, '/etc/big.conf');
    expect(entry.encoding).toBe('gz+b64');
    expect(decodedContent(entry).toString()).toBe(big);
    expect(entry.content.length).toBeLessThan(big.length / 4);
  });

  it.each([
    ['auto, small', 'auto', 'small\n', undefined],
    ['auto, large', 'auto', big, 'gz+b64'],
    ['never, large', 'never', big, undefined],
    ['always, small', 'always', 'small\n', 'gz+b64'],
  ] as const)('follows the compress setting: %s', (_title, compress, content, encoding) => {
    const entry = fileEntry(new CloudConfig().addWriteFile({ path: '/f', content, compress }).renderOffline(), '/f');
    expect(entry.encoding).toBe(encoding);
    expect(decodedContent(entry).toString()).toBe(content);
  });

  it('honours a custom threshold', () => {
    const entry = fileEntry(
      new CloudConfig({ compressionThreshold: 10 })
        .addWriteFile({ path: '/f', content: 'x'.repeat(200) })
        .renderOffline(),
      '/f',
    );
    expect(entry.encoding).toBe('gz+b64');
  });

  it('never compresses secret documents', () => {
    const values: { [key: string]: Secret | string } = { password: secret('db-password') };
    for (let i = 0; i < 200; i++) values[`profile::key_${i}`] = 'a fairly long plain value that repeats';
    const entry = fileEntry(
      new CloudConfig().addWriteFile({ path: '/s', content: new SecretDocument(values) }).renderOffline(),
      '/s',
    );
    expect(entry.encoding).toBe('b64');
  });

  it('writes gzip members with a fixed header: no time stamp, unknown OS, best compression', () => {
    const gz = gzipDeterministic(Buffer.from(big));
    expect([...gz.subarray(0, 4)]).toEqual([0x1f, 0x8b, 8, 0]);
    expect(gz.readUInt32LE(4)).toBe(0);
    expect(gz[8]).toBe(2);
    expect(gz[9]).toBe(GZIP_OS_UNKNOWN);
    expect(gunzipSync(gz).toString()).toBe(big);
    expect(gzipDeterministic(Buffer.from(big)).equals(gz)).toBe(true);
  });
});

describe('CloudConfig user-data size', () => {
  /** Text that compresses well, unique per seed, about `bytes` long. */
  function configText(seed: number, bytes: number): string {
    let text = '';
    for (let i = 0; text.length < bytes; i++) text += `[section_${seed}_${i % 40}]\nkey_${i} = value ${i % 7}\n`;
    return text;
  }

  /** Text that barely compresses: base64 of deterministic pseudo-random bytes. */
  function noiseText(seed: number, bytes: number): string {
    const raw = Buffer.alloc(Math.ceil((bytes * 3) / 4));
    let x = (seed * 2654435761) >>> 0 || 1;
    for (let i = 0; i < raw.length; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      raw[i] = x & 0xff;
    }
    return raw.toString('base64').slice(0, bytes);
  }

  it('states the limit Nova applies: 65,535 bytes of base64, so at most 49,149 bytes of document', () => {
    expect(NOVA_USER_DATA_LIMIT).toBe(65535);
    expect(MAX_USER_DATA_BYTES).toBe(49149);
    expect(base64Length(MAX_USER_DATA_BYTES)).toBeLessThanOrEqual(NOVA_USER_DATA_LIMIT);
    expect(base64Length(MAX_USER_DATA_BYTES + 1)).toBeGreaterThan(NOVA_USER_DATA_LIMIT);
  });

  it('fits a node with 200 KiB of configuration files, thanks to compression', () => {
    // GIVEN: forty 5 KiB files, four times Nova's limit in all
    const doc = new CloudConfig();
    for (let i = 0; i < 40; i++)
      doc.addWriteFile({ path: `/etc/ha/conf.d/${String(i).padStart(2, '0')}.conf`, content: configText(i, 5120) });
    // WHEN
    const size = doc.terraformSizeEstimate();
    // THEN
    expect(size.documentBytes).toBe(Buffer.byteLength(doc.renderOffline()));
    expect(size.encodedBytes).toBeLessThanOrEqual(NOVA_USER_DATA_LIMIT);
    expect(size.files.every((f) => f.encoding === 'gz+b64')).toBe(true);
    expect(() => doc.renderForTerraform()).not.toThrow();
  });

  it('counts each secret at the allowance, not at the test value length', () => {
    const s = secret('db-password');
    const doc = new CloudConfig({ secretSizeAllowance: 300 }).addWriteFile({
      path: '/s',
      content: new SecretDocument({ k: s }),
    });
    const size = doc.terraformSizeEstimate();
    expect(size.documentBytes).toBeGreaterThan(Buffer.byteLength(doc.renderOffline()) + 250);
    expect(size.files[0]).toEqual({
      path: '/s',
      encoding: 'b64',
      bytes: base64Length(`{"k":"${'x'.repeat(300)}"}`.length),
    });
  });

  it('refuses a document that cannot fit, naming the largest files (HA1212)', () => {
    // GIVEN: incompressible files, about 60 KiB in all
    const doc = new CloudConfig();
    doc.addWriteFile({ path: '/var/lib/noise-a', content: noiseText(1, 30000) });
    doc.addWriteFile({ path: '/var/lib/noise-b', content: noiseText(2, 20000) });
    doc.addWriteFile({ path: '/etc/small', content: 'small\n' });
    // WHEN
    let caught: unknown;
    try {
      doc.renderForTerraform();
    } catch (e) {
      caught = e;
    }
    // THEN
    expect(HaValidationError.isHaValidationError(caught)).toBe(true);
    const error = caught as HaValidationError;
    expect(error.codes).toEqual(['HA1212']);
    expect(error.message).toMatch(/largest files: \/var\/lib\/noise-a \(\d+ bytes, [a-z0-9+]+\), \/var\/lib\/noise-b/);
    expect(codesOf(() => doc.renderOffline())).toEqual(['HA1212']);
    expect(doc.terraformSizeEstimate().encodedBytes).toBeGreaterThan(NOVA_USER_DATA_LIMIT);
  });

  it('fails just above the limit and passes just below it', () => {
    // GIVEN a document whose only variable part is one uncompressed file
    const sized = (bytes: number) =>
      new CloudConfig().addWriteFile({ path: '/f', content: 'x'.repeat(bytes), compress: 'never' });
    const overhead = Buffer.byteLength(sized(0).renderOffline());
    const atLimit = sized(MAX_USER_DATA_BYTES - overhead + 2); // `""` becomes the block header `|-`
    // THEN
    expect(atLimit.terraformSizeEstimate().documentBytes).toBe(MAX_USER_DATA_BYTES);
    expect(() => atLimit.renderOffline()).not.toThrow();
    expect(codesOf(() => sized(MAX_USER_DATA_BYTES - overhead + 3).renderOffline())).toEqual(['HA1212']);
  });
});

describe('CloudConfig validation', () => {
  const s = () => secret('db-password');
  const file = (extra: Partial<WriteFile>): WriteFile => ({ path: '/etc/x', content: 'x', ...extra });

  it.each<[string, () => unknown, ErrorCode]>([
    ['a relative path', () => new CloudConfig().addWriteFile(file({ path: 'etc/x' })), 'HA1201'],
    ['a path with ..', () => new CloudConfig().addWriteFile(file({ path: '/etc/../x' })), 'HA1201'],
    ['a path with an empty segment', () => new CloudConfig().addWriteFile(file({ path: '/etc//x' })), 'HA1201'],
    ['a path ending with a slash', () => new CloudConfig().addWriteFile(file({ path: '/etc/x/' })), 'HA1201'],
    ['a path with a newline', () => new CloudConfig().addWriteFile(file({ path: '/etc/x\ny' })), 'HA1201'],
    ['permissions without leading 0', () => new CloudConfig().addWriteFile(file({ permissions: '640' })), 'HA1202'],
    [
      'permissions with a non-octal digit',
      () => new CloudConfig().addWriteFile(file({ permissions: '0680' })),
      'HA1202',
    ],
    ['permissions with a sticky bit', () => new CloudConfig().addWriteFile(file({ permissions: '01777' })), 'HA1202'],
    ['symbolic permissions', () => new CloudConfig().addWriteFile(file({ permissions: 'u+rw' })), 'HA1202'],
    ['a duplicate path', () => new CloudConfig().addWriteFile(file({})).addWriteFile(file({ content: 'y' })), 'HA1203'],
    [
      'a file at the hosts template path with host entries',
      () =>
        new CloudConfig()
          .addHostEntry({ address: '10.0.0.1', fqdn: 'a.b.c' })
          .addWriteFile(file({ path: ETC_HOSTS_TEMPLATE_PATH })),
      'HA1203',
    ],
    [
      'a host entry when the hosts template is a file',
      () =>
        new CloudConfig()
          .addWriteFile(file({ path: ETC_HOSTS_TEMPLATE_PATH }))
          .addHostEntry({ address: '10.0.0.1', fqdn: 'a.b.c' }),
      'HA1203',
    ],
    ['an empty run command', () => new CloudConfig().addRunCommand([]), 'HA1204'],
    ['a run command without a program', () => new CloudConfig().addRunCommand(['', 'x']), 'HA1204'],
    ['an empty boot command', () => new CloudConfig().addBootCommand([]), 'HA1204'],
    ['an owner without group', () => new CloudConfig().addWriteFile(file({ owner: 'root' })), 'HA1205'],
    ['an owner with spaces', () => new CloudConfig().addWriteFile(file({ owner: 'root : root' })), 'HA1205'],
    ['a host name with an underscore', () => new CloudConfig({ hostname: 'controller_0' }), 'HA1206'],
    ['an FQDN without a dot', () => new CloudConfig({ fqdn: 'controller' }), 'HA1206'],
    [
      'a peer FQDN with a leading hyphen',
      () => new CloudConfig().addHostEntry({ address: '10.0.0.1', fqdn: '-a.b' }),
      'HA1206',
    ],
    [
      'a peer with a bad address',
      () => new CloudConfig().addHostEntry({ address: '10.0.0.300', fqdn: 'a.b.c' }),
      'HA1207',
    ],
    [
      'a peer name mapped to two addresses',
      () =>
        new CloudConfig()
          .addHostEntry({ address: '10.0.0.1', fqdn: 'a.b.c' })
          .addHostEntry({ address: '10.0.0.2', fqdn: 'a.b.c' }),
      'HA1207',
    ],
    [
      'an address listed for two names',
      () =>
        new CloudConfig()
          .addHostEntry({ address: '10.0.0.1', fqdn: 'a.b.c' })
          .addHostEntry({ address: '10.0.0.1', fqdn: 'd.b.c' }),
      'HA1207',
    ],
    [
      'host entries with manageEtcHosts false',
      () => new CloudConfig({ manageEtcHosts: false }).addHostEntry({ address: '10.0.0.1', fqdn: 'a.b.c' }),
      'HA1208',
    ],
    [
      'host entries with manageEtcHosts localhost',
      () => new CloudConfig({ manageEtcHosts: 'localhost', hostEntries: [{ address: '10.0.0.1', fqdn: 'a.b.c' }] }),
      'HA1208',
    ],
    ['a package name with a space', () => new CloudConfig().addPackages('mariadb server'), 'HA1209'],
    ['a package name in capitals', () => new CloudConfig({ packages: ['MariaDB'] }), 'HA1209'],
    ['an empty APT source line', () => new CloudConfig().addAptSource('puppet', { source: ' ' }), 'HA1210'],
    [
      'a malformed key id',
      () => new CloudConfig().addAptSource('puppet', { source: 'deb x y z', keyid: 'not-hex' }),
      'HA1210',
    ],
    [
      'a key that is not armored',
      () => new CloudConfig().addAptSource('puppet', { source: 'deb x y z', key: 'abc' }),
      'HA1210',
    ],
    [
      'a source file name with a slash',
      () => new CloudConfig().addAptSource('puppet', { source: 'deb x y z', filename: 'a/b.list' }),
      'HA1210',
    ],
    [
      'an APT source redefined differently',
      () => new CloudConfig().addAptSource('p', { source: 'deb x y z' }).addAptSource('p', { source: 'deb x y w' }),
      'HA1210',
    ],
    [
      'a secret placeholder in a command',
      () => new CloudConfig().addRunCommand(['mysql', `-p${s().placeholder}`]),
      'HA1211',
    ],
    [
      'a secret placeholder not declared by the file',
      () => new CloudConfig().addWriteFile(file({ content: `x=${s().placeholder}` })),
      'HA1211',
    ],
    [
      'an empty key in a secret document',
      () => new CloudConfig().addWriteFile(file({ content: new SecretDocument({ '': s() }) })),
      'HA1213',
    ],
    [
      'a control character in a secret document value',
      () => new CloudConfig().addWriteFile(file({ content: new SecretDocument({ k: s(), note: 'a\nb' }) })),
      'HA1213',
    ],
    [
      'a combining mark after < in a secret document key',
      () => new CloudConfig().addWriteFile(file({ content: new SecretDocument({ 'a<\u0301': s() }) })),
      'HA1213',
    ],
    [
      'compressing a secret document',
      () => new CloudConfig().addWriteFile(file({ content: new SecretDocument({ k: s() }), compress: 'always' })),
      'HA1213',
    ],
    [
      'compressing a file holding secrets',
      () => {
        const x = s();
        return new CloudConfig().addWriteFile(file({ content: x.placeholder, secrets: [x], compress: 'always' }));
      },
      'HA1213',
    ],
    ['a time zone with spaces', () => new CloudConfig({ timezone: 'Europe / Paris' }), 'HA1214'],
    ['an NTP server with a space', () => new CloudConfig({ ntpServers: ['ntp one'] }), 'HA1214'],
    ['a line separator in a command', () => new CloudConfig().addRunCommand(['echo', 'a\u2028b']), 'HA1215'],
    ['a carriage return in a command', () => new CloudConfig().addRunCommand(['echo', 'a\rb']), 'HA1215'],
    ['a command not in NFC', () => new CloudConfig().addRunCommand(['echo', 'e\u0301']), 'HA1215'],
    [
      'a combining mark after a line break in a command',
      () => new CloudConfig().addRunCommand(['echo', 'a\n\u0301']),
      'HA1215',
    ],
    ['a negative compression threshold', () => new CloudConfig({ compressionThreshold: -1 }), 'HA1216'],
    ['a fractional secret size allowance', () => new CloudConfig({ secretSizeAllowance: 1.5 }), 'HA1216'],
  ])('rejects %s', (_title, build, code) => {
    expect(codesOf(build)).toEqual([code]);
  });

  it('reports every problem of the props at once, with the node path', () => {
    // GIVEN
    const props: CloudConfigProps = {
      errorPath: 'prod/Controllers/Node0',
      hostname: 'bad_name',
      packages: ['ok', 'Not OK'],
      writeFiles: [{ path: 'relative', content: 'x', permissions: '777' }],
      runCommands: [[]],
    };
    // WHEN
    let caught: unknown;
    try {
      new CloudConfig(props);
    } catch (e) {
      caught = e;
    }
    // THEN
    const error = caught as HaValidationError;
    expect(error.codes).toEqual(['HA1206', 'HA1209', 'HA1201', 'HA1202', 'HA1204']);
    expect(error.problems.every((p) => p.path === 'prod/Controllers/Node0')).toBe(true);
    expect(error.problems[2]).toMatchObject({ prop: 'writeFiles.0.path', value: 'relative' });
  });

  it('checks duplicates among files given as props', () => {
    expect(codesOf(() => new CloudConfig({ writeFiles: [file({}), file({})] }))).toEqual(['HA1203']);
  });

  it('accepts valid edge values', () => {
    expect(() =>
      new CloudConfig({
        hostname: 'a',
        fqdn: `${'a'.repeat(63)}.example`,
        packages: ['g++', 'libc6=2.36-9+deb12u4', 'puppet-agent'],
        timezone: 'America/Argentina/Buenos_Aires',
        ntpServers: ['0.debian.pool.ntp.org', '2001:db8::1'],
        writeFiles: [{ path: '/etc/a b/ü', content: '', permissions: '0000', owner: '_apt:nogroup' }],
        aptSources: {
          'ceph-reef': {
            source: 'deb https://download.ceph.com/debian-reef $RELEASE main',
            keyid: '0x08B73419AC32B4E966C1A330E84AC2C0460F3994',
          },
        },
      }).renderOffline(),
    ).not.toThrow();
  });
});

describe('isCarriableText', () => {
  it.each([
    ['plain ASCII', 'abc', true],
    ['tab and newline', 'a\tb\nc', true],
    ['unicode in NFC', 'é😀', true],
    ['carriage return', 'a\rb', false],
    ['DEL', 'a\u007fb', false],
    ['next line', 'a\u0085b', false],
    ['line separator', 'a\u2028b', false],
    ['byte-order mark', '\ufeffa', false],
    ['decomposed', 'e\u0301', false],
    ['leading combining mark', '\u0301a', false],
    ['combining mark after a quote', '"\u0301', false],
  ])('%s', (_title, text, expected) => {
    expect(isCarriableText(text)).toBe(expected);
  });
});

describe('shared files and a shared tail', () => {
  const code = (n: number) => `#!/bin/sh\n# tool ${n}\necho "\${HOME}" 100%\n`;
  const s1 = secret('s1');
  /** A document with shared files around a node's own file and its secrets. */
  function doc(shared: boolean, own = 'node: a\n') {
    const d = new CloudConfig({ errorPath: 'test', gzipWholeDocument: true, packages: ['puppet-agent'] });
    for (const n of [1, 2, 3]) d.addWriteFile({ path: `/opt/shared/tool-${n}`, content: code(n), permissions: '0755', shared });
    d.addWriteFile({ path: '/etc/node.yaml', content: own });
    d.addWriteFile({ path: '/etc/secret.json', content: new SecretDocument({ key: s1 }) });
    d.addRunCommand(['/opt/shared/tool-1']);
    return d;
  }

  it('writes a shared file exactly as an unshared one', () => {
    expect(doc(true).renderOffline()).toBe(doc(false).renderOffline());
    expect(doc(true).renderForTerraform()).toBe(doc(false).renderForTerraform());
  });

  it('stands the shared tail in by its expression, and only when the text is the same', () => {
    const tail = doc(true).renderTailFrom('/opt/shared/tool-1')!;
    expect(tail.startsWith('  - path: /opt/shared/tool-1\n')).toBe(true);
    expect(tail.endsWith('runcmd:\n  - - /opt/shared/tool-1\n')).toBe(true);
    const sharedTail = { fromFile: '/opt/shared/tool-1', expressionFor: (text: string) => (text === tail ? 'local.shared' : undefined) };

    const other = doc(true, 'node: b\n');
    const rendered = other.renderForTerraform({ sharedTail });
    expect(rendered.endsWith(', local.shared]))}')).toBe(true);
    expect(rendered).not.toContain('tool 2');
    // The tail in place of its expression gives the document without sharing.
    const inline = other.renderForTerraform();
    const escapedTail = terraformStringLiteral(tail).slice(1, -1);
    expect(inline.endsWith(`${escapedTail}"]))}`)).toBe(true);
    expect(rendered).toBe(inline.replace(`${escapedTail}"]))}`, '", local.shared]))}'));

    const changed = { fromFile: sharedTail.fromFile, expressionFor: (text: string) => (text === `${tail}x` ? 'local.shared' : undefined) };
    expect(other.renderForTerraform({ sharedTail: changed })).toBe(inline);
  });

  it('never shares a tail that holds a secret', () => {
    const d = doc(true);
    d.addWriteFile({ path: '/opt/shared/zz-secret', content: new SecretDocument({ key: secret('s2') }) });
    expect(d.renderTailFrom('/opt/shared/tool-1')).toBeUndefined();
    let asked = false;
    const rendered = d.renderForTerraform({ sharedTail: { fromFile: '/opt/shared/tool-1', expressionFor: () => ((asked = true), 'local.shared') } });
    expect(asked).toBe(false);
    expect(rendered).not.toContain('local.shared');
  });
});
