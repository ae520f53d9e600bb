import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiObject, Chart, Testing } from 'cdk8s';
import { StateMachine, StateMachineProps, stateMachineSpecFromJson } from '../../src/constructs/state-machine';
import { translateStateMachines } from '../../src/dialects/state-machine';
import { toJson_StateMachineSpec } from '../../src/imports/state-machine.converged-computing.org';
import { Manifest } from '../../src/synth/render';
import { manifestsToYaml } from '../../src/synth/yaml';
import { expectReadBack } from '../support/kubectl';
import { assertValidManifests } from '../support/strict-schema';

/** examples/state-machine.yaml, written as construct props. */
function exampleProps(): StateMachineProps {
  return {
    name: 'training-pipeline',
    namespace: 'ml',
    labels: { 'app.kubernetes.io/part-of': 'training-pipeline' },
    workflow: {
      completed: 3,
      prefix: 'mnist_',
      events: [{ metric: 'count.train.failure', when: '>= 2', action: 'finish-workflow' }],
    },
    cluster: { maxSize: 4 },
    manager: { image: 'ghcr.io/converged-computing/state-machine-operator:manager' },
    registry: { port: 5000 },
    jobs: [
      {
        name: 'prepare',
        image: 'python:3.12-slim',
        config: { coresPerTask: 2, walltime: '10m' },
        registry: { push: 'shard' },
        script: [
          '# Runs in ${outpath}; everything left there is pushed as ${registry}/${jobid}:shard.',
          'python -c "import random; random.seed(\'${jobid}\'); print(\'\\n\'.join(str(random.random()) for _ in range(10000)))" > shard.txt',
          '',
        ].join('\n'),
      },
      {
        name: 'train',
        image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime',
        config: { nodes: 2, coresPerTask: 8, gpus: 1, walltime: '2h', retryFailure: true },
        environment: { EPOCHS: '5' },
        registry: { pull: 'shard', push: 'model' },
        script: 'ls -l shard.txt\npython -c "import torch; torch.save({\'epochs\': 5}, \'model.pt\')"\n',
      },
      {
        name: 'evaluate',
        image: 'python:3.12-slim',
        config: { coresPerTask: 2 },
        registry: { pull: 'model', push: 'metrics' },
        script: 'ls -l model.pt\necho \'{"jobid": "\'"${jobid}"\'", "accuracy": 0.97}\' > metrics.json\n',
      },
    ],
  };
}

function minimalProps(overrides: Partial<StateMachineProps> = {}): StateMachineProps {
  return {
    name: 'minimal',
    workflow: { completed: 1 },
    cluster: { maxSize: 2 },
    jobs: [{ name: 'only', image: 'busybox:1.36' }],
    ...overrides,
  };
}

function render(props: StateMachineProps, chart: Chart = Testing.chart()): Manifest[] {
  new StateMachine(chart, 'Workflow', props);
  const manifests = Testing.synth(chart) as Manifest[];
  expectReadBack(manifestsToYaml(manifests), manifests);
  return manifests;
}

function constructError(props: StateMachineProps): Error {
  let thrown: unknown;
  const chart = Testing.chart();
  new StateMachine(chart, 'Workflow', props);
  try {
    Testing.synth(chart);
  } catch (error) {
    thrown = error;
  }
  assert.ok(thrown instanceof Error, 'expected synthesis to fail');
  assert.equal(thrown.constructor, Error, 'a plain Error, not an InputError');
  return thrown;
}

describe('StateMachine', () => {
  it('renders the same CR as --dialect state-machine for the same input', () => {
    const manifests = render(exampleProps());
    const dialect = translateStateMachines({ file: 'examples/state-machine.yaml' });
    assert.ok('manifests' in dialect);
    assert.deepEqual(manifests, dialect.manifests);
    assert.equal(JSON.stringify(manifests), JSON.stringify(dialect.manifests), 'same key order too');
    assertValidManifests(manifests);
  });

  it('writes the CRD defaults out inside the objects it is given', () => {
    const [cr] = render(minimalProps({ registry: {}, jobs: [{ name: 'only', image: 'busybox:1.36', config: {}, registry: { push: 'out' } }] }));
    assert.deepEqual(cr.spec.jobs[0], {
      arch: 'amd64', config: { coresPerTask: 3, nodes: 1, pullPolicy: 'IfNotPresent' }, image: 'busybox:1.36', name: 'only',
      registry: { plainHttp: true, push: 'out' },
    });
    assert.deepEqual(cr.spec.registry, { image: 'ghcr.io/oras-project/registry:latest', name: 'registry', pullPolicy: 'IfNotPresent', replicas: 1 });
    assert.equal(cr.spec.manager, undefined);
  });

  it('keeps given values over defaults, false and 0 included', () => {
    const [cr] = render(minimalProps({
      manager: { replicas: 0, interactive: false, pullPolicy: 'Always' },
      jobs: [{ name: 'only', image: 'busybox:1.36', arch: 'arm64', registry: { plainHttp: false, push: 'out' } }],
    }));
    assert.equal(cr.spec.manager.replicas, 0);
    assert.equal(cr.spec.manager.interactive, false);
    assert.equal(cr.spec.manager.pullPolicy, 'Always');
    assert.equal(cr.spec.jobs[0].arch, 'arm64');
    assert.equal(cr.spec.jobs[0].registry.plainHttp, false);
  });

  it('exposes the StateMachine object as apiObject, the child "Resource"', () => {
    const chart = Testing.chart();
    const machine = new StateMachine(chart, 'Workflow', minimalProps({ namespace: 'batch' }));
    assert.ok(machine.apiObject instanceof ApiObject);
    assert.equal(machine.node.findChild('Resource'), machine.apiObject);
    assert.equal(machine.apiObject.kind, 'StateMachine');
    assert.equal(machine.apiObject.apiVersion, 'state-machine.converged-computing.org/v1alpha1');
    assert.equal(machine.name, 'minimal');
    assert.equal(machine.apiObject.metadata.namespace, 'batch');
  });

  it('spells registry.TLSVerify as the CRD does', () => {
    const [cr] = render(minimalProps({ registry: { host: 'registry.example.com', tlsVerify: true } }));
    assert.equal(cr.spec.registry.TLSVerify, true);
    assert.equal(cr.spec.registry.tlsVerify, undefined);
  });

  it('takes a name cdk8s generates, and the chart namespace, when none is given', () => {
    const chart = new Chart(Testing.app(), 'pipelines', { namespace: 'science' });
    const machine = new StateMachine(chart, 'Workflow', minimalProps({ name: undefined }));
    const [cr] = Testing.synth(chart) as Manifest[];
    assert.equal(cr.metadata.name, machine.name);
    assert.match(machine.name, /^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    assert.equal(cr.metadata.namespace, 'science');
  });

  it('does not change its props', () => {
    const props = exampleProps();
    const before = JSON.stringify(props);
    render(props);
    assert.equal(JSON.stringify(props), before);
  });

  it('renders the same bytes twice', () => {
    assert.equal(JSON.stringify(render(exampleProps())), JSON.stringify(render(exampleProps())));
  });

  it('maps the JSON spec to the generated types and back without loss', () => {
    const json = {
      workflow: { completed: 1, prefix: 'p_', events: [{ action: 'grow', metric: 'count.a.success', backoff: 1, maxSize: 2, minCompletions: 1, minSize: 1, repetitions: 1, when: '> 1' }] },
      cluster: { maxSize: 2, autoscale: false },
      manager: { coresPerNode: 4, image: 'm', interactive: true, maxNodes: 2, nodeSelector: 'n', pullPolicy: 'Never', replicas: 1, subdomain: 'r', verbose: true },
      registry: { TLSVerify: false, host: 'h', image: 'i', name: 'registry', nodeSelector: 'n', plainHttp: true, port: 5000, pullPolicy: 'Always', replicas: 1 },
      jobs: [{
        appConfig: 'a', arch: 'amd64', environment: { A: '1' }, events: { script: 's' }, image: 'i', interactive: false, name: 'a',
        properties: { 'save-path': '/opt' }, script: 's', workdir: '/w',
        config: { command: 'c', coresPerTask: 3, gpulabel: 'g', gpus: 0, nodes: 1, pullPolicy: 'IfNotPresent', retryFailure: false, tasks: 1, walltime: '1h' },
        registry: { host: 'h', plainHttp: true, pull: 'x', push: 'y' },
      }],
    };
    assert.deepEqual(toJson_StateMachineSpec(stateMachineSpecFromJson(json)), json);
  });
});

describe('StateMachine: the checks at synth, with the dialect\'s messages', () => {
  it('duplicate step names', () => {
    const error = constructError(minimalProps({ jobs: [{ name: 'a', image: 'x' }, { name: 'a', image: 'x' }] }));
    assert.match(error.message, /^Validation failed with the following errors:\n  \[test\/Workflow\] jobs\[1\]\.name: /);
    assert.ok(error.message.includes('jobs[1].name: received "a", expected a name no other step has: spec.jobs[0] is also named "a"'), error.message);
  });

  it('a pull of a tag only a later step pushes; one no step declares may be pushed by a script', () => {
    const error = constructError(minimalProps({
      jobs: [
        { name: 'a', image: 'x', registry: { push: 'one' } },
        { name: 'b', image: 'x', registry: { pull: 'two' } },
        { name: 'c', image: 'x', registry: { pull: 'three', push: 'two' } },
      ],
    }));
    assert.ok(error.message.includes('jobs[1].registry.pull: step "b" pulls tag "two", but only a later step pushes it (spec.jobs[2], step "c")'), error.message);
    assert.ok(!error.message.includes('pulls tag "three"'), error.message);
  });

  it('workflow.completed below 1', () => {
    assert.ok(constructError(minimalProps({ workflow: { completed: 0 } })).message.includes('workflow.completed: received 0, expected at least 1'));
  });

  it('steps with more nodes than cluster.maxSize, which bounds only how many first steps are packed', () => {
    const chart = Testing.chart();
    new StateMachine(chart, 'Workflow', minimalProps({ cluster: { maxSize: 1 }, jobs: [{ name: 'a', image: 'x', config: { nodes: 2 } }, { name: 'b', image: 'x', config: { nodes: 3 } }] }));
    assert.deepEqual(chart.toJson()[0].spec.jobs.map((step: any) => step.config.nodes), [2, 3]);
  });

  it('names that cannot become Kubernetes names', () => {
    const error = constructError(minimalProps({ name: 'Training', jobs: [{ name: 'Step', image: 'x' }] }));
    assert.ok(error.message.includes('name: received "Training"'), error.message);
    assert.ok(error.message.includes('jobs[0].name: received "Step"'), error.message);
  });

  it('no steps, and required fields missing from untyped (JavaScript) props', () => {
    assert.ok(constructError(minimalProps({ jobs: [] })).message.includes('jobs: received an empty list, expected at least one step'));
    const untyped = { name: 'minimal', jobs: [{ name: 'a', image: 'x' }] } as unknown as StateMachineProps;
    const message = constructError(untyped).message;
    assert.ok(message.includes('[test/Workflow] missing required key "workflow"'), message);
    assert.ok(message.includes('[test/Workflow] missing required key "cluster"'), message);
  });
});
