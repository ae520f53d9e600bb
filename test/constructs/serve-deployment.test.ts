import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ServeDeployment } from '../../src';
import { manifestsToYaml, only, synthValid, testChart } from '../support/render';
import { matchSnapshot } from '../support/snapshot';

const IMAGE = 'ghcr.io/example/api:1.0.0';

describe('ServeDeployment', () => {
  it('serves on a named port behind a Service that selects only the serve pods', () => {
    const chart = testChart();
    new ServeDeployment(chart, 'Serve', { poolName: 'sims', image: IMAGE, command: ['stilt', 'serve'], port: 9000, readiness: { path: '/healthz' } });
    const manifests = synthValid(chart);
    const deployment = only(manifests, 'Deployment');
    const service = only(manifests, 'Service');
    const container = deployment.spec.template.spec.containers[0];
    assert.deepEqual(container.ports, [{ containerPort: 9000, name: 'http', protocol: 'TCP' }]);
    assert.deepEqual(container.readinessProbe.httpGet, { path: '/healthz', port: 'http' });
    assert.deepEqual(container.livenessProbe.tcpSocket, { port: 'http' });
    assert.equal(service.metadata.name, 'sims-serve');
    assert.deepEqual(service.spec.selector, { 'app.kubernetes.io/name': 'sims', 'app.kubernetes.io/component': 'serve' });
    assert.deepEqual(service.spec.ports, [{ name: 'http', port: 9000, protocol: 'TCP', targetPort: 'http' }]);
    matchSnapshot('construct-serve-deployment.yaml', manifestsToYaml(manifests));
  });

  it('takes replicas, a service port and type, and turns probes off', () => {
    const chart = testChart();
    new ServeDeployment(chart, 'Serve', {
      poolName: 'sims', image: IMAGE, replicas: 3, servicePort: 80, serviceType: 'LoadBalancer', readiness: false, liveness: { port: 9090, path: '/live' }, ports: [9090],
    });
    const manifests = synthValid(chart);
    const container = only(manifests, 'Deployment').spec.template.spec.containers[0];
    assert.equal(only(manifests, 'Deployment').spec.replicas, 3);
    assert.equal(container.readinessProbe, undefined);
    assert.deepEqual(container.livenessProbe.httpGet, { path: '/live', port: 9090 });
    assert.equal(only(manifests, 'Service').spec.type, 'LoadBalancer');
    assert.equal(only(manifests, 'Service').spec.ports[0].port, 80);
  });
});
