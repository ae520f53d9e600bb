import { App } from 'cdk8s';
import * as fs from 'fs';
import { formatProblem, InputError, usageError } from './config/errors';
import { loadFleetConfig } from './config/load';
import { WorkerFleetChart } from './synth/render';

/** The cdk8s app `cdk8s synth` runs (see cdk8s.yaml): $WORKERS_CONFIG, else ./workers.yaml. */
function configFile(): string {
  const file = process.env.WORKERS_CONFIG ?? 'workers.yaml';
  if (process.env.WORKERS_CONFIG === undefined && !fs.existsSync(file)) {
    throw usageError('no workers.yaml in the current directory, expected a fleet config: run cdk8s-workers init to write one, or set WORKERS_CONFIG=FILE');
  }
  return file;
}

try {
  const app = new App();
  new WorkerFleetChart(app, 'workers', loadFleetConfig(configFile()));
  app.synth();
} catch (error) {
  if (!(error instanceof InputError)) throw error;
  process.stderr.write(`${error.problems.map(formatProblem).join('\n')}\n`);
  process.exitCode = 2;
}
