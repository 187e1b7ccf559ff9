/**
 * Decoding cloud-config `write_files` entries the way cloud-init 22.4 does at boot, but
 * strictly: content that cloud-init would fail on, or would silently mangle, is a problem here.
 *
 * `cloud-init schema` only checks the entries' shape, never their content, so bad base64 or a
 * `gz+b64` payload that is not gzip pass the schema and only break on the booting node.
 */
import { posix } from 'path';
import { gunzipSync } from 'zlib';
import { isMap, parseDocument } from 'yaml';

/** One `write_files` entry, decoded. */
export interface DecodedWriteFile {
  /** The entry's position in `write_files`. */
  readonly index: number;
  /** The absolute path on the node. */
  readonly path: string;
  /** The decoded bytes. */
  readonly data: Buffer;
  /** The file mode. */
  readonly mode: number;
  /** True when cloud-init appends to an existing file instead of replacing it. */
  readonly append: boolean;
}

/** The result of decoding every entry: the files that decoded, and one line per problem. */
export interface WriteFilesDecoding {
  /** The entries that decoded, in order. */
  readonly files: DecodedWriteFile[];
  /** What is wrong with the others, e.g. `write_files[2] /etc/x: content is not valid base64`. */
  readonly problems: string[];
}

/** The cloud-config mode of a file written without `permissions`. */
export const DEFAULT_WRITE_FILE_MODE = 0o644;

type Step = 'base64' | 'gzip';

/**
 * The decoding steps of each `encoding` cloud-init accepts (its `canonicalize_extraction`),
 * keyed by the lower-cased name; `text/plain` means no decoding.
 */
const ENCODINGS: Readonly<Record<string, readonly Step[]>> = {
  'text/plain': [],
  b64: ['base64'],
  base64: ['base64'],
  gz: ['gzip'],
  gzip: ['gzip'],
  'gz+b64': ['base64', 'gzip'],
  'gz+base64': ['base64', 'gzip'],
  'gzip+b64': ['base64', 'gzip'],
  'gzip+base64': ['base64', 'gzip'],
};

/**
 * Parses cloud-config YAML as cloud-init does (YAML 1.1, so `0644` unquoted is the integer
 * 420 and `yes` is true), and returns the top-level mapping.
 *
 * @throws Error with the parser's message when the text is not YAML or not a mapping
 */
export function parseCloudConfig(text: string): Record<string, unknown> {
  const document = parseDocument(text, { schema: 'yaml-1.1' });
  if (document.errors.length > 0) {
    throw new Error(`user-data is not valid YAML: ${document.errors.map((e) => e.message).join('; ')}`);
  }
  if (!isMap(document.contents)) {
    throw new Error('user-data is not a YAML mapping');
  }
  return document.toJS() as Record<string, unknown>;
}

/** Decodes every `write_files` entry of a parsed cloud-config. */
export function decodeWriteFiles(config: Record<string, unknown>): WriteFilesDecoding {
  const entries = config.write_files;
  const files: DecodedWriteFile[] = [];
  const problems: string[] = [];
  if (entries === undefined) return { files, problems };
  if (!Array.isArray(entries)) {
    return { files, problems: ['write_files is not a list'] };
  }
  entries.forEach((entry: unknown, index) => {
    const where = (p?: unknown) => `write_files[${index}]${typeof p === 'string' ? ` ${p}` : ''}`;
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      problems.push(`${where()}: the entry is not a mapping`);
      return;
    }
    const e = entry as Record<string, unknown>;
    try {
      files.push({
        index,
        path: checkPath(e.path),
        data: decodeContent(e.content, e.encoding),
        mode: decodeMode(e.permissions),
        append: e.append === true,
      });
    } catch (error) {
      problems.push(`${where(e.path)}: ${(error as Error).message}`);
    }
  });
  return { files, problems };
}

function checkPath(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/')) {
    throw new Error(`path ${JSON.stringify(value)} is not an absolute path`);
  }
  if (value.split('/').includes('..') || posix.normalize(value) !== value) {
    throw new Error(`path ${JSON.stringify(value)} is not in normal form (no '..', '//' or trailing '/')`);
  }
  return value;
}

function decodeContent(content: unknown, encoding: unknown): Buffer {
  const name = encoding === undefined ? 'text/plain' : String(encoding).toLowerCase();
  const steps = ENCODINGS[name];
  if (steps === undefined) {
    throw new Error(`unknown encoding ${JSON.stringify(encoding)} (cloud-init would write the text undecoded)`);
  }
  let data: Buffer;
  if (content === undefined || content === null) {
    data = Buffer.alloc(0);
  } else if (typeof content === 'string') {
    data = Buffer.from(content, 'utf8');
  } else if (content instanceof Uint8Array) {
    data = Buffer.from(content); // a `!!binary` scalar
  } else {
    throw new Error(`content is a ${Array.isArray(content) ? 'list' : typeof content}, not text`);
  }
  for (const step of steps) {
    data = step === 'base64' ? strictBase64(data.toString('latin1')) : gunzip(data);
  }
  return data;
}

function strictBase64(text: string): Buffer {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) {
    throw new Error('content is not valid base64');
  }
  return Buffer.from(compact, 'base64');
}

function gunzip(data: Buffer): Buffer {
  try {
    return gunzipSync(data);
  } catch (error) {
    throw new Error(`content is not gzip data (${(error as Error).message})`);
  }
}

function decodeMode(permissions: unknown): number {
  if (permissions === undefined) return DEFAULT_WRITE_FILE_MODE;
  if (typeof permissions !== 'string') {
    throw new Error(
      `permissions ${JSON.stringify(permissions)} is not a quoted octal string (an unquoted 0644 is the number 420 in YAML)`,
    );
  }
  if (!/^0?[0-7]{3,4}$/.test(permissions)) {
    throw new Error(`permissions ${JSON.stringify(permissions)} is not an octal mode such as '0644'`);
  }
  return parseInt(permissions, 8);
}
