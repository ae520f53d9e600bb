import { App } from 'cdk8s';
import * as fs from 'fs';
import * as path from 'path';
import { loadFleetConfig } from './config/load';
import { SINGLE_FILE } from './synth/layout';
import { WorkerFleetChart } from './synth/render';
import { manifestsAsYaml } from './synth/synth';

/** The cdk8s app `cdk8s synth` runs (see cdk8s.yaml): ./workers.yaml if present, else the bundled example. */
const configFile = process.env.WORKERS_CONFIG ?? (fs.existsSync('workers.yaml') ? 'workers.yaml' : path.join(__dirname, '..', 'examples', 'workers.yaml'));
const app = new App();
const chart = new WorkerFleetChart(app, 'workers', loadFleetConfig(configFile));

// Written by our YAML writer rather than `app.synth()`'s, whose quoting lets kubectl misread strings such as `0o022`.
const file = path.join(app.outdir, SINGLE_FILE);
fs.mkdirSync(app.outdir, { recursive: true });
fs.writeFileSync(`${file}.partial`, manifestsAsYaml(chart.toJson()));
fs.renameSync(`${file}.partial`, file);
