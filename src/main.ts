import * as fs from 'fs';
import * as path from 'path';
import { formatProblem, InputError } from './config/errors';
import { loadFleetConfig } from './config/load';
import { renderFleet } from './synth/render';
import { writeManifests } from './synth/synth';

/**
 * The cdk8s app `cdk8s synth` runs (see cdk8s.yaml): renders ./workers.yaml if present, else the bundled
 * example, into CDK8S_OUTDIR through the same writer as `cdk8s-workers synth`, so that each recognises the
 * other's output (one file, workers.k8s.yaml, listed in .cdk8s-workers).
 */
function main(): number {
  const configFile = process.env.WORKERS_CONFIG ?? (fs.existsSync('workers.yaml') ? 'workers.yaml' : path.join(__dirname, '..', 'examples', 'workers.yaml'));
  try {
    const written = writeManifests(renderFleet(loadFleetConfig(configFile)), { outDir: process.env.CDK8S_OUTDIR ?? 'dist', layout: 'single' });
    for (const note of written.notes) process.stderr.write(`note: ${note}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    process.stderr.write(`${error.problems.map(formatProblem).join('\n')}\n`);
    return 2;
  }
}

process.exitCode = main();
