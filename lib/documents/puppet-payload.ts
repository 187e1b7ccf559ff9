/**
 * The Puppet payload: the project's own Puppet code, as the files cloud-init writes on a node.
 *
 * The code lives in the package under `lib/puppet/` and ships with it (source, not compiled).
 * On a node it is laid out under `/etc/openstack-ha/puppet/` (hiera.yaml, manifests/site.pp,
 * modules/openstack_ha/...), and the apply wrapper goes to `/usr/local/sbin/openstack-ha-apply`.
 * Hiera data files are not part of the payload: they are rendered per deployment and per node.
 *
 * @module
 */
import * as fs from 'fs';
import * as path from 'path';

/** One file of the payload, as a cloud-init `write_files` entry needs it. */
export interface PuppetPayloadFile {
  /** The absolute path on the node. */
  readonly path: string;
  /** The file's text. */
  readonly content: string;
  /** The octal mode, as cloud-init wants it: a quoted string such as `'0644'`. */
  readonly permissions: string;
}

/** The package name looked for when walking up to the package root. */
export const PACKAGE_NAME = 'openstack-ha-cdktf';

/** Where the Puppet tree (hiera.yaml, manifests, modules) goes on a node. */
export const NODE_PUPPET_DIR = '/etc/openstack-ha/puppet';

/** Where the apply wrapper goes on a node. */
export const NODE_APPLY_COMMAND = '/usr/local/sbin/openstack-ha-apply';

const SOURCE_BIN_DIR = 'bin';
const EXECUTABLE = '0755';
const REGULAR = '0644';

let cachedPayload: readonly PuppetPayloadFile[] | undefined;

/**
 * Every file of the package's `lib/puppet/` tree, mapped to its path on the node and sorted by
 * that path.
 *
 * `bin/openstack-ha-apply` becomes `/usr/local/sbin/openstack-ha-apply` with mode `0755`;
 * every other file keeps its place under `/etc/openstack-ha/puppet/` with mode `0644`. Hidden
 * files (editor and OS droppings) are skipped. The tree is read once per process and cached.
 *
 * @throws Error when the package root or its `lib/puppet` directory cannot be found
 */
export function puppetPayloadFiles(): { path: string; content: string; permissions: string }[] {
  cachedPayload ??= Object.freeze(readPayload(path.join(findPackageRoot(__dirname), 'lib', 'puppet')));
  return cachedPayload.map((file) => ({ ...file }));
}

/**
 * Finds the root of this package: the nearest directory at or above `start` whose
 * `package.json` is named {@link PACKAGE_NAME}. Works from the TypeScript sources
 * (`lib/documents/`) and from the compiled output (`dist/lib/documents/`) alike.
 *
 * @throws Error when no such directory exists up to the file-system root
 */
export function findPackageRoot(start: string): string {
  let dir = path.resolve(start);
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest)) {
      try {
        if (JSON.parse(fs.readFileSync(manifest, 'utf8')).name === PACKAGE_NAME) return dir;
      } catch {
        // An unreadable or invalid package.json belongs to something else: keep walking up.
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`cannot find the ${PACKAGE_NAME} package root above ${start}`);
    }
    dir = parent;
  }
}

/** Maps a path relative to `lib/puppet/` to the node path and mode it gets. */
export function nodePathOf(relativePath: string): { path: string; permissions: string } {
  const parts = relativePath.split(/[\\/]/);
  if (parts[0] === SOURCE_BIN_DIR && parts.length === 2 && parts[1] === path.posix.basename(NODE_APPLY_COMMAND)) {
    return { path: NODE_APPLY_COMMAND, permissions: EXECUTABLE };
  }
  if (parts[0] === SOURCE_BIN_DIR) {
    throw new Error(`lib/puppet/${parts.join('/')}: only ${path.posix.basename(NODE_APPLY_COMMAND)} may live in bin/`);
  }
  return { path: path.posix.join(NODE_PUPPET_DIR, ...parts), permissions: REGULAR };
}

function readPayload(root: string): PuppetPayloadFile[] {
  if (!fs.statSync(root, { throwIfNoEntry: false })?.isDirectory()) {
    throw new Error(`the Puppet tree ${root} is missing from the package`);
  }
  const files: PuppetPayloadFile[] = [];
  const walk = (dir: string, relative: string[]) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full, [...relative, entry.name]);
      } else if (entry.isFile()) {
        const target = nodePathOf([...relative, entry.name].join('/'));
        files.push(Object.freeze({ ...target, content: fs.readFileSync(full, 'utf8') }));
      }
    }
  };
  walk(root, []);
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/**
 * Drops the comment block at the top of a manifest (its puppet-strings documentation).
 * Nodes never read it, and it is most of the module's bytes; the code itself, and every
 * comment inside it, is kept byte for byte. The real-tool checks compile the stripped copy.
 */
export function withoutLeadingComments(manifest: string): string {
  const lines = manifest.split('\n');
  let first = 0;
  while (first < lines.length && /^\s*(#.*)?$/.test(lines[first])) first++;
  return lines.slice(first).join('\n');
}

/**
 * The payload files as a node receives them: every file of {@link puppetPayloadFiles}, with
 * the documentation header of each manifest dropped ({@link withoutLeadingComments}).
 */
export function puppetPayloadShippedFiles(): { path: string; content: string; permissions: string }[] {
  cachedShipped ??= Object.freeze(
    puppetPayloadFiles().map((f) => Object.freeze({ ...f, content: f.path.endsWith('.pp') ? withoutLeadingComments(f.content) : f.content })),
  );
  return cachedShipped.map((file) => ({ ...file }));
}

let cachedShipped: readonly PuppetPayloadFile[] | undefined;
