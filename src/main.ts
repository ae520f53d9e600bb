import { App } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { loadFleetConfig } from './config/load';
import { WorkerFleetChart } from './synth/render';

/** The cdk8s app `cdk8s synth` runs (see cdk8s.yaml): ./workers.yaml if present, else the bundled example. */
const configFile = process.env.WORKERS_CONFIG ?? (fs.existsSync('workers.yaml') ? 'workers.yaml' : path.join(__dirname, '..', 'examples', 'workers.yaml'));
const app = new App();
new WorkerFleetChart(app, 'workers', loadFleetConfig(configFile));
app.synth();
