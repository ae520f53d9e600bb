/**
 * Metaflow's configuration, as `metaflow_config.from_conf` reads it: a `METAFLOW_*` environment
 * variable wins over the same key in the config JSON file, `$METAFLOW_HOME/config.json`
 * (`config_<METAFLOW_PROFILE>.json` with a profile; METAFLOW_HOME defaults to `~/.metaflowconfig`).
 */

import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { describeValue, InputError, Problem, usageError } from '../config/errors';
import { SourceDocument } from '../config/source';
import { ForeignDocument, isMapping, MappingReader } from './foreign-values';

/** One configured value and where it came from, for messages. */
export interface ConfiguredValue {
  readonly value: unknown;
  /** `METAFLOW_X (environment)` or `<file>: METAFLOW_X`. */
  readonly origin: string;
  /** The config file it came from, when it did. */
  readonly file?: ForeignDocument;
}

/** Metaflow's configuration: the environment, then its config file. */
export class MetaflowConfig {
  /** Reads the config file `--metaflow-config` names, or the one Metaflow itself would read. */
  public static load(explicitFile: string | undefined, env: Readonly<Record<string, string | undefined>>): MetaflowConfig {
    const file = explicitFile ?? defaultConfigFile(env);
    if (file === undefined) return new MetaflowConfig(env, undefined);
    return new MetaflowConfig(env, readConfigFile(file));
  }

  private readonly problems: Problem[] = [];
  /** Documents parsed from configured values, whose problems are thrown with the rest. */
  private readonly valueDocs: ForeignDocument[] = [];

  private constructor(
    private readonly env: Readonly<Record<string, string | undefined>>,
    private readonly file: MappingReader | undefined,
  ) {}

  /** `METAFLOW_<name>` from the environment, else from the config file; an empty value counts as unset, as Metaflow's `if X:` does. */
  public get(name: string): ConfiguredValue | undefined {
    const key = `METAFLOW_${name}`;
    const fromEnv = this.env[key];
    if (fromEnv !== undefined) return fromEnv === '' ? undefined : { value: fromEnv, origin: `${key} (environment)` };
    if (!this.file || !this.file.has(key)) return undefined;
    const value = this.file.value[key];
    return value === '' ? undefined : { value, origin: `${this.file.doc.file}: ${key}`, file: this.file.doc };
  }

  /** Records a problem with a configured value. */
  public report(setting: ConfiguredValue, message: string): void {
    const name = setting.origin.replace(/^.*: | \(environment\)$/g, '');
    if (setting.file) setting.file.report([name], message);
    else this.problems.push({ path: name, message: `${message} (from the environment)` });
  }

  /** A configured string; anything else is a problem. */
  public string(name: string, expected: string): { value: string; setting: ConfiguredValue } | undefined {
    const setting = this.get(name);
    if (!setting) return undefined;
    if (typeof setting.value !== 'string' || !setting.value.trim()) {
      this.report(setting, `received ${describeValue(setting.value)}, expected ${expected}`);
      return undefined;
    }
    return { value: setting.value, setting };
  }

  /** A configured JSON text (Metaflow `json.loads` it), as a reader of `{key: value}`. */
  public json(name: string, expected: string, key = name): MappingReader | undefined {
    const setting = this.get(name);
    if (!setting) return undefined;
    if (typeof setting.value !== 'string') {
      this.report(setting, `received ${describeValue(setting.value)}, expected ${expected} as JSON text`);
      return undefined;
    }
    try {
      JSON.parse(setting.value);
    } catch {
      this.report(setting, `received ${describeValue(setting.value)}, expected ${expected} as JSON text (Metaflow reads it with json.loads)`);
      return undefined;
    }
    return this.valueReader(setting, key, JSON.parse(setting.value) as unknown);
  }

  /** A configured value as a reader of `{key: value}`, for the decorator's own parsers; its problems name the setting. */
  public valueReader(setting: ConfiguredValue, key: string, value: unknown): MappingReader {
    const wrapped = { [key]: value };
    const doc = new ForeignDocument(SourceDocument.parse(setting.origin, JSON.stringify(wrapped)));
    this.valueDocs.push(doc);
    return new MappingReader(doc, wrapped, []);
  }

  /** Throws the problems found in the environment and the config file. */
  public throwProblems(): void {
    const problems: Problem[] = [];
    for (const doc of [...(this.file ? [this.file.doc] : []), ...this.valueDocs]) {
      try {
        doc.throwProblems();
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        problems.push(...error.problems);
      }
    }
    problems.push(...this.problems);
    if (problems.length) throw new InputError(problems);
  }
}

/** `$METAFLOW_HOME/config.json`, or `config_<profile>.json`; undefined when there is none and no profile asks for one. */
function defaultConfigFile(env: Readonly<Record<string, string | undefined>>): string | undefined {
  const home = (env.METAFLOW_HOME || '~/.metaflowconfig').replace(/^~(?=$|\/)/, os.homedir());
  const profile = env.METAFLOW_PROFILE;
  const file = path.join(home, profile ? `config_${profile}.json` : 'config.json');
  if (fs.existsSync(file)) return file;
  if (profile) throw usageError(`METAFLOW_PROFILE: received ${describeValue(profile)}, but ${file} does not exist, expected the config file of that profile (Metaflow refuses to run without it)`);
  return undefined;
}

function readConfigFile(file: string): MappingReader {
  const doc = ForeignDocument.read(file);
  const data = doc.source.data;
  if (!isMapping(data)) {
    doc.report([], `received ${describeValue(data)}, expected a Metaflow config: a JSON object of METAFLOW_* settings`);
    doc.throwProblems();
  }
  return new MappingReader(doc, data as Record<string, unknown>, []);
}
