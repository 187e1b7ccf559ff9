/**
 * The cloud-init document of one node, as a typed model with two renderers.
 *
 * Constructs contribute to a node over time (packages, files, commands, peers for
 * `/etc/hosts`), then the node renders the model once:
 * - {@link CloudConfig.renderOffline} gives the document with each secret replaced by its
 *   test value, for checks without a deploy;
 * - {@link CloudConfig.renderForTerraform} gives the string for the instance's `user_data`,
 *   escaped for Terraform's template engine, each secret an interpolation.
 *
 * What Terraform evaluates from the second is byte for byte the first, with real secrets in
 * place of test values. The target is cloud-init 22.4 on Debian 12, which reads YAML 1.1.
 *
 * @module
 */
import { isIP } from 'node:net';
import type { Scalar } from 'yaml';
import { yamlLibrary } from './yaml-library';
import { ErrorCode } from '../core/error-codes';
import { HaProblem, problemAt } from '../core/errors';
import { throwIfAny } from '../core/rules';
import { Secret } from '../core/secret';
import { base64Length, gzipBase64 } from './compression';
import { gzipSync } from 'node:zlib';
import {
  base64JsonExpression,
  base64TextExpression,
  escapeTerraformTemplate,
  SecretTextPart,
  substituteTerraformExpressions,
  terraformJsonEncode,
  JsonStringTree,
  SecretTree,
  terraformStringLiteral,
} from './terraform-template';

/**
 * The largest `user_data` Nova accepts, in bytes of its base64 encoding (the API schema's
 * `maxLength`). The provider base64-encodes the document before sending it, so the document
 * itself may hold at most {@link MAX_USER_DATA_BYTES} bytes.
 */
export const NOVA_USER_DATA_LIMIT = 65535;

/** The largest document, in bytes, whose base64 encoding fits {@link NOVA_USER_DATA_LIMIT}. */
export const MAX_USER_DATA_BYTES = Math.floor(NOVA_USER_DATA_LIMIT / 4) * 3;

/** The content size, in bytes, above which files with `compress: 'auto'` are gzipped. */
export const DEFAULT_COMPRESSION_THRESHOLD = 1024;

/** The size, in bytes, assumed for each secret value when estimating the deployed user-data. */
export const DEFAULT_SECRET_SIZE_ALLOWANCE = 64;

/**
 * The template cloud-init renders `/etc/hosts` from on Debian when `manage_etc_hosts` is true.
 * Host entries are written into it, so they survive every boot's regeneration of the file.
 */
export const ETC_HOSTS_TEMPLATE_PATH = '/etc/cloud/templates/hosts.debian.tmpl';

/** The first line of every cloud-config document. */
export const CLOUD_CONFIG_HEADER = '#cloud-config\n';

/**
 * A YAML mapping whose values are secrets (or plain strings), written as one file: hiera's
 * `secrets.yaml`, a client configuration holding a password.
 *
 * The file is written as compact JSON, which is YAML too. Offline it holds the secrets' test
 * values; on the node it holds what Terraform's `jsonencode` produces from the real values,
 * base64-encoded in the user-data so that no character of a secret can break the document.
 * Such a file is never compressed and is written with mode `0600` unless told otherwise.
 */
export class SecretDocument {
  /** Key to value; keys are sorted by their UTF-8 bytes when rendered. */
  public readonly values: SecretTree;

  /** @param values - key to secret, plain string, or a map of those (one hiera hash of secrets) */
  constructor(values: SecretTree) {
    this.values = { ...values };
  }

  /** The distinct secrets the document holds, by name. */
  public get secrets(): Secret[] {
    const found: Secret[] = [];
    const walk = (tree: SecretTree): void => {
      for (const v of Object.values(tree)) {
        if (v instanceof Secret) found.push(v);
        else if (typeof v !== 'string') walk(v);
      }
    };
    walk(this.values);
    return distinctSecrets(found);
  }
}

/** How a file's content may be compressed. */
export type FileCompression = 'auto' | 'always' | 'never';

/** What a file holds: text, bytes, or a {@link SecretDocument}. */
export type FileContent = string | Uint8Array | SecretDocument;

/** How a file's content is carried in the document (cloud-init's `encoding`). */
export type FileEncoding = 'text' | 'b64' | 'gz+b64';

/** One file for cloud-init's `write_files`. */
export interface WriteFile {
  /** The absolute path of the file on the node. */
  readonly path: string;
  /**
   * The content. Text may carry secrets as their {@link Secret.placeholder}, each listed in
   * {@link WriteFile.secrets}.
   */
  readonly content: FileContent;
  /**
   * The mode, as four octal digits in a string.
   *
   * @default - cloud-init's default (`0644`); `0600` when the content holds secrets
   */
  readonly permissions?: string;
  /**
   * The owner, as `user:group`. Files are written before users are created unless
   * {@link WriteFile.defer} is set, so a user created by a package needs `defer`.
   *
   * @default - cloud-init's default (`root:root`)
   */
  readonly owner?: string;
  /**
   * Write the file in cloud-init's final stage, after packages are installed and users exist.
   *
   * @default false
   */
  readonly defer?: boolean;
  /**
   * Append to the file instead of replacing it.
   *
   * @default false
   */
  readonly append?: boolean;
  /**
   * Whether to gzip the content (`encoding: gz+b64`). `auto` compresses content larger than
   * the document's compression threshold when that makes it smaller. Content holding
   * secrets is never compressed.
   *
   * @default 'auto'
   */
  readonly compress?: FileCompression;
  /**
   * The secrets whose placeholders appear in a text content.
   *
   * @default - none
   */
  readonly secrets?: readonly Secret[];
  /**
   * Whether many documents carry this file unchanged (a program's code, say): its entry is
   * then prepared and written as YAML once per process and reused, which keeps rendering
   * hundreds of similar documents fast. Only for text without secrets.
   *
   * @default false
   */
  readonly shared?: boolean;
}

/** One line of `/etc/hosts`: a peer's address and names. */
export interface HostEntry {
  /** The IPv4 or IPv6 address. */
  readonly address: string;
  /** The fully qualified domain name, for example `controller-1.cloud.example`. */
  readonly fqdn: string;
  /**
   * The short name.
   *
   * @default - the first label of the FQDN
   */
  readonly hostname?: string;
}

/** One APT source for cloud-init's `apt.sources`. */
export interface AptSource {
  /** The `deb` line; cloud-init replaces `$RELEASE`, `$MIRROR` and similar variables in it. */
  readonly source: string;
  /**
   * The id of the signing key, fetched from {@link AptSource.keyserver}.
   *
   * @default - no key id
   */
  readonly keyid?: string;
  /**
   * The key server for {@link AptSource.keyid}.
   *
   * @default - cloud-init's default key server
   */
  readonly keyserver?: string;
  /**
   * The ASCII-armored signing key.
   *
   * @default - no key
   */
  readonly key?: string;
  /**
   * The file name in `/etc/apt/sources.list.d/`.
   *
   * @default - the source name with `.list`
   */
  readonly filename?: string;
}

/**
 * The end of a document that several nodes share word for word (the project's Puppet code and
 * the apply command), carried once in the Terraform output instead of once per node.
 *
 * Only whole-document gzip user-data uses it: the shared text stays one item of the
 * `join` that is gzipped, so every node still receives its complete document.
 */
export interface SharedDocumentTail {
  /** The path of the first `write_files` entry of the shared part. */
  readonly fromFile: string;
  /**
   * The expression (a cdktf token) that evaluates to `text`, or undefined when `text` is not
   * the shared text; the document then carries it inline.
   */
  expressionFor(text: string): string | undefined;
}

/** Options of {@link CloudConfig.renderForTerraform}. */
export interface TerraformRenderOptions {
  /** A shared tail to reference instead of carrying it inline. @default - none */
  readonly sharedTail?: SharedDocumentTail;
}

/** Props of {@link CloudConfig}. */
export interface CloudConfigProps {
  /**
   * The construct path of the node the document belongs to, shown in error messages.
   *
   * @default 'cloud-config'
   */
  readonly errorPath?: string;
  /**
   * The short host name (`hostname`).
   *
   * @default - the name the cloud's metadata gives
   */
  readonly hostname?: string;
  /**
   * The fully qualified domain name (`fqdn`).
   *
   * @default - derived by cloud-init from the metadata
   */
  readonly fqdn?: string;
  /**
   * Set the system host name to the FQDN rather than the short name (`prefer_fqdn_over_hostname`).
   *
   * @default - cloud-init's default
   */
  readonly preferFqdnOverHostname?: boolean;
  /**
   * How cloud-init manages `/etc/hosts` (`manage_etc_hosts`): `true` renders it from a
   * template on every boot, `'localhost'` only maps the host name to 127.0.1.1, `false`
   * leaves it alone. With host entries it must be unset or true.
   *
   * @default - true when there are host entries, otherwise cloud-init's default (false)
   */
  readonly manageEtcHosts?: boolean | 'localhost';
  /**
   * Peers to list in `/etc/hosts`.
   *
   * @default - none
   */
  readonly hostEntries?: readonly HostEntry[];
  /**
   * Debian packages to install (`packages`), sorted and without duplicates when rendered.
   *
   * @default - none
   */
  readonly packages?: readonly string[];
  /**
   * Run `apt-get update` on first boot (`package_update`).
   *
   * @default - cloud-init's default (true when packages are listed)
   */
  readonly packageUpdate?: boolean;
  /**
   * Run `apt-get upgrade` on first boot (`package_upgrade`).
   *
   * @default - cloud-init's default (false)
   */
  readonly packageUpgrade?: boolean;
  /**
   * Keep the image's `/etc/apt/sources.list` (`apt.preserve_sources_list`).
   *
   * @default - cloud-init's default
   */
  readonly aptPreserveSourcesList?: boolean;
  /**
   * Extra APT sources by name (`apt.sources`).
   *
   * @default - none
   */
  readonly aptSources?: { readonly [name: string]: AptSource };
  /**
   * Files to write (`write_files`), rendered in path order.
   *
   * @default - none
   */
  readonly writeFiles?: readonly WriteFile[];
  /**
   * Commands run early on every boot (`bootcmd`), each an argument list, in order.
   *
   * @default - none
   */
  readonly bootCommands?: readonly (readonly string[])[];
  /**
   * Commands run once, at the end of the first boot (`runcmd`), each an argument list, in order.
   *
   * @default - none
   */
  readonly runCommands?: readonly (readonly string[])[];
  /**
   * The time zone (`timezone`), a tz database name.
   *
   * @default - the image's time zone
   */
  readonly timezone?: string;
  /**
   * NTP servers (`ntp.servers`).
   *
   * @default - none (the image's NTP configuration)
   */
  readonly ntpServers?: readonly string[];
  /**
   * NTP pools (`ntp.pools`).
   *
   * @default - none
   */
  readonly ntpPools?: readonly string[];
  /**
   * Content size, in bytes, above which `compress: 'auto'` files are gzipped.
   *
   * @default 1024
   */
  readonly compressionThreshold?: number;
  /**
   * Deliver the whole document gzip-compressed: the user-data becomes
   * `${base64gzip(...)}`, which the OpenStack provider passes to Nova as it is (it is already
   * base64) and cloud-init decompresses at boot. One gzip stream over the whole document
   * compresses far better than files compressed one by one, so files are then never
   * compressed individually.
   *
   * @default false
   */
  readonly gzipWholeDocument?: boolean;
  /**
   * The size, in bytes, assumed for each secret's real value when checking the deployed
   * user-data against Nova's limit.
   *
   * @default 64
   */
  readonly secretSizeAllowance?: number;
}

/** The size of one file's content inside the rendered document. */
export interface RenderedFileSize {
  /** The file path. */
  readonly path: string;
  /** How the content is carried. */
  readonly encoding: FileEncoding;
  /** The bytes the content takes in the document. */
  readonly bytes: number;
}

/** An estimate of the user-data Terraform will send to Nova. */
export interface UserDataSize {
  /** The document's size in bytes, each secret counted at the secret size allowance. */
  readonly documentBytes: number;
  /** The size of the document's base64 encoding, which Nova checks. */
  readonly encodedBytes: number;
  /** Nova's limit on the encoded size ({@link NOVA_USER_DATA_LIMIT}). */
  readonly limit: number;
  /** Every file's share of the document, largest first. */
  readonly files: readonly RenderedFileSize[];
}

/**
 * The cloud-init `#cloud-config` document of one node.
 *
 * @example
 * const doc = new CloudConfig({ hostname: 'controller-0', fqdn: 'controller-0.cloud.example' });
 * doc.addPackages('mariadb-server');
 * doc.addHostEntry({ address: '10.20.0.12', fqdn: 'controller-1.cloud.example' });
 * doc.addWriteFile({ path: '/etc/puppetlabs/code/data/secrets.yaml', content: new SecretDocument({ 'galera::root_password': secret }) });
 * instance.userData = doc.renderForTerraform();
 */
export class CloudConfig {
  /** The path shown in error messages. */
  public readonly errorPath: string;
  /** The short host name, if set. */
  public readonly hostname?: string;
  /** The FQDN, if set. */
  public readonly fqdn?: string;
  /** Whether the FQDN is preferred as system host name, if set. */
  public readonly preferFqdnOverHostname?: boolean;
  /** How cloud-init manages `/etc/hosts`, if set. */
  public readonly manageEtcHosts?: boolean | 'localhost';
  /** Whether to run `apt-get update`, if set. */
  public readonly packageUpdate?: boolean;
  /** Whether to run `apt-get upgrade`, if set. */
  public readonly packageUpgrade?: boolean;
  /** Whether to keep the image's sources list, if set. */
  public readonly aptPreserveSourcesList?: boolean;
  /** The time zone, if set. */
  public readonly timezone?: string;
  /** The content size above which `auto` files are compressed. */
  public readonly compressionThreshold: number;
  /** Whether the whole document is delivered gzip-compressed. */
  public readonly gzipWholeDocument: boolean;
  /** The size assumed for each secret value in size estimates. */
  public readonly secretSizeAllowance: number;

  private readonly packageSet = new Set<string>();
  private readonly files = new Map<string, WriteFile>();
  private readonly boot: string[][] = [];
  private readonly run: string[][] = [];
  private readonly hosts: Required<HostEntry>[] = [];
  private readonly apt = new Map<string, AptSource>();
  private readonly ntpServerList: string[];
  private readonly ntpPoolList: string[];
  private readonly preparedContent = new Map<string, PreparedContent>();

  constructor(props: CloudConfigProps = {}) {
    this.errorPath = props.errorPath ?? 'cloud-config';
    const problems = [
      ...this.checkScalars(props),
      ...(props.hostEntries ?? []).flatMap((h, i) => this.checkHostEntry(h, `hostEntries.${i}`, [])),
      ...this.checkNames(props.packages ?? [], 'packages', 'HA1209', isPackageName),
      ...Object.entries(props.aptSources ?? {}).flatMap(([n, s]) => this.checkAptSource(n, s)),
      ...(props.writeFiles ?? []).flatMap((f, i) => this.checkWriteFile(f, `writeFiles.${i}`)),
      ...(props.bootCommands ?? []).flatMap((c, i) => this.checkCommand(c, `bootCommands.${i}`)),
      ...(props.runCommands ?? []).flatMap((c, i) => this.checkCommand(c, `runCommands.${i}`)),
      ...this.checkNames(props.ntpServers ?? [], 'ntpServers', 'HA1214', isNtpServer),
      ...this.checkNames(props.ntpPools ?? [], 'ntpPools', 'HA1214', isNtpServer),
    ];
    if ((props.hostEntries ?? []).length > 0 && props.manageEtcHosts !== undefined && props.manageEtcHosts !== true) {
      problems.push(this.problem('HA1208', 'manageEtcHosts', props.manageEtcHosts));
    }
    throwIfAny(problems);

    this.hostname = props.hostname;
    this.fqdn = props.fqdn;
    this.preferFqdnOverHostname = props.preferFqdnOverHostname;
    this.manageEtcHosts = props.manageEtcHosts;
    this.packageUpdate = props.packageUpdate;
    this.packageUpgrade = props.packageUpgrade;
    this.aptPreserveSourcesList = props.aptPreserveSourcesList;
    this.timezone = props.timezone;
    this.gzipWholeDocument = props.gzipWholeDocument ?? false;
    this.compressionThreshold = this.gzipWholeDocument
      ? Number.MAX_SAFE_INTEGER
      : (props.compressionThreshold ?? DEFAULT_COMPRESSION_THRESHOLD);
    this.secretSizeAllowance = props.secretSizeAllowance ?? DEFAULT_SECRET_SIZE_ALLOWANCE;
    this.ntpServerList = [...(props.ntpServers ?? [])];
    this.ntpPoolList = [...(props.ntpPools ?? [])];

    // Contributions given as props go through the same methods as later ones, so
    // duplicates among them are caught the same way.
    for (const h of props.hostEntries ?? []) this.addHostEntry(h);
    this.addPackages(...(props.packages ?? []));
    for (const [name, source] of Object.entries(props.aptSources ?? {})) this.addAptSource(name, source);
    for (const f of props.writeFiles ?? []) this.addWriteFile(f);
    for (const c of props.bootCommands ?? []) this.addBootCommand(c);
    for (const c of props.runCommands ?? []) this.addRunCommand(c);
  }

  /** The packages to install, sorted, without duplicates. */
  public get packages(): readonly string[] {
    return [...this.packageSet].sort();
  }

  /** The files added, in path order (the generated `/etc/hosts` template is not among them). */
  public get writeFiles(): readonly WriteFile[] {
    return [...this.files.values()].sort((a, b) => compareText(a.path, b.path));
  }

  /** The peers listed in `/etc/hosts`, in the order added. */
  public get hostEntries(): readonly Required<HostEntry>[] {
    return this.hosts.map((h) => ({ ...h }));
  }

  /** The boot commands, in order. */
  public get bootCommands(): readonly (readonly string[])[] {
    return this.boot.map((c) => [...c]);
  }

  /** The run commands, in order. */
  public get runCommands(): readonly (readonly string[])[] {
    return this.run.map((c) => [...c]);
  }

  /** The APT sources by name, in name order. */
  public get aptSources(): { readonly [name: string]: AptSource } {
    return Object.fromEntries([...this.apt.entries()].sort(([a], [b]) => compareText(a, b)));
  }

  /** Every secret the document carries, by name. */
  public get secrets(): Secret[] {
    return distinctSecrets([...this.files.values()].flatMap(fileSecrets));
  }

  /** True when a file with this path has been added. */
  public hasFile(path: string): boolean {
    return this.files.has(path);
  }

  /**
   * Adds Debian packages to install. Adding a package twice is allowed (two constructs may
   * need the same package).
   *
   * @param names - package names, optionally pinned (`name=version`)
   */
  public addPackages(...names: string[]): this {
    throwIfAny(this.checkNames(names, 'packages', 'HA1209', isPackageName));
    for (const n of names) this.packageSet.add(n);
    return this;
  }

  /**
   * Adds a file. Each path may be added once.
   *
   * @throws HaValidationError HA1201 to HA1205, HA1211, HA1213, HA1215 for bad input
   */
  public addWriteFile(file: WriteFile): this {
    const problems = this.checkWriteFile(file, `writeFiles[${JSON.stringify(file.path)}]`);
    if (problems.length === 0 && (this.files.has(file.path) || this.reservesPath(file.path))) {
      problems.push(
        this.problem('HA1203', 'writeFiles.path', file.path, {
          message: this.files.has(file.path)
            ? `the file ${file.path} is already written by this document`
            : `${file.path} is generated from the host entries`,
        }),
      );
    }
    throwIfAny(problems);
    // Copies, so that a caller changing its objects later cannot change the rendered file.
    const content = file.content instanceof Uint8Array ? Uint8Array.from(file.content) : file.content;
    this.files.set(file.path, { ...file, content, secrets: file.secrets ? [...file.secrets] : undefined });
    return this;
  }

  /**
   * Adds a command run once at the end of the first boot (`runcmd`), after packages are
   * installed and deferred files written.
   *
   * @param command - the program and its arguments; no shell is involved
   */
  public addRunCommand(command: readonly string[]): this {
    throwIfAny(this.checkCommand(command, `runCommands.${this.run.length}`));
    this.run.push([...command]);
    return this;
  }

  /**
   * Adds a command run early on every boot (`bootcmd`), before files are written.
   *
   * @param command - the program and its arguments; no shell is involved
   */
  public addBootCommand(command: readonly string[]): this {
    throwIfAny(this.checkCommand(command, `bootCommands.${this.boot.length}`));
    this.boot.push([...command]);
    return this;
  }

  /**
   * Adds a peer to `/etc/hosts`. Adding the same entry twice is allowed; mapping a name to
   * a second address is not.
   */
  public addHostEntry(entry: HostEntry): this {
    const problems = this.checkHostEntry(entry, `hostEntries.${this.hosts.length}`, this.hosts);
    if (this.manageEtcHosts !== undefined && this.manageEtcHosts !== true) {
      problems.push(this.problem('HA1208', 'manageEtcHosts', this.manageEtcHosts));
    }
    if (this.files.has(ETC_HOSTS_TEMPLATE_PATH)) {
      problems.push(
        this.problem('HA1203', 'hostEntries', entry, {
          message: `${ETC_HOSTS_TEMPLATE_PATH} is already written as a file, so host entries cannot be added to it`,
        }),
      );
    }
    throwIfAny(problems);
    const full = completeHostEntry(entry);
    if (!this.hosts.some((h) => sameHostEntry(h, full))) this.hosts.push(full);
    return this;
  }

  /** Adds an APT source. Adding the same source twice is allowed; a different one under the same name is not. */
  public addAptSource(name: string, source: AptSource): this {
    const problems = this.checkAptSource(name, source);
    const existing = this.apt.get(name);
    if (existing !== undefined && JSON.stringify(existing) !== JSON.stringify({ ...source })) {
      problems.push(
        this.problem('HA1210', `aptSources.${name}`, source, {
          message: `the APT source ${name} is already defined differently`,
        }),
      );
    }
    throwIfAny(problems);
    this.apt.set(name, { ...source });
    return this;
  }

  /**
   * The document with every secret replaced by its test value: `#cloud-config` and YAML.
   *
   * @throws HaValidationError HA1212 when the deployed user-data would exceed Nova's limit
   */
  public renderOffline(): string {
    const prepared = this.prepare();
    this.assertFits(prepared);
    return this.substituteValues(prepared, (s) => s.testValue);
  }

  /**
   * The string for the instance's `user_data`: the document escaped for Terraform's
   * template engine, every secret inserted as an interpolation (a cdktf token that cdktf
   * resolves to a Terraform reference). Terraform evaluates it to exactly
   * {@link CloudConfig.renderOffline}'s text, with the real secret values.
   *
   * @throws HaValidationError HA1212 when the deployed user-data would exceed Nova's limit
   */
  public renderForTerraform(options: TerraformRenderOptions = {}): string {
    const prepared = this.prepare();
    this.assertFits(prepared);
    if (this.gzipWholeDocument) return this.renderGzipExpression(prepared, options.sharedTail);
    const escaped = escapeTerraformTemplate(`${CLOUD_CONFIG_HEADER}${fullYaml(prepared)}`);
    return substituteTerraformExpressions(escaped, new Map(prepared.slots.map((s) => [s.marker, s.expression])));
  }

  /**
   * The end of the offline document from the `write_files` entry of `path` on (that entry,
   * every later one and every key after `write_files`), or undefined when the document has no
   * such entry or a secret-bearing file lies in that part. Two documents whose tails are equal
   * can share one copy of it ({@link SharedDocumentTail}).
   */
  public renderTailFrom(path: string): string | undefined {
    return splitAtSharedTail(this.prepare(), path)?.tail;
  }

  /**
   * `${base64gzip(join("", [<literal>, <secret expression>, <literal>, ..., <shared tail>]))}`:
   * the document as HCL string literals (which hold no template sequence) joined with the
   * expressions of the secret-bearing files and, when the document ends with the shared tail,
   * the expression that stands for it.
   */
  private renderGzipExpression(prepared: PreparedDocument, sharedTail?: SharedDocumentTail): string {
    let text: string | undefined;
    let tailExpression: string | undefined;
    if (sharedTail) {
      const split = splitAtSharedTail(prepared, sharedTail.fromFile);
      tailExpression = split ? sharedTail.expressionFor(split.tail) : undefined;
      if (split && tailExpression !== undefined) text = split.head;
    }
    text ??= `${CLOUD_CONFIG_HEADER}${fullYaml(prepared)}`;
    const items: string[] = [];
    let from = 0;
    for (const slot of prepared.slots) {
      const at = text.indexOf(slot.marker, from);
      if (at < 0) throw new Error(`internal: content marker ${slot.marker} missing from the rendered document`);
      if (at > from) items.push(terraformStringLiteral(text.slice(from, at)));
      if (!slot.expression.startsWith('${') || !slot.expression.endsWith('}')) {
        throw new Error(`internal: slot expression of ${slot.path} is not one interpolation`);
      }
      items.push(slot.expression.slice(2, -1));
      from = at + slot.marker.length;
    }
    if (from < text.length) items.push(terraformStringLiteral(text.slice(from)));
    if (tailExpression !== undefined) items.push(tailExpression);
    return `\${base64gzip(join("", [${items.join(', ')}]))}`;
  }

  /**
   * Estimates the user-data Terraform will send: the offline document with each secret
   * counted at {@link CloudConfig.secretSizeAllowance} bytes, and its base64 size, which
   * Nova limits to {@link NOVA_USER_DATA_LIMIT}.
   */
  public terraformSizeEstimate(): UserDataSize {
    return this.estimate(this.prepare());
  }

  // ---------------------------------------------------------------- rendering

  private prepare(): PreparedDocument {
    const slots: ContentSlot[] = [];
    const sizes: PreparedFileSize[] = [];
    const sharedItems: string[] = [];
    const sharedPaths: string[] = [];
    const files = this.renderedFiles().map((file) => {
      const shared = this.sharedEntry(file);
      if (shared) {
        sizes.push({ path: file.path, encoding: shared.encoding, bytes: shared.bytes });
        sharedItems.push(shared.yaml);
        sharedPaths.push(file.path);
        return sharedItemMarker(sharedItems.length - 1);
      }
      const content = this.prepareContent(file);
      let value: string;
      if (content.kind === 'slot') {
        const slot: ContentSlot = { marker: `@@openstack-ha-content-${slots.length}@@`, ...content };
        slots.push(slot);
        sizes.push({ path: file.path, encoding: content.encoding, bytes: 0, slot });
        value = slot.marker;
      } else {
        value = content.text;
        sizes.push({ path: file.path, encoding: content.encoding, bytes: utf8Length(value) });
      }
      return {
        path: file.path,
        ...(file.owner !== undefined ? { owner: file.owner } : {}),
        ...(content.permissions !== undefined ? { permissions: content.permissions } : {}),
        ...(content.encoding !== 'text' ? { encoding: content.encoding } : {}),
        content: value,
        ...(file.append !== undefined ? { append: file.append } : {}),
        ...(file.defer !== undefined ? { defer: file.defer } : {}),
      };
    });

    const tree: { [key: string]: unknown } = {};
    const set = (key: string, value: unknown) => {
      if (value !== undefined) tree[key] = value;
    };
    set('hostname', this.hostname);
    set('fqdn', this.fqdn);
    set('prefer_fqdn_over_hostname', this.preferFqdnOverHostname);
    set('manage_etc_hosts', this.hosts.length > 0 ? true : this.manageEtcHosts);
    set('timezone', this.timezone);
    if (this.ntpServerList.length > 0 || this.ntpPoolList.length > 0) {
      set('ntp', {
        enabled: true,
        ...(this.ntpServerList.length > 0 ? { servers: this.ntpServerList } : {}),
        ...(this.ntpPoolList.length > 0 ? { pools: this.ntpPoolList } : {}),
      });
    }
    if (this.aptPreserveSourcesList !== undefined || this.apt.size > 0) {
      set('apt', {
        ...(this.aptPreserveSourcesList !== undefined ? { preserve_sources_list: this.aptPreserveSourcesList } : {}),
        ...(this.apt.size > 0 ? { sources: mapValues(this.aptSources, renderAptSource) } : {}),
      });
    }
    set('package_update', this.packageUpdate);
    set('package_upgrade', this.packageUpgrade);
    if (this.packageSet.size > 0) set('packages', this.packages);
    if (this.boot.length > 0) set('bootcmd', this.boot);
    if (files.length > 0) set('write_files', files);
    if (this.run.length > 0) set('runcmd', this.run);

    const markers = new Set([...slots.map((s) => s.marker), ...sharedItems.map((_, i) => sharedItemMarker(i))]);
    const own = stringifyForCloudInit(tree, markers);
    if (own !== own.normalize('NFC')) {
      // Every carried string is checked to be NFC-stable once written; this guards the writer
      // (shared entries are checked once, when they are first written).
      throw new Error('internal: the rendered cloud-config would change under Unicode NFC normalization');
    }
    return {
      own,
      sharedItems,
      sharedPaths,
      ownYaml: sharedItems.length > 0 ? own.replace(SHARED_ITEM_LINE, '') : own,
      sharedYaml: sharedItems.join(''),
      slots,
      files: sizes,
    };
  }

  /** The files to write, the generated `/etc/hosts` template included, in path order. */
  private renderedFiles(): WriteFile[] {
    const files = [...this.files.values()];
    if (this.hosts.length > 0) {
      files.push({
        path: ETC_HOSTS_TEMPLATE_PATH,
        content: this.etcHostsTemplate(),
        permissions: '0644',
        compress: 'never',
      });
    }
    return files.sort((a, b) => compareText(a.path, b.path));
  }

  /**
   * The Jinja template cloud-init renders `/etc/hosts` from. The loopback line for the
   * node's own names is left out when the node lists itself among the entries, so that its
   * FQDN resolves to its real address (cluster software compares the two).
   */
  private etcHostsTemplate(): string {
    const listsItself = this.fqdn !== undefined && this.hosts.some((h) => h.fqdn === this.fqdn);
    const lines = [
      '## template:jinja',
      '{#',
      'Rendered by cloud-init into /etc/hosts on every boot (manage_etc_hosts: true).',
      'The peer lines at the end come from the host entries of the node document.',
      '#}',
      '127.0.0.1 localhost',
      ...(listsItself ? [] : ['127.0.1.1 {{fqdn}} {{hostname}}']),
      '::1 localhost ip6-localhost ip6-loopback',
      'ff02::1 ip6-allnodes',
      'ff02::2 ip6-allrouters',
      '',
      '# peers',
      ...this.hosts.map((h) => `${h.address} ${h.fqdn} ${h.hostname}`),
    ];
    return `${lines.join('\n')}\n`;
  }

  /**
   * The `write_files` entry of a shared file, rendered once per process and reused by every
   * document with the same compression threshold; undefined for any other file.
   */
  private sharedEntry(file: WriteFile): SharedEntry | undefined {
    if (!file.shared || typeof file.content !== 'string' || (file.secrets?.length ?? 0) > 0) return undefined;
    const variant = JSON.stringify([file.path, file.owner, file.permissions, file.append, file.defer, file.compress, this.compressionThreshold]);
    let byVariant = SHARED_ENTRIES.get(file.content);
    if (!byVariant) SHARED_ENTRIES.set(file.content, (byVariant = new Map()));
    let entry = byVariant.get(variant);
    if (!entry) {
      const content = prepareFileContent(file, this.compressionThreshold);
      if (content.kind !== 'inline') throw new Error(`internal: shared file ${file.path} needs a Terraform expression`);
      const item = {
        path: file.path,
        ...(file.owner !== undefined ? { owner: file.owner } : {}),
        ...(content.permissions !== undefined ? { permissions: content.permissions } : {}),
        ...(content.encoding !== 'text' ? { encoding: content.encoding } : {}),
        content: content.text,
        ...(file.append !== undefined ? { append: file.append } : {}),
        ...(file.defer !== undefined ? { defer: file.defer } : {}),
      };
      const rendered = stringifyForCloudInit({ write_files: [item] }, new Set());
      if (rendered !== rendered.normalize('NFC')) {
        throw new Error(`internal: the entry of ${file.path} would change under Unicode NFC normalization`);
      }
      entry = { yaml: rendered.slice(rendered.indexOf('\n') + 1), encoding: content.encoding, bytes: utf8Length(content.text) };
      byVariant.set(variant, entry);
    }
    return entry;
  }

  private prepareContent(file: WriteFile): PreparedContent {
    const generated = file.path === ETC_HOSTS_TEMPLATE_PATH && !this.files.has(file.path);
    const cached = generated ? undefined : this.preparedContent.get(file.path);
    if (cached) return cached;
    const prepared = prepareFileContent(file, this.compressionThreshold);
    if (!generated) this.preparedContent.set(file.path, prepared);
    return prepared;
  }

  private substituteValues(prepared: PreparedDocument, valueOf: (secret: Secret) => string, yamlText = fullYaml(prepared)): string {
    let yaml = yamlText;
    for (const slot of prepared.slots) {
      const at = yaml.indexOf(slot.marker);
      if (at < 0 || yaml.indexOf(slot.marker, at + 1) >= 0) {
        throw new Error(`internal: content marker ${slot.marker} must occur once in the rendered document`);
      }
      yaml = yaml.slice(0, at) + slot.offline(valueOf) + yaml.slice(at + slot.marker.length);
    }
    return `${CLOUD_CONFIG_HEADER}${yaml}`;
  }

  private estimate(prepared: PreparedDocument): UserDataSize {
    const allowance = 'x'.repeat(this.secretSizeAllowance);
    const valueOf = () => allowance;
    let documentBytes: number;
    if (!this.gzipWholeDocument) {
      documentBytes = utf8Length(this.substituteValues(prepared, valueOf));
    } else {
      // The shared entries are compressed apart from the rest (once per process): the sum is a
      // little above what compressing the whole document gives, never below it in practice.
      const own = estimateTerraformGzipBytes(this.substituteValues(prepared, valueOf, prepared.ownYaml));
      documentBytes = own + (prepared.sharedYaml.length > 0 ? sharedGzipEstimate(prepared.sharedYaml) : 0);
    }
    const files: RenderedFileSize[] = prepared.files.map((f) => ({
      path: f.path,
      encoding: f.encoding,
      bytes: f.slot ? f.slot.offline(valueOf).length : f.bytes,
    }));
    return {
      documentBytes,
      encodedBytes: base64Length(documentBytes),
      limit: NOVA_USER_DATA_LIMIT,
      files: files.sort((a, b) => b.bytes - a.bytes || compareText(a.path, b.path)),
    };
  }

  private assertFits(prepared: PreparedDocument): void {
    const size = this.estimate(prepared);
    if (size.encodedBytes <= NOVA_USER_DATA_LIMIT) return;
    const largest = size.files
      .slice(0, 3)
      .map((f) => `${f.path} (${f.bytes} bytes, ${f.encoding})`)
      .join(', ');
    throwIfAny([
      this.problem('HA1212', 'writeFiles', `${size.encodedBytes} bytes encoded`, {
        message:
          `the user-data would be ${size.documentBytes} bytes${this.gzipWholeDocument ? ' gzipped' : ''}, ${size.encodedBytes} once base64-encoded, ` +
          `over Nova's limit of ${NOVA_USER_DATA_LIMIT}; largest files: ${largest || 'none'}`,
      }),
    ]);
  }

  // ---------------------------------------------------------------- validation

  private problem(
    code: ErrorCode,
    prop: string,
    value: unknown,
    extra: { message?: string; fix?: string } = {},
  ): HaProblem {
    return problemAt(this.errorPath, { code, prop, value, ...extra });
  }

  private checkScalars(props: CloudConfigProps): HaProblem[] {
    const problems: HaProblem[] = [];
    if (props.hostname !== undefined && !isHostLabel(props.hostname)) {
      problems.push(this.problem('HA1206', 'hostname', props.hostname));
    }
    if (props.fqdn !== undefined && !isFqdn(props.fqdn)) problems.push(this.problem('HA1206', 'fqdn', props.fqdn));
    if (props.timezone !== undefined && !/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+)*$/.test(props.timezone)) {
      problems.push(this.problem('HA1214', 'timezone', props.timezone));
    }
    for (const key of ['compressionThreshold', 'secretSizeAllowance'] as const) {
      const v = props[key];
      if (v !== undefined && !(Number.isInteger(v) && v >= 0)) problems.push(this.problem('HA1216', key, v));
    }
    if (props.manageEtcHosts !== undefined && ![true, false, 'localhost'].includes(props.manageEtcHosts)) {
      problems.push(
        this.problem('HA1208', 'manageEtcHosts', props.manageEtcHosts, {
          message: 'manageEtcHosts must be true, false or "localhost"',
          fix: 'give one of true, false or "localhost"',
        }),
      );
    }
    return problems;
  }

  private checkNames(
    names: readonly string[],
    prop: string,
    code: ErrorCode,
    valid: (name: string) => boolean,
  ): HaProblem[] {
    return names.flatMap((n, i) => (typeof n === 'string' && valid(n) ? [] : [this.problem(code, `${prop}.${i}`, n)]));
  }

  private checkCommand(command: readonly string[], prop: string): HaProblem[] {
    if (!Array.isArray(command) || command.length === 0 || typeof command[0] !== 'string' || command[0].trim() === '') {
      return [this.problem('HA1204', prop, command)];
    }
    const problems: HaProblem[] = [];
    command.forEach((arg, i) => {
      if (typeof arg !== 'string') {
        problems.push(this.problem('HA1204', `${prop}.${i}`, arg, { message: 'every argument must be a string' }));
      } else {
        problems.push(...this.checkCarriedText(arg, `${prop}.${i}`));
      }
    });
    return problems;
  }

  private checkHostEntry(entry: HostEntry, prop: string, existing: readonly Required<HostEntry>[]): HaProblem[] {
    const problems: HaProblem[] = [];
    if (typeof entry.address !== 'string' || isIP(entry.address) === 0) {
      problems.push(this.problem('HA1207', `${prop}.address`, entry.address));
    }
    if (typeof entry.fqdn !== 'string' || !isFqdn(entry.fqdn))
      problems.push(this.problem('HA1206', `${prop}.fqdn`, entry.fqdn));
    if (entry.hostname !== undefined && !isHostLabel(entry.hostname)) {
      problems.push(this.problem('HA1206', `${prop}.hostname`, entry.hostname));
    }
    if (problems.length > 0) return problems;
    const full = completeHostEntry(entry);
    for (const other of existing) {
      if (sameHostEntry(other, full)) continue;
      const shared = [full.fqdn, full.hostname].filter((n) => n === other.fqdn || n === other.hostname);
      if (shared.length > 0 && other.address !== full.address) {
        problems.push(
          this.problem('HA1207', prop, entry, {
            message: `${shared[0]} is already mapped to ${other.address}`,
          }),
        );
      } else if (other.address === full.address && other.fqdn !== full.fqdn) {
        problems.push(
          this.problem('HA1207', prop, entry, {
            message: `${full.address} is already listed for ${other.fqdn}`,
          }),
        );
      }
    }
    return problems;
  }

  private checkAptSource(name: string, source: AptSource): HaProblem[] {
    const problems: HaProblem[] = [];
    const prop = `aptSources.${name}`;
    const bad = (field: string, value: unknown, message: string) =>
      problems.push(this.problem('HA1210', `${prop}.${field}`, value, { message }));
    if (!/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(name))
      bad('name', name, 'the source name must be letters, digits, dots, dashes and underscores');
    if (typeof source.source !== 'string' || source.source.trim() === '' || /[\n\r]/.test(source.source)) {
      bad('source', source.source, 'the source must be one non-empty line');
    }
    if (source.keyid !== undefined && !/^(0x)?[0-9A-Fa-f]{8,40}$/.test(source.keyid.replace(/ /g, ''))) {
      bad('keyid', source.keyid, 'the key id must be 8 to 40 hex digits');
    }
    if (source.keyserver !== undefined && !/^[A-Za-z0-9][A-Za-z0-9.:/_-]*$/.test(source.keyserver)) {
      bad('keyserver', source.keyserver, 'the key server must be a host name or URL');
    }
    if (source.key !== undefined && !source.key.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----')) {
      bad('key', '(key text)', 'the key must be an ASCII-armored PGP public key');
    }
    if (source.filename !== undefined && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(source.filename)) {
      bad('filename', source.filename, 'the file name must not contain slashes or spaces');
    }
    for (const [field, value] of Object.entries(source)) {
      if (typeof value === 'string') problems.push(...this.checkCarriedText(value, `${prop}.${field}`));
    }
    return problems;
  }

  private checkWriteFile(file: WriteFile, prop: string): HaProblem[] {
    const problems: HaProblem[] = [];
    if (typeof file.path !== 'string' || !isAbsoluteNormalizedPath(file.path)) {
      problems.push(this.problem('HA1201', `${prop}.path`, file.path));
    }
    if (file.permissions !== undefined && !/^0[0-7]{3}$/.test(file.permissions)) {
      problems.push(this.problem('HA1202', `${prop}.permissions`, file.permissions));
    }
    if (file.owner !== undefined && !/^[a-z_][a-z0-9_-]{0,31}:[a-z_][a-z0-9_-]{0,31}$/.test(file.owner)) {
      problems.push(this.problem('HA1205', `${prop}.owner`, file.owner));
    }
    if (file.compress !== undefined && !['auto', 'always', 'never'].includes(file.compress)) {
      problems.push(
        this.problem('HA1213', `${prop}.compress`, file.compress, {
          message: 'compress must be "auto", "always" or "never"',
          fix: 'give one of "auto", "always" or "never"',
        }),
      );
    }
    const content = file.content;
    if (content instanceof SecretDocument) {
      problems.push(...this.checkSecretDocument(content, `${prop}.content`));
      if (file.compress === 'always') {
        problems.push(
          this.problem('HA1213', `${prop}.compress`, file.compress, {
            message: 'a secret document is never compressed',
          }),
        );
      }
    } else if (typeof content === 'string') {
      const parts = splitSecretText(content, file.secrets ?? []);
      if (parts.some((p) => typeof p === 'string' && p.includes(RESERVED_MARKER_PREFIX))) {
        problems.push(
          this.problem('HA1211', `${prop}.content`, '(content)', {
            message:
              'the content holds the placeholder of a secret not listed in `secrets` (or another reserved @@openstack-ha- marker)',
          }),
        );
      }
      if (file.compress === 'always' && parts.some((p) => p instanceof Secret)) {
        problems.push(
          this.problem('HA1213', `${prop}.compress`, file.compress, {
            message: 'content holding secrets is never compressed',
          }),
        );
      }
    } else if (!(content instanceof Uint8Array)) {
      problems.push(
        this.problem('HA1213', `${prop}.content`, typeof content, {
          message: 'the content must be a string, bytes or a SecretDocument',
          fix: 'give text, a Uint8Array or a SecretDocument',
        }),
      );
    }
    if (typeof file.path === 'string') problems.push(...this.checkCarriedText(file.path, `${prop}.path`));
    return problems;
  }

  private checkSecretDocument(document: SecretDocument | SecretTree, prop: string, depth = 0): HaProblem[] {
    const problems: HaProblem[] = [];
    const seen = new Set<string>();
    const values = document instanceof SecretDocument ? document.values : document;
    for (const [key, value] of Object.entries(values)) {
      if (key === '' || !isJsonCarriable(key)) {
        problems.push(
          this.problem('HA1213', `${prop}.${key}`, key, {
            message:
              'a key of a secret document is empty, holds a control character, is not in NFC, or has a combining mark after <, >, &, a quote or a backslash',
          }),
        );
      }
      if (seen.has(key.normalize('NFC'))) {
        problems.push(
          this.problem('HA1213', `${prop}.${key}`, key, {
            message: 'two keys of the secret document are the same once normalized to NFC',
          }),
        );
      }
      seen.add(key.normalize('NFC'));
      if (typeof value === 'string') {
        if (!isJsonCarriable(value) || value.includes(RESERVED_MARKER_PREFIX)) {
          problems.push(
            this.problem('HA1213', `${prop}.${key}`, '(value)', {
              message:
                'a plain value of a secret document holds a control character or a secret placeholder, is not in NFC, ' +
                'or has a combining mark after <, >, &, a quote or a backslash',
            }),
          );
        }
      } else if (!(value instanceof Secret)) {
        if (depth === 0 && value !== null && typeof value === 'object') {
          problems.push(...this.checkSecretDocument(value as SecretTree, `${prop}.${key}`, depth + 1));
        } else {
          problems.push(
            this.problem('HA1213', `${prop}.${key}`, typeof value, {
              message: 'a value of a secret document must be a Secret, a string, or (at the top level) a map of those',
            }),
          );
        }
      }
    }
    return problems;
  }

  /** Checks a string that is carried as YAML text (not as file content). */
  private checkCarriedText(text: string, prop: string): HaProblem[] {
    if (text.includes(RESERVED_MARKER_PREFIX)) {
      return [this.problem('HA1211', prop, text)];
    }
    if (!isCarriableText(text)) return [this.problem('HA1215', prop, text)];
    return [];
  }

  private reservesPath(path: string): boolean {
    return path === ETC_HOSTS_TEMPLATE_PATH && this.hosts.length > 0;
  }
}

// ------------------------------------------------------------------ internals

/**
 * The beginning of every marker the renderer uses: secret placeholders
 * (`@@openstack-ha-secret:<name>@@`, see {@link Secret.placeholder}) and content markers.
 * Text carried in the document may not contain it, so markers are never ambiguous.
 */
const RESERVED_MARKER_PREFIX = '@@openstack-ha-';

/** How one file's content is carried, computed once per file. */
type PreparedContent =
  | { readonly kind: 'inline'; readonly encoding: FileEncoding; readonly text: string; readonly permissions?: string }
  | {
      readonly kind: 'slot';
      readonly encoding: 'b64';
      readonly permissions: string;
      readonly path: string;
      /** The base64 content with each secret given by `valueOf`. */
      readonly offline: (valueOf: (secret: Secret) => string) => string;
      /** The Terraform interpolation producing the same base64 from the real secrets. */
      readonly expression: string;
    };

/** A content rendered as a marker in the YAML, replaced by the value or the interpolation. */
type ContentSlot = Extract<PreparedContent, { kind: 'slot' }> & { readonly marker: string };

/** A file's share of the document; for a slot, measured once secrets are chosen. */
interface PreparedFileSize extends RenderedFileSize {
  readonly slot?: ContentSlot;
}


/** A shared file's `write_files` entry as YAML (`  - path: ...` to its last line), with its size. */
interface SharedEntry {
  readonly yaml: string;
  readonly encoding: FileEncoding;
  readonly bytes: number;
}

/** Shared entries by content, then by everything else that shapes the entry. */
const SHARED_ENTRIES = new Map<string, Map<string, SharedEntry>>();

/** The placeholder a shared entry holds in the tree until the YAML is written. */
function sharedItemMarker(index: number): string {
  return `@@openstack-ha-shared-entry-${index}@@`;
}

/** Puts the shared entries in place of their placeholders (`  - "@@...@@"` lines); returns how many were put in. */
function insertSharedItems(yaml: string, items: readonly string[]): { text: string; found: number } {
  if (items.length === 0) return { text: yaml, found: 0 };
  let found = 0;
  const text = yaml.replace(/^ {2}- "@@openstack-ha-shared-entry-(\d+)@@"\n/gm, (_line, index: string) => {
    found++;
    return items[Number(index)];
  });
  return { text, found };
}

const FULL_YAML = new WeakMap<PreparedDocument, string>();

/** The whole YAML of a prepared document (content markers still in place). */
function fullYaml(prepared: PreparedDocument): string {
  let yaml = FULL_YAML.get(prepared);
  if (yaml === undefined) {
    const { text, found } = insertSharedItems(prepared.own, prepared.sharedItems);
    if (found !== prepared.sharedItems.length) throw new Error('internal: a shared write_files entry is missing from the rendered document');
    yaml = text;
    FULL_YAML.set(prepared, yaml);
  }
  return yaml;
}

/**
 * The document cut where the shared entry of `path` starts: the head (`#cloud-config` and
 * everything before that entry) and the tail (that entry to the end), each with its shared
 * entries in place; undefined when the document has no such shared entry or a content marker
 * (a secret) lies in the tail. Only the document's own part is searched, never the shared text.
 */
function splitAtSharedTail(prepared: PreparedDocument, path: string): { head: string; tail: string } | undefined {
  const index = prepared.sharedPaths.indexOf(path);
  if (index < 0) return undefined;
  const at = prepared.own.indexOf(`  - "${sharedItemMarker(index)}"\n`);
  if (at < 0 || (at > 0 && prepared.own[at - 1] !== '\n')) return undefined;
  if (prepared.slots.some((slot) => prepared.own.indexOf(slot.marker) >= at)) return undefined;
  const head = insertSharedItems(prepared.own.slice(0, at), prepared.sharedItems);
  const tail = insertSharedItems(prepared.own.slice(at), prepared.sharedItems);
  if (head.found + tail.found !== prepared.sharedItems.length) throw new Error('internal: a shared write_files entry is missing from the rendered document');
  return { head: `${CLOUD_CONFIG_HEADER}${head.text}`, tail: tail.text };
}


/** The placeholder lines of shared entries in the YAML written before they are put in place. */
const SHARED_ITEM_LINE = /^ {2}- "@@openstack-ha-shared-entry-\d+@@"\n/gm;

const SHARED_GZIP_ESTIMATES = new Map<string, number>();

/** {@link estimateTerraformGzipBytes} of the shared entries of a document, computed once per process. */
function sharedGzipEstimate(sharedYaml: string): number {
  let bytes = SHARED_GZIP_ESTIMATES.get(sharedYaml);
  if (bytes === undefined) {
    if (SHARED_GZIP_ESTIMATES.size >= 16) SHARED_GZIP_ESTIMATES.clear();
    bytes = estimateTerraformGzipBytes(sharedYaml);
    SHARED_GZIP_ESTIMATES.set(sharedYaml, bytes);
  }
  return bytes;
}

interface PreparedDocument {
  /**
   * The YAML, with content markers in place of secret-bearing contents and one placeholder
   * line in place of each shared entry ({@link fullYaml} puts them in).
   */
  readonly own: string;
  /** The shared entries' YAML, by placeholder index. */
  readonly sharedItems: readonly string[];
  /** The shared entries' paths, by placeholder index. */
  readonly sharedPaths: readonly string[];
  /** The YAML without the shared entries (for size estimates). */
  readonly ownYaml: string;
  /** The shared entries' YAML, in document order (empty when there are none). */
  readonly sharedYaml: string;
  readonly slots: readonly ContentSlot[];
  readonly files: readonly PreparedFileSize[];
}

function prepareFileContent(file: WriteFile, threshold: number): PreparedContent {
  const content = file.content;
  if (content instanceof SecretDocument) {
    const values = content.values;
    return {
      kind: 'slot',
      encoding: 'b64',
      path: file.path,
      permissions: file.permissions ?? '0600',
      offline: (valueOf) => base64Utf8(terraformJsonEncode(resolveSecretTree(values, valueOf))),
      expression: base64JsonExpression(values),
    };
  }
  if (typeof content === 'string') {
    const parts = splitSecretText(content, file.secrets ?? []);
    if (parts.some((p) => p instanceof Secret)) {
      return {
        kind: 'slot',
        encoding: 'b64',
        path: file.path,
        permissions: file.permissions ?? '0600',
        offline: (valueOf) =>
          base64Utf8(
            parts
              .map((p) => (typeof p === 'string' ? p : valueOf(p)))
              .join('')
              .normalize('NFC'),
          ),
        expression: base64TextExpression(parts),
      };
    }
  }
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content as Uint8Array);
  const compress = file.compress ?? 'auto';
  if (compress === 'always' || (compress === 'auto' && bytes.length > threshold)) {
    const gz = gzipBase64(bytes);
    if (compress === 'always' || gz.length < bytes.length) {
      return { kind: 'inline', encoding: 'gz+b64', text: gz, permissions: file.permissions };
    }
  }
  // Text is carried as YAML text only when cloud-init's YAML reader and Terraform's NFC
  // normalization leave it exactly as it is; anything else goes base64, byte for byte.
  if (typeof content === 'string' && isCarriableText(content)) {
    return { kind: 'inline', encoding: 'text', text: content, permissions: file.permissions };
  }
  return { kind: 'inline', encoding: 'b64', text: bytes.toString('base64'), permissions: file.permissions };
}

/** Splits text at the placeholders of the given secrets. */
function splitSecretText(text: string, secrets: readonly Secret[]): SecretTextPart[] {
  const byPlaceholder = new Map(secrets.map((s) => [s.placeholder, s]));
  if (byPlaceholder.size === 0) return [text];
  const pattern = new RegExp([...byPlaceholder.keys()].map(escapeRegExp).join('|'), 'g');
  const parts: SecretTextPart[] = [];
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const at = match.index as number;
    if (at > last) parts.push(text.slice(last, at));
    parts.push(byPlaceholder.get(match[0]) as Secret);
    last = at + match[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function resolveSecretTree(tree: SecretTree, valueOf: (s: Secret) => string): JsonStringTree {
  const out: { [key: string]: string | JsonStringTree } = {};
  for (const [k, v] of Object.entries(tree)) {
    out[k] = typeof v === 'string' ? v : v instanceof Secret ? valueOf(v) : resolveSecretTree(v, valueOf);
  }
  return out;
}

function fileSecrets(file: WriteFile): Secret[] {
  if (file.content instanceof SecretDocument) return file.content.secrets;
  if (typeof file.content === 'string') {
    return splitSecretText(file.content, file.secrets ?? []).filter((p): p is Secret => p instanceof Secret);
  }
  return [];
}

function distinctSecrets(secrets: readonly Secret[]): Secret[] {
  const byName = new Map<string, Secret>();
  for (const s of secrets) byName.set(s.name, s);
  return [...byName.values()].sort((a, b) => compareText(a.name, b.name));
}

function renderAptSource(source: AptSource): { [key: string]: string } {
  const out: { [key: string]: string } = { source: source.source };
  if (source.keyid !== undefined) out.keyid = source.keyid;
  if (source.keyserver !== undefined) out.keyserver = source.keyserver;
  if (source.key !== undefined) out.key = source.key;
  if (source.filename !== undefined) out.filename = source.filename;
  return out;
}

/** Strings plain in YAML 1.1 and 1.2 alike when the `yaml` package chooses a plain scalar. */
const CONSERVATIVE_PLAIN = /^[A-Za-z0-9_./][A-Za-z0-9_./:@+,=~ -]*$/;

/**
 * Renders the tree as YAML that cloud-init's reader (PyYAML, YAML 1.1) reads back exactly.
 *
 * The `yaml` package writes YAML 1.2 by default and, even in 1.1 mode, writes plain
 * scalars PyYAML rejects or reads differently (a tab inside a plain scalar, a bare `=`,
 * `<<`). Single-line strings outside a conservative plain alphabet are therefore written
 * double-quoted, multi-line strings as literal blocks, lines never folded. Content markers
 * are double-quoted, like the base64 that replaces them.
 */
function stringifyForCloudInit(tree: unknown, markers: ReadonlySet<string>): string {
  const { Document, Scalar: ScalarClass, visit } = yamlLibrary();
  const doc = new Document(tree, {
    version: '1.1',
    customTags: (tags) => tags.filter((t) => (typeof t === 'object' ? t.tag !== 'tag:yaml.org,2002:merge' : true)),
  });
  visit(doc, {
    Scalar(_key, node: Scalar) {
      if (typeof node.value !== 'string') return;
      if (markers.has(node.value) || needsDoubleQuotes(node.value)) node.type = ScalarClass.QUOTE_DOUBLE;
    },
  });
  return doc.toString({ lineWidth: 0, minContentWidth: 0, blockQuote: 'literal', indentSeq: true });
}

/**
 * True when a string must be written double-quoted for PyYAML and libyaml: a single line
 * outside the conservative plain alphabet, or several lines starting with white space (the
 * two readers disagree with the `yaml` package on literal blocks whose indentation cannot be
 * read from the first line: libyaml rejects a leading tab, PyYAML drops spaces of lines that
 * hold nothing else).
 */
function needsDoubleQuotes(value: string): boolean {
  return value.includes('\n') ? /^[ \t\n]/.test(value) : !CONSERVATIVE_PLAIN.test(value);
}

/**
 * True when text can be carried as YAML text and arrive unchanged through both Terraform and
 * cloud-init's YAML 1.1 reader:
 * - only tab, line feed, printable ASCII and printable Unicode, without the YAML 1.1 line
 *   breaks U+0085, U+2028, U+2029 and the byte-order mark;
 * - in Unicode NFC, since Terraform normalizes every string it evaluates;
 * - no combining mark at the start or after a tab, line feed, quote or backslash: written
 *   double-quoted, `\n` followed by U+0301 would compose into `ń` under NFC.
 */
export function isCarriableText(text: string): boolean {
  return (
    /^[\t\n\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\u{10000}-\u{10ffff}]*$/u.test(text) &&
    text === text.normalize('NFC') &&
    !/(^|[\t\n"\\])\p{M}/u.test(text)
  );
}

/**
 * True when Terraform's `jsonencode` writes the text exactly as {@link terraformJsonEncode}
 * does: no control characters (their escapes vary between Terraform versions), in NFC, and
 * no combining mark right after a character `jsonencode` escapes (`\u003c` followed by
 * U+0301 would compose into `\u003ć` when Terraform normalizes its own output).
 */
function isJsonCarriable(text: string): boolean {
  return (
    !/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(text) &&
    text === text.normalize('NFC') &&
    !/(^|[<>&"\\])\p{M}/u.test(text)
  );
}

function isAbsoluteNormalizedPath(path: string): boolean {
  if (!path.startsWith('/') || path === '/' || path.endsWith('/')) return false;
  if (/[\u0000-\u001f\u007f]/.test(path)) return false;
  return path
    .slice(1)
    .split('/')
    .every((segment) => segment !== '' && segment !== '.' && segment !== '..');
}

function isHostLabel(name: string): boolean {
  return typeof name === 'string' && /^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/.test(name);
}

function isFqdn(name: string): boolean {
  if (typeof name !== 'string' || name.length > 253) return false;
  const labels = name.split('.');
  return labels.length >= 2 && labels.every(isHostLabel);
}

function isPackageName(name: string): boolean {
  return /^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+:~-]+)?$/.test(name);
}

function isNtpServer(name: string): boolean {
  return isIP(name) !== 0 || isFqdn(name) || isHostLabel(name);
}

function completeHostEntry(entry: HostEntry): Required<HostEntry> {
  return { address: entry.address, fqdn: entry.fqdn, hostname: entry.hostname ?? entry.fqdn.split('.')[0] };
}

function sameHostEntry(a: Required<HostEntry>, b: Required<HostEntry>): boolean {
  return a.address === b.address && a.fqdn === b.fqdn && a.hostname === b.hostname;
}

function mapValues<T, U>(record: { readonly [key: string]: T }, f: (value: T) => U): { [key: string]: U } {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, f(v)]));
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

function base64Utf8(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The size Terraform's `base64gzip` will give a document, with a margin: Terraform
 * compresses with Go's flate at its default level, which differs from zlib's level 6 by a
 * few percent either way, so the estimate adds 5 %.
 */
function estimateTerraformGzipBytes(document: string): number {
  return Math.ceil(gzipSync(Buffer.from(document, 'utf8'), { level: 6 }).length * 1.05);
}
