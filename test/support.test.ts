import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  checkRestrictedPodSecurity,
  podTemplatePath,
  PodSecurityViolation,
} from '../src/security/restricted';
import { assertValidManifests, parseQuantity, validateStrict } from './support/strict-schema';

type Manifest = Record<string, any>;

function restrictedContainer(name: string, extra: Manifest = {}): Manifest {
  return {
    name,
    image: 'ghcr.io/example/worker:1.2.3',
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
    },
    resources: {
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { cpu: 1, memory: '1Gi' },
    },
    ...extra,
  };
}

function restrictedPodSpec(extra: Manifest = {}): Manifest {
  return {
    securityContext: {
      runAsNonRoot: true,
      runAsUser: 10001,
      seccompProfile: { type: 'RuntimeDefault' },
    },
    containers: [restrictedContainer('worker', {
      env: [{ name: 'QUEUE_URL', value: 'amqp://queue:5672' }, { name: 'BATCH', value: '10' }],
      volumeMounts: [{ name: 'scratch', mountPath: '/tmp' }],
    })],
    volumes: [{ name: 'scratch', emptyDir: { sizeLimit: '1Gi' } }],
    ...extra,
  };
}

function job(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: 'drain-orders', namespace: 'workers', labels: { 'app.kubernetes.io/name': 'drain-orders' } },
    spec: {
      backoffLimit: 2,
      ttlSecondsAfterFinished: 600,
      template: {
        metadata: { labels: { 'app.kubernetes.io/name': 'drain-orders' } },
        spec: restrictedPodSpec({ restartPolicy: 'Never' }),
      },
    },
  };
}

function deployment(): Manifest {
  const labels = { 'app.kubernetes.io/name': 'serve-api', 'app.kubernetes.io/component': 'serve' };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'serve-api', namespace: 'workers', labels, annotations: { 'example.com/owner': 'platform' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: restrictedPodSpec({
          containers: [restrictedContainer('api', {
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090 }],
            readinessProbe: { httpGet: { path: '/healthz', port: 'http' }, periodSeconds: 5 },
            livenessProbe: { tcpSocket: { port: 8080 } },
          })],
          volumes: [],
        }),
      },
    },
  };
}

function service(): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'serve-api', namespace: 'workers' },
    spec: {
      type: 'ClusterIP',
      selector: { 'app.kubernetes.io/name': 'serve-api' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090 },
      ],
    },
  };
}

function scaledObject(): Manifest {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledObject',
    metadata: { name: 'serve-api', namespace: 'workers' },
    spec: {
      scaleTargetRef: { name: 'serve-api' },
      minReplicaCount: 1,
      maxReplicaCount: 10,
      pollingInterval: 15,
      triggers: [{
        type: 'rabbitmq',
        metadata: { queueName: 'orders', mode: 'QueueLength', value: '20' },
        authenticationRef: { name: 'rabbitmq-auth' },
      }],
    },
  };
}

function triggerAuthentication(): Manifest {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'TriggerAuthentication',
    metadata: { name: 'rabbitmq-auth', namespace: 'workers' },
    spec: { secretTargetRef: [{ parameter: 'host', name: 'rabbitmq', key: 'url' }] },
  };
}

function stateMachine(): Manifest {
  return {
    apiVersion: 'state-machine.converged-computing.org/v1alpha1',
    kind: 'StateMachine',
    metadata: { name: 'pipeline', namespace: 'workers' },
    spec: {
      cluster: { maxSize: 4, autoscale: true },
      workflow: { completed: 2, prefix: 'pipeline', events: [{ action: 'grow', metric: 'mean.job-a.duration', when: '> 60' }] },
      jobs: [{ name: 'job-a', image: 'ghcr.io/example/job-a:1', script: 'run.sh', config: { nodes: 1, tasks: 2 }, properties: { tier: 'fast' } }],
    },
  };
}

function scaledJob(): Manifest {
  return {
    apiVersion: 'keda.sh/v1alpha1',
    kind: 'ScaledJob',
    metadata: { name: 'drain-queue', namespace: 'workers' },
    spec: {
      jobTargetRef: { backoffLimit: 1, template: { spec: restrictedPodSpec({ restartPolicy: 'Never' }) } },
      maxReplicaCount: 5,
      triggers: [{ type: 'rabbitmq', metadata: { queueName: 'orders', value: '5' } }],
    },
  };
}

function cronJob(): Manifest {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name: 'nightly-sweep', namespace: 'workers' },
    spec: {
      schedule: '0 3 * * *',
      jobTemplate: { spec: { template: { spec: restrictedPodSpec({ restartPolicy: 'OnFailure' }) } } },
    },
  };
}

function validManifests(): Manifest[] {
  return [job(), deployment(), service(), scaledObject(), triggerAuthentication(), stateMachine(), scaledJob(), cronJob()];
}

function assertProblemAt(problems: readonly string[], path: string, fragment?: RegExp): void {
  const atPath = problems.filter((problem) => problem.includes(`: ${path}: `));
  assert.ok(atPath.length > 0, `expected a problem at ${path}, got:\n${problems.join('\n')}`);
  if (fragment) {
    assert.ok(atPath.some((problem) => fragment.test(problem)), `expected a problem at ${path} matching ${fragment}, got:\n${atPath.join('\n')}`);
  }
}

function assertViolationAt(violations: readonly PodSecurityViolation[], path: string, check: string): void {
  assert.ok(
    violations.some((violation) => violation.path === path && violation.check === check),
    `expected a ${check} violation at ${path}, got:\n${violations.map((v) => `${v.path} (${v.check}): ${v.message}`).join('\n')}`,
  );
}

function assertLowercaseMessages(violations: readonly PodSecurityViolation[]): void {
  for (const violation of violations) {
    assert.match(violation.message, /^found [^A-Z]/);
    assert.match(violation.message, /, required /);
  }
}

function containerOf(manifest: Manifest): Manifest {
  return podTemplatePath(manifest)!.spec.containers[0];
}

const JOB_CONTAINER = 'spec.template.spec.containers[0]';

describe('validateStrict accepts realistic manifests', () => {
  for (const manifest of validManifests()) {
    it(`accepts a ${manifest.kind}`, () => {
      assert.deepEqual(validateStrict(manifest), []);
      assert.deepEqual(checkRestrictedPodSecurity(manifest), []);
    });
  }

  it('accepts generateName without name', () => {
    const manifest = job();
    delete manifest.metadata.name;
    manifest.metadata.generateName = 'drain-orders-';
    assert.deepEqual(validateStrict(manifest), []);
  });

  it('accepts an int-or-string targetPort as a number or a name and a quantity as a number', () => {
    const manifest = service();
    manifest.spec.ports[0].targetPort = 8080;
    assert.deepEqual(validateStrict(manifest), []);
    const withNumber = job();
    containerOf(withNumber).resources.limits.memory = 1073741824;
    assert.deepEqual(validateStrict(withNumber), []);
  });

  it('accepts an empty label value', () => {
    const manifest = job();
    manifest.metadata.labels['example.com/flag'] = '';
    assert.deepEqual(validateStrict(manifest), []);
  });
});

describe('validateStrict rejects schema problems', () => {
  it('rejects an unknown field in a container', () => {
    const manifest = job();
    containerOf(manifest).foo = 'bar';
    const problems = validateStrict(manifest);
    assertProblemAt(problems, `${JOB_CONTAINER}.foo`, /unknown field "foo"/);
    assert.match(problems[0], /^Job\/drain-orders: /);
  });

  it('rejects an unknown field in metadata', () => {
    const manifest = stateMachine();
    manifest.metadata.labelz = { a: 'b' };
    assertProblemAt(validateStrict(manifest), 'metadata.labelz', /unknown field/);
  });

  it('rejects a wrong type', () => {
    const manifest = deployment();
    manifest.spec.replicas = '2';
    assertProblemAt(validateStrict(manifest), 'spec.replicas', /found string "2", expected integer/);
  });

  it('rejects a wrong type for an int-or-string field', () => {
    const manifest = service();
    manifest.spec.ports[0].targetPort = true;
    assertProblemAt(validateStrict(manifest), 'spec.ports[0].targetPort', /expected string or integer/);
  });

  it('rejects a missing required field', () => {
    const manifest = job();
    delete containerOf(manifest).name;
    assertProblemAt(validateStrict(manifest), `${JOB_CONTAINER}.name`, /required field/);
  });

  it('rejects a missing required field in a crd', () => {
    const manifest = scaledObject();
    delete manifest.spec.scaleTargetRef;
    assertProblemAt(validateStrict(manifest), 'spec.scaleTargetRef', /required field/);
  });

  it('rejects an enum value outside the allowed set', () => {
    const manifest = scaledObject();
    manifest.spec.triggers[0].authenticationRef.kind = 'Secret';
    assertProblemAt(validateStrict(manifest), 'spec.triggers[0].authenticationRef.kind', /found "Secret", expected one of "TriggerAuthentication", "ClusterTriggerAuthentication"/);
  });

  it('rejects an unknown kind', () => {
    const problems = validateStrict({ apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' } });
    assertProblemAt(problems, 'kind', /found apiVersion "v1" kind "Widget"/);
  });

  it('rejects a known kind under the wrong apiVersion', () => {
    const manifest = deployment();
    manifest.apiVersion = 'apps/v2';
    assertProblemAt(validateStrict(manifest), 'kind', /apiVersion "apps\/v2"/);
  });

  it('rejects something that is not an object', () => {
    assertProblemAt(validateStrict('kind: Job'), '<root>', /expected an object/);
  });

  it('rejects an unknown field inside a keda trigger', () => {
    const manifest = scaledObject();
    manifest.spec.triggers[0].queue = 'orders';
    assertProblemAt(validateStrict(manifest), 'spec.triggers[0].queue', /unknown field "queue"/);
  });

  it('rejects a non-string keda trigger metadata value', () => {
    const manifest = scaledObject();
    manifest.spec.triggers[0].metadata.value = 20;
    assertProblemAt(validateStrict(manifest), 'spec.triggers[0].metadata.value', /expected string/);
  });

  it('rejects an unknown field in a trigger authentication', () => {
    const manifest = triggerAuthentication();
    manifest.spec.secretTargetRef[0].namespace = 'other';
    assertProblemAt(validateStrict(manifest), 'spec.secretTargetRef[0].namespace', /unknown field/);
  });

  it('rejects an unknown field in a state machine spec', () => {
    const manifest = stateMachine();
    manifest.spec.workflow.retries = 3;
    manifest.spec.extra = true;
    const problems = validateStrict(manifest);
    assertProblemAt(problems, 'spec.workflow.retries', /unknown field "retries"/);
    assertProblemAt(problems, 'spec.extra', /unknown field "extra"/);
  });

  it('walks a crd property named like a keyword as a field', () => {
    const manifest = stateMachine();
    manifest.spec.jobs[0].properties = { tier: 3 };
    assertProblemAt(validateStrict(manifest), 'spec.jobs[0].properties.tier', /expected string/);
  });

  it('rejects an int32 out of range', () => {
    const manifest = stateMachine();
    manifest.spec.cluster.maxSize = 2 ** 40;
    assertProblemAt(validateStrict(manifest), 'spec.cluster.maxSize', /32-bit integer/);
  });

  it('rejects a bad quantity in a crd-embedded pod template', () => {
    const manifest = scaledJob();
    manifest.spec.jobTargetRef.template.spec.containers[0].resources.limits.memory = '3GB';
    assertProblemAt(validateStrict(manifest), 'spec.jobTargetRef.template.spec.containers[0].resources.limits.memory', /"3GB"/);
  });
});

describe('validateStrict rejects what the api server rejects', () => {
  it('rejects a bad quantity', () => {
    const manifest = job();
    containerOf(manifest).resources.requests.memory = '3GB';
    const problems = validateStrict(manifest);
    assertProblemAt(problems, `${JOB_CONTAINER}.resources.requests.memory`, /found "3GB", expected a kubernetes quantity/);
    assert.equal(problems.length, 1, problems.join('\n'));
  });

  it('rejects a negative quantity', () => {
    const manifest = job();
    containerOf(manifest).resources.requests.cpu = '-1';
    assertProblemAt(validateStrict(manifest), `${JOB_CONTAINER}.resources.requests.cpu`, /zero or more/);
  });

  it('rejects requests above limits, comparing quantities numerically', () => {
    const manifest = job();
    containerOf(manifest).resources = { requests: { cpu: '1500m', memory: '2Gi' }, limits: { cpu: '1', memory: '2048Mi' } };
    const problems = validateStrict(manifest);
    assertProblemAt(problems, `${JOB_CONTAINER}.resources.requests.cpu`, /found request "1500m" above limit "1"/);
    assert.equal(problems.length, 1, problems.join('\n'));
  });

  it('rejects a bad label value', () => {
    const manifest = deployment();
    manifest.metadata.labels['app.kubernetes.io/version'] = 'v1.0 beta';
    assertProblemAt(validateStrict(manifest), 'metadata.labels["app.kubernetes.io/version"]', /label value "v1.0 beta"/);
  });

  it('rejects a label value longer than 63 characters', () => {
    const manifest = job();
    manifest.spec.template.metadata.labels.long = 'a'.repeat(64);
    assertProblemAt(validateStrict(manifest), 'spec.template.metadata.labels.long', /at most 63/);
  });

  it('rejects a bad label key and a bad annotation key', () => {
    const manifest = deployment();
    manifest.metadata.labels['Example.com/name'] = 'x';
    manifest.metadata.annotations['-bad'] = 'x';
    const problems = validateStrict(manifest);
    assertProblemAt(problems, 'metadata.labels["Example.com/name"]', /label key/);
    assertProblemAt(problems, 'metadata.annotations["-bad"]', /annotation key/);
  });

  it('rejects a missing name', () => {
    const manifest = job();
    delete manifest.metadata.name;
    assertProblemAt(validateStrict(manifest), 'metadata.name', /expected a name or a generateName/);
  });

  it('rejects a name that is not a dns subdomain', () => {
    const manifest = deployment();
    manifest.metadata.name = 'Serve_API';
    assertProblemAt(validateStrict(manifest), 'metadata.name', /dns-1123 subdomain/);
  });

  it('rejects a service name that is not a dns label', () => {
    const manifest = service();
    manifest.metadata.name = 'serve.api';
    assertProblemAt(validateStrict(manifest), 'metadata.name', /dns-1035 label/);
  });

  it('rejects a job name longer than 63 characters', () => {
    const manifest = job();
    manifest.metadata.name = 'j'.repeat(64);
    assertProblemAt(validateStrict(manifest), 'metadata.name', /at most 63 for a job name/);
  });

  it('rejects a cronjob name longer than 52 characters', () => {
    const manifest = cronJob();
    manifest.metadata.name = 'c'.repeat(53);
    assertProblemAt(validateStrict(manifest), 'metadata.name', /at most 52/);
  });

  it('rejects a namespace that is not a dns label', () => {
    const manifest = job();
    manifest.metadata.namespace = 'team.workers';
    assertProblemAt(validateStrict(manifest), 'metadata.namespace', /dns-1123 label/);
  });

  it('rejects duplicate and invalid container names', () => {
    const manifest = job();
    const spec = manifest.spec.template.spec;
    spec.initContainers = [restrictedContainer('worker')];
    spec.containers.push(restrictedContainer('Side_Car'));
    const problems = validateStrict(manifest);
    assertProblemAt(problems, 'spec.template.spec.initContainers[0].name', /more than once/);
    assertProblemAt(problems, 'spec.template.spec.containers[1].name', /dns-1123 label/);
  });

  it('rejects a container port out of range and a duplicate port', () => {
    const manifest = deployment();
    containerOf(manifest).ports.push({ containerPort: 8080 }, { containerPort: 70000, protocol: 'UDP' });
    const problems = validateStrict(manifest);
    assertProblemAt(problems, `${JOB_CONTAINER}.ports[2].containerPort`, /more than once/);
    assertProblemAt(problems, `${JOB_CONTAINER}.ports[3].containerPort`, /from 1 to 65535/);
  });

  it('accepts the same port number with different protocols', () => {
    const manifest = deployment();
    containerOf(manifest).ports.push({ containerPort: 8080, protocol: 'UDP' });
    assert.deepEqual(validateStrict(manifest), []);
  });

  it('rejects a duplicate env name', () => {
    const manifest = job();
    containerOf(manifest).env.push({ name: 'BATCH', value: '20' });
    assertProblemAt(validateStrict(manifest), `${JOB_CONTAINER}.env[2].name`, /env name "BATCH" more than once/);
  });

  it('rejects a deployment whose selector does not match its template labels', () => {
    const manifest = deployment();
    manifest.spec.template.metadata.labels = { 'app.kubernetes.io/name': 'other' };
    const problems = validateStrict(manifest);
    assertProblemAt(problems, 'spec.template.metadata.labels["app.kubernetes.io/name"]', /found "other", expected "serve-api"/);
    assertProblemAt(problems, 'spec.template.metadata.labels["app.kubernetes.io/component"]', /found nothing, expected "serve"/);
  });

  it('rejects a volume mount of an undeclared volume', () => {
    const manifest = job();
    containerOf(manifest).volumeMounts.push({ name: 'cache', mountPath: '/cache' });
    assertProblemAt(validateStrict(manifest), `${JOB_CONTAINER}.volumeMounts[1].name`, /found volume "cache", expected one of the pod's volumes \("scratch"\)/);
  });

  it('rejects enumerated values the api server rejects', () => {
    const manifest = job();
    manifest.spec.template.spec.restartPolicy = 'Always';
    containerOf(manifest).imagePullPolicy = 'Sometimes';
    const problems = validateStrict(manifest);
    assertProblemAt(problems, 'spec.template.spec.restartPolicy', /found "Always", expected one of "OnFailure", "Never"/);
    assertProblemAt(problems, `${JOB_CONTAINER}.imagePullPolicy`, /expected one of "Always", "IfNotPresent", "Never"/);
    const svc = service();
    svc.spec.type = 'Internal';
    svc.spec.ports[0].protocol = 'HTTP';
    const serviceProblems = validateStrict(svc);
    assertProblemAt(serviceProblems, 'spec.type', /found "Internal"/);
    assertProblemAt(serviceProblems, 'spec.ports[0].protocol', /found "HTTP"/);
  });

  it('rejects service ports without names when there are several', () => {
    const manifest = service();
    delete manifest.spec.ports[1].name;
    assertProblemAt(validateStrict(manifest), 'spec.ports[1].name', /expected a name on every port/);
  });
});

describe('checkRestrictedPodSecurity', () => {
  it('finds the pod spec of every workload kind', () => {
    assert.equal(podTemplatePath({ kind: 'Pod', spec: {} })?.path, 'spec');
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']) {
      assert.equal(podTemplatePath({ kind, spec: { template: { spec: {} } } })?.path, 'spec.template.spec');
    }
    assert.equal(podTemplatePath(cronJob())?.path, 'spec.jobTemplate.spec.template.spec');
    assert.equal(podTemplatePath(scaledJob())?.path, 'spec.jobTargetRef.template.spec');
    assert.equal(podTemplatePath(service()), undefined);
    assert.equal(podTemplatePath('Pod'), undefined);
    assert.deepEqual(checkRestrictedPodSecurity(scaledObject()), []);
  });

  it('reports a hostPath volume', () => {
    const manifest = job();
    manifest.spec.template.spec.volumes.push({ name: 'docker', hostPath: { path: '/var/run/docker.sock' } });
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, 'spec.template.spec.volumes[1].hostPath', 'hostPathVolumes');
    assert.equal(violations.length, 1);
  });

  it('reports volume types outside the restricted set', () => {
    const manifest = job();
    manifest.spec.template.spec.volumes.push({ name: 'shared', nfs: { server: 'nfs', path: '/' } });
    assertViolationAt(checkRestrictedPodSecurity(manifest), 'spec.template.spec.volumes[1].nfs', 'restrictedVolumes');
  });

  it('reports a privileged container', () => {
    const manifest = job();
    containerOf(manifest).securityContext.privileged = true;
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, `${JOB_CONTAINER}.securityContext.privileged`, 'privileged');
    assertLowercaseMessages(violations);
  });

  it('reports a missing seccomp profile', () => {
    const manifest = job();
    delete manifest.spec.template.spec.securityContext.seccompProfile;
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, `${JOB_CONTAINER}.securityContext.seccompProfile.type`, 'seccompProfile_restricted');
  });

  it('accepts seccomp set on every container instead of the pod', () => {
    const manifest = job();
    delete manifest.spec.template.spec.securityContext.seccompProfile;
    containerOf(manifest).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'worker.json' };
    assert.deepEqual(checkRestrictedPodSecurity(manifest), []);
  });

  it('reports an unconfined seccomp profile even when the pod sets one', () => {
    const manifest = job();
    containerOf(manifest).securityContext.seccompProfile = { type: 'Unconfined' };
    assertViolationAt(checkRestrictedPodSecurity(manifest), `${JOB_CONTAINER}.securityContext.seccompProfile.type`, 'seccompProfile');
  });

  it('reports capabilities that do not drop ALL', () => {
    const manifest = job();
    containerOf(manifest).securityContext.capabilities = { drop: ['NET_RAW'] };
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, `${JOB_CONTAINER}.securityContext.capabilities.drop`, 'capabilities_restricted');
    assert.match(violations[0].message, /found drop \["NET_RAW"\], required a drop list that includes "ALL"/);
  });

  it('reports added capabilities other than NET_BIND_SERVICE', () => {
    const manifest = job();
    containerOf(manifest).securityContext.capabilities.add = ['NET_BIND_SERVICE', 'SYS_ADMIN'];
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, `${JOB_CONTAINER}.securityContext.capabilities.add[1]`, 'capabilities_restricted');
    assert.equal(violations.length, 1);
  });

  it('reports runAsUser 0 on the pod and on a container', () => {
    const manifest = job();
    manifest.spec.template.spec.securityContext.runAsUser = 0;
    containerOf(manifest).securityContext.runAsUser = 0;
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, 'spec.template.spec.securityContext.runAsUser', 'runAsUser');
    assertViolationAt(violations, `${JOB_CONTAINER}.securityContext.runAsUser`, 'runAsUser');
  });

  it('reports runAsNonRoot missing everywhere or false on a container', () => {
    const manifest = job();
    delete manifest.spec.template.spec.securityContext.runAsNonRoot;
    manifest.spec.template.spec.initContainers = [restrictedContainer('migrate')];
    manifest.spec.template.spec.initContainers[0].securityContext.runAsNonRoot = true;
    assertViolationAt(checkRestrictedPodSecurity(manifest), `${JOB_CONTAINER}.securityContext.runAsNonRoot`, 'runAsNonRoot');
    const explicit = job();
    containerOf(explicit).securityContext.runAsNonRoot = false;
    assertViolationAt(checkRestrictedPodSecurity(explicit), `${JOB_CONTAINER}.securityContext.runAsNonRoot`, 'runAsNonRoot');
  });

  it('reports allowPrivilegeEscalation unset, except on windows pods', () => {
    const manifest = job();
    delete containerOf(manifest).securityContext.allowPrivilegeEscalation;
    assertViolationAt(checkRestrictedPodSecurity(manifest), `${JOB_CONTAINER}.securityContext.allowPrivilegeEscalation`, 'allowPrivilegeEscalation');
    manifest.spec.template.spec.os = { name: 'windows' };
    assert.deepEqual(checkRestrictedPodSecurity(manifest), []);
  });

  it('reports host namespaces, host ports and host process', () => {
    const manifest = deployment();
    const spec = manifest.spec.template.spec;
    spec.hostNetwork = true;
    spec.hostPID = false;
    spec.securityContext.windowsOptions = { hostProcess: true };
    spec.containers[0].ports[0].hostPort = 8080;
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, 'spec.template.spec.hostNetwork', 'hostNamespaces');
    assertViolationAt(violations, 'spec.template.spec.securityContext.windowsOptions.hostProcess', 'windowsHostProcess');
    assertViolationAt(violations, `${JOB_CONTAINER}.ports[0].hostPort`, 'hostPorts');
    assert.equal(violations.length, 3);
  });

  it('reports apparmor, selinux, procMount and sysctls outside the allowed sets', () => {
    const manifest = deployment();
    const template = manifest.spec.template;
    template.metadata.annotations = { 'container.apparmor.security.beta.kubernetes.io/api': 'unconfined' };
    template.spec.securityContext.appArmorProfile = { type: 'Unconfined' };
    template.spec.securityContext.seLinuxOptions = { type: 'spc_t', user: 'root' };
    template.spec.securityContext.sysctls = [{ name: 'net.ipv4.tcp_keepalive_time', value: '60' }, { name: 'kernel.msgmax', value: '1' }];
    template.spec.containers[0].securityContext.procMount = 'Unmasked';
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/api"]', 'appArmorProfile');
    assertViolationAt(violations, 'spec.template.spec.securityContext.appArmorProfile.type', 'appArmorProfile');
    assertViolationAt(violations, 'spec.template.spec.securityContext.seLinuxOptions.type', 'seLinuxOptions');
    assertViolationAt(violations, 'spec.template.spec.securityContext.seLinuxOptions.user', 'seLinuxOptions');
    assertViolationAt(violations, 'spec.template.spec.securityContext.sysctls[1].name', 'sysctls');
    assertViolationAt(violations, `${JOB_CONTAINER}.securityContext.procMount`, 'procMount');
    assert.equal(violations.length, 6);
    assertLowercaseMessages(violations);
  });

  it('reports a probe or lifecycle handler aimed at another host', () => {
    const manifest = deployment();
    const container = containerOf(manifest);
    container.readinessProbe.httpGet.host = '10.0.0.1';
    container.lifecycle = { preStop: { tcpSocket: { port: 80, host: 'node' } } };
    const violations = checkRestrictedPodSecurity(manifest);
    assertViolationAt(violations, `${JOB_CONTAINER}.readinessProbe.httpGet.host`, 'hostProbesAndHostLifecycle');
    assertViolationAt(violations, `${JOB_CONTAINER}.lifecycle.preStop.tcpSocket.host`, 'hostProbesAndHostLifecycle');
  });

  it('checks ephemeral containers and the pod spec of a cronjob and a scaledjob', () => {
    const cron = cronJob();
    cron.spec.jobTemplate.spec.template.spec.ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
    const violations = checkRestrictedPodSecurity(cron);
    assertViolationAt(violations, 'spec.jobTemplate.spec.template.spec.ephemeralContainers[0].securityContext.allowPrivilegeEscalation', 'allowPrivilegeEscalation');
    assertViolationAt(violations, 'spec.jobTemplate.spec.template.spec.ephemeralContainers[0].securityContext.capabilities.drop', 'capabilities_restricted');
    const keda = scaledJob();
    keda.spec.jobTargetRef.template.spec.containers[0].securityContext.privileged = true;
    assertViolationAt(checkRestrictedPodSecurity(keda), 'spec.jobTargetRef.template.spec.containers[0].securityContext.privileged', 'privileged');
  });
});

describe('assertValidManifests', () => {
  it('passes valid manifests', () => {
    assertValidManifests(validManifests());
  });

  it('lists every schema problem and restricted violation of every object', () => {
    const broken = job();
    containerOf(broken).foo = 1;
    containerOf(broken).securityContext.privileged = true;
    const unknown = { apiVersion: 'v1', kind: 'Widget', metadata: { name: 'w' } };
    assert.throws(() => assertValidManifests([broken, deployment(), unknown]), (error: Error) => {
      assert.match(error.message, /found 3 problem\(s\) in 3 manifest\(s\)/);
      assert.match(error.message, /Job\/drain-orders: spec\.template\.spec\.containers\[0\]\.foo: found unknown field "foo"/);
      assert.match(error.message, /Job\/drain-orders: spec\.template\.spec\.containers\[0\]\.securityContext\.privileged: .*\(restricted pod security: privileged\)/);
      assert.match(error.message, /Widget\/w: kind: /);
      return true;
    });
  });
});

describe('parseQuantity', () => {
  it('parses the canonical suffixes', () => {
    assert.equal(parseQuantity('500m'), 0.5);
    assert.equal(parseQuantity('1Gi'), 2 ** 30);
    assert.equal(parseQuantity('1G'), 1e9);
    assert.equal(parseQuantity('1.5k'), 1500);
    assert.equal(parseQuantity('1e3'), 1000);
    assert.equal(parseQuantity('2E'), 2e18);
    assert.equal(parseQuantity('.5'), 0.5);
    assert.equal(parseQuantity(3), 3);
    assert.equal(parseQuantity('3GB'), undefined);
    assert.equal(parseQuantity('1 Gi'), undefined);
    assert.equal(parseQuantity(true), undefined);
  });

  it('scales binary suffixes by powers of 1024', () => {
    const suffixes = ['Ki', 'Mi', 'Gi', 'Ti'];
    fc.assert(fc.property(fc.integer({ min: 0, max: 100000 }), fc.integer({ min: 0, max: suffixes.length - 1 }), (value, index) =>
      parseQuantity(`${value}${suffixes[index]}`) === value * 1024 ** (index + 1)));
  });
});
