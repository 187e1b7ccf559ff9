/**
 * Staging a node from its user-data: every file cloud-init would write at boot, written
 * under a scratch directory instead of `/`, so the real tools can check exactly what boots.
 */
import { appendFileSync, chmodSync, mkdirSync, writeFileSync } from 'fs';
import { dirname, join } from 'path';
import { decodeWriteFiles, parseCloudConfig } from './write-files';

/** One file written by {@link stageNode}. */
export interface StagedFile {
  /** The path on the node. */
  readonly nodePath: string;
  /** Where it was written under the staging directory. */
  readonly stagedPath: string;
  /** The file mode it was given. */
  readonly mode: number;
  /** Its size in bytes. */
  readonly size: number;
}

/**
 * Decodes every `write_files` entry of a rendered cloud-config (the offline form: plain
 * YAML with the `#cloud-config` header, secrets already replaced by test values) and writes
 * each one to `<dir>/<path>` with its mode, appending where the entry says so.
 *
 * @throws Error listing every entry that does not decode, before anything is written
 */
export function stageNode(userDataYaml: string, dir: string): StagedFile[] {
  if (!userDataYaml.startsWith('#cloud-config\n')) {
    throw new Error('user-data does not begin with the "#cloud-config" header line');
  }
  const { files, problems } = decodeWriteFiles(parseCloudConfig(userDataYaml));
  if (problems.length > 0) {
    throw new Error(`cannot stage the node's write_files:\n  ${problems.join('\n  ')}`);
  }
  const staged = files.map((file) => {
    const stagedPath = join(dir, file.path);
    mkdirSync(dirname(stagedPath), { recursive: true });
    if (file.append) {
      appendFileSync(stagedPath, file.data);
    } else {
      writeFileSync(stagedPath, file.data);
    }
    chmodSync(stagedPath, file.mode);
    return { nodePath: file.path, stagedPath, mode: file.mode, size: file.data.length };
  });
  return staged;
}

