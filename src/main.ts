import * as fs from 'fs';
import { formatProblem, InputError, usageError } from './config/errors';
import { loadFleetConfig } from './config/load';
import { renderFleet } from './synth/render';
import { writeManifests } from './synth/synth';

/**
 * The cdk8s app `cdk8s synth` runs (see cdk8s.yaml): renders $WORKERS_CONFIG, else ./workers.yaml (never an
 * example), into CDK8S_OUTDIR through the same writer as `cdk8s-workers synth`.
 */
function main(): number {
  try {
    const configFile = process.env.WORKERS_CONFIG ?? workersYaml();
    const written = writeManifests(renderFleet(loadFleetConfig(configFile)), { outDir: process.env.CDK8S_OUTDIR ?? 'dist', layout: 'single' });
    for (const note of written.notes) process.stderr.write(`note: ${note}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`${error.problems.map(formatProblem).join('\n')}\n`);
    return 2;
  }
}

function workersYaml(): string {
  if (fs.existsSync('workers.yaml')) return 'workers.yaml';
  throw usageError(`no workers.yaml in ${process.cwd()}, expected a fleet config: run cdk8s-workers init to write one, or set WORKERS_CONFIG=FILE`);
}

process.exitCode = main();
