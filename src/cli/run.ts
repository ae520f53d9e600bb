import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { formatProblem, InputError, usageError } from '../config/errors';
import { loadFleetConfig } from '../config/load';
import { FLEET_SCHEMA } from '../config/schema';
import { didYouMean } from '../config/suggest';
import { dialectNames, dialectNamed } from '../dialects';
import { DialectOutput } from '../dialects/dialect';
import { Layout, LAYOUTS } from '../synth/layout';
import { Manifest } from '../synth/render';

const COMMANDS = ['synth', 'validate', 'schema', 'help'] as const;
const DEFAULT_CONFIG = 'workers.yaml';
const BUNDLED_CONFIG = path.join(__dirname, '..', '..', 'examples', 'workers.yaml');

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
  'help': { type: 'boolean', short: 'h' },
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
    const { command, flags } = parseCommandLine(argv);
    if (flags.help || command === 'help') {
      streams.stdout(helpText());
      return 0;
    }
    if (command === 'schema') {
      streams.stdout(`${JSON.stringify(FLEET_SCHEMA, null, 2)}\n`);
      return 0;
    }
    const output = readInput(flags);
    for (const warning of output.warnings ?? []) streams.stderr(`warning: ${warning}\n`);
    if (command === 'validate') {
      streams.stderr(`${inputFile(flags)}: valid\n`);
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

function parseCommandLine(argv: readonly string[]): { command: string; flags: Flags } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    throw usageError(`${(error as Error).message.replace(/\. To specify a positional argument.*$/, '')}; see cdk8s-workers --help`);
  }
  const [command = 'help', ...extra] = parsed.positionals;
  if (!(COMMANDS as readonly string[]).includes(command)) {
    throw usageError(`unknown command ${JSON.stringify(command)}, expected one of: ${COMMANDS.join(', ')}${didYouMean(command, COMMANDS)}`);
  }
  if (extra.length) throw usageError(`unexpected argument ${JSON.stringify(extra[0])}; options are written --name value`);
  return { command, flags: parsed.values as Flags };
}

function readInput(flags: Flags): DialectOutput & { manifests?: readonly Manifest[] } {
  if (!flags.dialect) {
    for (const flag of ['name', 'command', 'values', 'set', 'no-restricted-defaults'] as const) {
      if (flags[flag] !== undefined) throw usageError(`--${flag} goes with --dialect, expected it only when translating a foreign config`);
    }
    return { fleet: loadFleetConfig(inputFile(flags)) };
  }
  if (!flags.config) throw usageError(`--dialect ${flags.dialect} needs --config FILE, the ${flags.dialect} configuration to translate`);
  return dialectNamed(flags.dialect).translate({
    file: flags.config,
    name: flags.name,
    command: flags.command,
    valuesFile: flags.values,
    set: flags.set,
    restrictedDefaults: !flags['no-restricted-defaults'],
  });
}

function inputFile(flags: Flags): string {
  if (flags.config) return flags.config;
  return fs.existsSync(DEFAULT_CONFIG) ? DEFAULT_CONFIG : path.relative(process.cwd(), BUNDLED_CONFIG) || BUNDLED_CONFIG;
}

function synth(output: DialectOutput, flags: Flags, streams: CliStreams): number {
  const layout = parseLayout(flags.layout);
  if (flags.stdout && (flags.out !== undefined || flags.layout !== undefined)) {
    throw usageError('--stdout prints the objects instead of writing them, expected it without --out and --layout');
  }
  // Loaded here, not at start-up: `validate` and `schema` never build constructs.
  const { renderFleet } = require('../synth/render') as typeof import('../synth/render');
  const { manifestsAsYaml, writeManifests } = require('../synth/synth') as typeof import('../synth/synth');
  const manifests = 'fleet' in output ? renderFleet(output.fleet) : output.manifests;
  if (flags.stdout) {
    streams.stdout(manifestsAsYaml(manifests));
    return 0;
  }
  const outDir = flags.out ?? 'dist';
  for (const note of writeManifests(manifests, { outDir, layout }).notes) streams.stderr(`note: ${note}\n`);
  streams.stderr(`wrote ${manifests.length} objects to ${outDir} (${layout})\n`);
  return 0;
}

function parseLayout(layout: string | undefined): Layout {
  if (layout === undefined) return 'single';
  if ((LAYOUTS as readonly string[]).includes(layout)) return layout as Layout;
  throw usageError(`--layout: received ${JSON.stringify(layout)}, expected one of: ${LAYOUTS.join(', ')}${didYouMean(layout, LAYOUTS)}`);
}

function helpText(): string {
  const dialects = dialectNames().map((name) => `  ${name.padEnd(15)}  ${dialectNamed(name).summary}`).join('\n');
  return `${HELP}\ndialects:\n${dialects}\n`;
}

const HELP = `cdk8s-workers: Kubernetes manifests for queue-worker fleets

usage:
  cdk8s-workers synth    [--config FILE] [--out DIR] [--layout single|per-resource|kustomize] [--stdout]
  cdk8s-workers validate [--config FILE]
  cdk8s-workers schema
  cdk8s-workers synth --dialect NAME --config FILE [--name NAME] [--command "CMD"] [--values FILE] [--set KEY=VALUE]...

options:
  --config FILE    the fleet config (default: ./workers.yaml if present, else the bundled example)
  --out DIR        where synth writes (default: dist); files it did not write are left alone
  --layout L       single (one file), per-resource (a file per object), kustomize (a kustomize base)
  --stdout         print the objects as one YAML stream instead of writing files
  --dialect NAME   read a foreign config (see dialects below)
  --name NAME      the object name, for formats that have none
  --command "CMD"  the command line, split like a POSIX shell
  --values FILE    variable values for a Prefect base job template
  --set KEY=VALUE  one variable value (repeatable)
  --no-restricted-defaults  do not fill unset Pod Security settings in a Prefect template
                   (violations of the restricted profile become warnings)

exit codes: 0 done, 2 bad input or flags, 1 an internal error
`;
