import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WorkerJob } from '../../src';
import { cli, expectInputError } from '../support/cli';
import { dialectHarness } from '../support/dialect';
import { manifestsToYaml, only, synthValid, testChart } from '../support/render';
import { matchSnapshot } from '../support/snapshot';

const IMAGE = 'ghcr.io/example/worker:latest';
const { config } = dialectHarness('native');

describe('container options: imagePullPolicy left to the API server, terminationMessagePolicy, extended resources', () => {
  it('renders them, valid, matching the golden file', () => {
    const chart = testChart();
    new WorkerJob(chart, 'Job', {
      poolName: 'efa', image: IMAGE, imagePullPolicy: null, terminationMessagePolicy: 'FallbackToLogsOnError',
      resources: { cpu: 2, gpu: 1, extended: { 'vpc.amazonaws.com/efa': 2 } },
    });
    const manifests = synthValid(chart);
    const container = only(manifests, 'Job').spec.template.spec.containers[0];
    assert.equal('imagePullPolicy' in container, false);
    assert.equal(container.terminationMessagePolicy, 'FallbackToLogsOnError');
    assert.deepEqual(container.resources, { requests: { 'cpu': 2, 'vpc.amazonaws.com/efa': 2 }, limits: { 'nvidia.com/gpu': 1, 'vpc.amazonaws.com/efa': 2 } });
    matchSnapshot('construct-container-options.yaml', manifestsToYaml(manifests));
  });

  it('keeps IfNotPresent as the default pull policy', () => {
    const chart = testChart();
    new WorkerJob(chart, 'Job', { poolName: 'plain', image: IMAGE });
    assert.equal(only(synthValid(chart), 'Job').spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  });

  it('reads them from workers.yaml, and refuses what the API server refuses', () => {
    const good = config('pools:\n  - name: efa\n    image: img:1\n    imagePullPolicy: null\n    terminationMessagePolicy: FallbackToLogsOnError\n    resources: {extended: {vpc.amazonaws.com/efa: 1}}\n    job: {}\n');
    const result = cli('synth', '--config', good, '--stdout');
    assert.equal(result.code, 0, result.stderr);
    assert.doesNotMatch(result.stdout, /imagePullPolicy/);
    assert.match(result.stdout, /terminationMessagePolicy: FallbackToLogsOnError/);
    const badSchema = config('pools:\n  - name: efa\n    image: img:1\n    terminationMessagePolicy: Logs\n    resources: {extended: {example.com/half: 0.5}}\n    job: {}\n');
    expectInputError(cli('synth', '--config', badSchema, '--stdout'),
      'pools[0].terminationMessagePolicy: received "Logs", expected one of: File, FallbackToLogsOnError',
      'pools[0].resources.extended["example.com/half"]: received 0.5, expected a whole number');
    const badNames = config('pools:\n  - name: efa\n    image: img:1\n    resources: {gpu: 1, extended: {efa: 1, kubernetes.io/x: 1, nvidia.com/gpu: 1}}\n    job: {}\n');
    expectInputError(cli('synth', '--config', badNames, '--stdout'),
      'pools[0].resources.extended.efa: received "efa", expected an extended resource name',
      'received "kubernetes.io/x", expected an extended resource name', 'the kubernetes.io domain',
      'received "nvidia.com/gpu" beside resources.gpu, which sets the same resource');
  });
});
