import { WorkerFleetProps } from '../constructs/worker-fleet';
import type { Manifest } from '../build/planned-object';

/** What the CLI hands a dialect: the file and the flags that supply what the foreign format lacks. */
export interface DialectInput {
  /** The foreign config file. */
  readonly file: string;
  /** `--name`: the object name, where the format has none. */
  readonly name?: string;
  /** `--command`: the command line, split like a POSIX shell. */
  readonly command?: string;
  /** `--values`: a file of variable values (Prefect). */
  readonly valuesFile?: string;
  /** `--set key=value`, repeatable (Prefect). */
  readonly set?: readonly string[];
  /** `--project`: the project path or URI a PYSTILT run takes on its command line. */
  readonly project?: string;
  /** `--output-dir`: where a PYSTILT run writes its outputs. */
  readonly outputDir?: string;
  /** `--compute-root`: where PYSTILT workers create their simulation directories. */
  readonly computeRoot?: string;
  /** `--metaflow-config`: a Metaflow config JSON file, instead of `$METAFLOW_HOME/config.json`. */
  readonly metaflowConfig?: string;
  /** The environment Metaflow's `METAFLOW_*` settings are read from. @default process.env */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Fill security settings the restricted Pod Security profile needs (Prefect). @default true */
  readonly restrictedDefaults?: boolean;
}

/** What a dialect produces: a native fleet, or objects it has already validated. */
export type DialectOutput =
  | { readonly fleet: WorkerFleetProps; readonly warnings?: readonly string[] }
  | { readonly manifests: readonly Manifest[]; readonly warnings?: readonly string[] };

/** A foreign configuration format that translates into ours. */
export interface Dialect {
  readonly name: string;
  /** One line for `--help`. */
  readonly summary: string;
  translate(input: DialectInput): DialectOutput;
}
