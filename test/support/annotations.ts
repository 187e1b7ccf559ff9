import { IConstruct } from '../../lib/core/cdk';

/** One annotation (info, warning or error) recorded on a construct. */
export interface FoundAnnotation {
  /** `info`, `warn` or `error`. */
  readonly level: string;
  /** The construct path. */
  readonly path: string;
  /** The message. */
  readonly message: string;
}

/** Reads the annotations cdktf recorded in a construct tree (what `cdktf synth` prints, and an error aborts). */
export class Annotations {
  /** Collects the annotations of a scope and all its children. */
  public static fromScope(scope: IConstruct): Annotations {
    const found: FoundAnnotation[] = [];
    for (const c of scope.node.findAll()) {
      for (const entry of c.node.metadata) {
        const m = /^@cdktf\/(info|warn|error)$/.exec(entry.type);
        if (m) found.push({ level: m[1], path: c.node.path, message: String(entry.data) });
      }
    }
    return new Annotations(found);
  }

  private constructor(public readonly all: readonly FoundAnnotation[]) {}

  /** The warnings. */
  public get warnings(): FoundAnnotation[] {
    return this.all.filter((a) => a.level === 'warn');
  }

  /** The errors. */
  public get errors(): FoundAnnotation[] {
    return this.all.filter((a) => a.level === 'error');
  }
}
