import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { redactCredentials } from '../checks/credentials';
import { formatProblem, InputError, usageError } from '../config/errors';
import { inputName } from '../config/input-text';
import { loadFleetConfig } from '../config/load';
import { didYouMean } from '../config/suggest';
import { dialectNames, dialectNamed } from '../dialects';
import { DialectOutput } from '../dialects/dialect';
import { Layout, LAYOUTS } from '../synth/layout';
import type { Manifest } from '../build/planned-object';

const COMMANDS = ['synth', 'validate', 'schema', 'init', 'help'] as const;
type Command = (typeof COMMANDS)[number];
const DEFAULT_CONFIG = 'workers.yaml';

const FLAGS = {
  'config': { type: 'string' },
  'out': { type: 'string' },
  'layout': { type: 'string' },
  'stdout': { type: 'boolean' },
  'dialect': { type: 'string' },
  'name': { type: 'string' },
  'command': { type: 'string' },
  'values': { type: 'string' },
  'set': { type: 'string', multiple: true },
  'no-restricted-defaults': { type: 'boolean' },
  'force': { type: 'boolean' },
  'project': { type: 'string' },
  'output-dir': { type: 'string' },
  'compute-root': { type: 'string' },
  'metaflow-config': { type: 'string' },
  'help': { type: 'boolean', short: 'h' },
  'version': { type: 'boolean' },
} as const;

type Flags = { [K in keyof typeof FLAGS]?: (typeof FLAGS)[K] extends { multiple: true } ? string[] : (typeof FLAGS)[K]['type'] extends 'boolean' ? boolean : string };

/** Where the CLI writes; tests pass their own. */
export interface CliStreams {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const PROCESS_STREAMS: CliStreams = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

/** Runs the CLI; returns the exit code: 0 done, 2 bad input or flags, 1 a bug. */
export function runCli(argv: readonly string[], streams: CliStreams = PROCESS_STREAMS): number {
  try {
    const { command, topic, flags } = parseCommandLine(argv);
    if (flags.version) {
      streams.stdout(`${packageVersion()}\n`);
      return 0;
    }
    if (flags.help || command === 'help') {
      streams.stdout(helpText(topic ?? (command === 'help' ? undefined : command)));
      return 0;
    }
    checkFlags(command, flags);
    if (command === 'schema') {
      const { FLEET_SCHEMA } = require('../config/schema') as typeof import('../config/schema');
      streams.stdout(`${JSON.stringify(FLEET_SCHEMA, null, 2)}\n`);
      return 0;
    }
    if (command === 'init') {
      const file = flags.out ?? DEFAULT_CONFIG;
      const { writeStarterConfig } = require('../config/starter') as typeof import('../config/starter');
      writeStarterConfig(file, { force: flags.force });
      streams.stderr(`init: wrote ${file}; edit it, then run cdk8s-workers validate${file === DEFAULT_CONFIG ? '' : ` --config ${file}`}\n`);
      return 0;
    }
    // A config found rather than named is announced, so that nobody ships a fleet they did not mean to.
    if (flags.config === undefined) streams.stderr(`${command}: using ${inputFile(flags)}\n`);
    const output = readInput(flags);
    for (const warning of output.warnings ?? []) streams.stderr(`warning: ${redactCredentials(warning)}\n`);
    if (command === 'validate') {
      streams.stderr(`${inputName(inputFile(flags))}: valid\n`);
      return 0;
    }
    return synth(output, flags, streams);
  } catch (error) {
    if (error instanceof InputError) {
      streams.stderr(`${error.problems.map(formatProblem).join('\n')}\n`);
      return 2;
    }
    streams.stderr(`cdk8s-workers: internal error, please report it: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}

function parseCommandLine(argv: readonly string[]): { command: Command; topic?: Command; flags: Flags } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/, '')}; see cdk8s-workers --help`);
  }
  const [command = 'help', ...extra] = parsed.positionals;
  const known = (name: string): name is Command => (COMMANDS as readonly string[]).includes(name);
  if (!known(command)) {
    throw usageError(`unknown command ${JSON.stringify(command)}, expected one of: ${COMMANDS.join(', ')}${didYouMean(command, COMMANDS)}`);
  }
  if (command === 'help' && extra.length === 1 && known(extra[0])) return { command, topic: extra[0], flags: parsed.values as Flags };
  if (extra.length) throw usageError(`unexpected argument ${JSON.stringify(extra[0])}; options are written --name value`);
  return { command, flags: parsed.values as Flags };
}

/** Flags a command does not take are refused, so a typo'd command line never does something else quietly. */
function checkFlags(command: Command, flags: Flags): void {
  const accepted = COMMAND_FLAGS[command];
  for (const flag of Object.keys(flags)) {
    if (flags[flag as keyof Flags] !== undefined && !accepted.includes(flag)) {
      throw usageError(`--${flag} does not go with ${command}, expected only: ${accepted.map((name) => `--${name}`).join(', ') || 'no options'}; see cdk8s-workers ${command} --help`);
    }
  }
}

const DIALECT_FLAGS = ['dialect', 'name', 'command', 'values', 'set', 'no-restricted-defaults', 'project', 'output-dir', 'compute-root', 'metaflow-config'];
const COMMAND_FLAGS: Record<Command, readonly string[]> = {
  synth: ['config', 'out', 'layout', 'stdout', ...DIALECT_FLAGS],
  validate: ['config', ...DIALECT_FLAGS],
  schema: [],
  init: ['out', 'force'],
  help: [],
};

function packageVersion(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

function readInput(flags: Flags): DialectOutput & { manifests?: readonly Manifest[] } {
  if (flags.dialect === undefined) {
    for (const flag of ['name', 'command', 'values', 'set', 'no-restricted-defaults', 'project', 'output-dir', 'compute-root', 'metaflow-config'] as const) {
      if (flags[flag] !== undefined) throw usageError(`--${flag} goes with --dialect, expected it only when translating a foreign config`);
    }
    return { fleet: loadFleetConfig(inputFile(flags)) };
  }
  return dialectNamed(flags.dialect).translate({
    file: inputFile(flags),
    name: flags.name,
    command: flags.command,
    valuesFile: flags.values,
    set: flags.set,
    restrictedDefaults: !flags['no-restricted-defaults'],
    project: flags.project,
    outputDir: flags['output-dir'],
    computeRoot: flags['compute-root'],
    metaflowConfig: flags['metaflow-config'],
  });
}

function inputFile(flags: Flags): string {
  if (flags.config !== undefined) return flags.config;
  if (flags.dialect !== undefined) throw usageError(`--dialect ${flags.dialect} needs --config FILE, the ${flags.dialect} configuration to translate`);
  if (fs.existsSync(DEFAULT_CONFIG)) return DEFAULT_CONFIG;
  throw usageError(`no ${DEFAULT_CONFIG} in ${process.cwd()}, expected a fleet config: run cdk8s-workers init to write a starter ${DEFAULT_CONFIG}, or pass --config FILE`);
}

function synth(output: DialectOutput, flags: Flags, streams: CliStreams): number {
  const layout = parseLayout(flags.layout);
  if (flags.stdout && (flags.out !== undefined || flags.layout !== undefined)) {
    throw usageError('--stdout prints the objects instead of writing them, expected it without --out and --layout');
  }
  // Loaded here, not at start-up: `validate` and `schema` never build objects.
  const { fleetManifests, fleetNamespaces } = require('../build/fleet') as typeof import('../build/fleet');
  const { writeManifestStream, writeManifests } = require('../synth/synth') as typeof import('../synth/synth');
  const manifests = 'fleet' in output ? fleetManifests(output.fleet) : output.manifests;
  if (flags.stdout) {
    writeManifestStream(manifests, streams.stdout);
    return 0;
  }
  const outDir = flags.out ?? 'dist';
  const namespaces = 'fleet' in output ? fleetNamespaces(output.fleet) : undefined;
  const written = writeManifests(manifests, { outDir, layout, namespaces });
  for (const note of written.notes) streams.stderr(`note: ${note}\n`);
  streams.stderr(`wrote ${written.objects} objects to ${outDir} (${layout})\n`);
  return 0;
}

function parseLayout(layout: string | undefined): Layout {
  if (layout === undefined) return 'single';
  if ((LAYOUTS as readonly string[]).includes(layout)) return layout as Layout;
  throw usageError(`--layout: received ${JSON.stringify(layout)}, expected one of: ${LAYOUTS.join(', ')}${didYouMean(layout, LAYOUTS)}`);
}

function helpText(command?: Command): string {
  if (command === undefined || command === 'help') {
    const dialects = dialectNames().map((name) => `  ${name.padEnd(15)}  ${dialectNamed(name).summary}`).join('\n');
    return `${HELP}\ndialects:\n${dialects}\n`;
  }
  return COMMAND_HELP[command];
}

const CONFIG_OPTION = `  --config FILE    the fleet config, or - to read it from standard input
                   (default: ./workers.yaml, announced on stderr; without one, run cdk8s-workers init)`;

const DIALECT_OPTIONS = `  --dialect NAME   read a foreign config instead (cdk8s-workers --help lists the dialects)
  --name NAME      the object name, for formats that have none
  --command "CMD"  the command line, split like a POSIX shell
  --values FILE    variable values for a Prefect base job template
  --set KEY=VALUE  one variable value (repeatable)
  --project P      the PYSTILT project path or s3:// / gs:// URI (stilt run <project>)
  --output-dir D   PYSTILT's output location (default: the project)
  --compute-root D where PYSTILT workers create simulation directories
  --metaflow-config FILE  the Metaflow config JSON (default: $METAFLOW_HOME/config.json)
  --no-restricted-defaults  do not fill unset Pod Security settings in a Prefect template
                   (violations of the restricted profile become warnings)`;

const COMMAND_HELP: Record<Exclude<Command, 'help'>, string> = {
  synth: `cdk8s-workers synth: render a fleet config into Kubernetes manifests

usage:
  cdk8s-workers synth [--config FILE] [--out DIR] [--layout single|per-resource|kustomize] [--stdout]
  cdk8s-workers synth --dialect NAME --config FILE [--name NAME] [--command "CMD"] [--values FILE] [--set KEY=VALUE]...

options:
${CONFIG_OPTION}
  --out DIR        where synth writes (default: dist); files it did not write are left alone
  --layout L       single (one file, the default), per-resource (a file per object), kustomize (a kustomize base)
  --stdout         print the objects as one YAML stream instead of writing files
${DIALECT_OPTIONS}

Exit codes: 0 done, 2 bad input or flags, 1 an internal error.
`,
  validate: `cdk8s-workers validate: check a fleet config without rendering it

usage:
  cdk8s-workers validate [--config FILE]
  cdk8s-workers validate --dialect NAME --config FILE [--name NAME] [--command "CMD"] [--values FILE] [--set KEY=VALUE]...

options:
${CONFIG_OPTION}
${DIALECT_OPTIONS}

Every problem is listed with its file, line, path, what was received and what was expected.
Exit codes: 0 valid, 2 bad input or flags, 1 an internal error.
`,
  schema: `cdk8s-workers schema: print the JSON Schema of the fleet config

usage:
  cdk8s-workers schema > workers.schema.json

The same schema ships in the package as schema/workers.schema.json
(node_modules/cdk8s-workers/schema/workers.schema.json once installed).
`,
  init: `cdk8s-workers init: write a starter fleet config

usage:
  cdk8s-workers init [--out FILE] [--force]

options:
  --out FILE       where to write it (default: workers.yaml)
  --force          replace the file if it exists (otherwise init refuses and exits 2)

The file starts with a yaml-language-server $schema line pointing at the installed package's
schema, so an editor completes and checks keys; comments explain each key.
`,
};

const HELP = `cdk8s-workers: Kubernetes manifests for queue-worker fleets

usage:
  cdk8s-workers init     [--out FILE] [--force]
  cdk8s-workers synth    [--config FILE] [--out DIR] [--layout single|per-resource|kustomize] [--stdout]
  cdk8s-workers validate [--config FILE]
  cdk8s-workers schema
  cdk8s-workers synth --dialect NAME --config FILE [--name NAME] [--command "CMD"] [--values FILE] [--set KEY=VALUE]...
  cdk8s-workers COMMAND --help      that command's options
  cdk8s-workers --version

commands:
  init             write a starter workers.yaml
  synth            render the fleet into dist/ (or --out, or --stdout)
  validate         check the config and report every problem
  schema           print the JSON Schema of the config

options:
${CONFIG_OPTION}
  --out DIR        where synth writes (default: dist); for init, the file to write
  --layout L       single (one file), per-resource (a file per object), kustomize (a kustomize base)
  --stdout         print the objects as one YAML stream instead of writing files
${DIALECT_OPTIONS}

exit codes: 0 done, 2 bad input or flags, 1 an internal error
`;
