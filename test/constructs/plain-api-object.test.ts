import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { App, Chart, IResolver, JsonPatch, ResolutionContext, Testing } from 'cdk8s';
import { WorkerPool } from '../../src';
import { PlainApiObject } from '../../src/constructs/plain-api-object';

function fleetChart(app: App): Chart {
  const chart = new Chart(app, 'test');
  new WorkerPool(chart, 'Pool', {
    name: 'sims', image: 'img:1', resources: { cpu: 1, memory: '1Gi' }, env: { B: '2', A: '1' },
    job: { workers: 3 }, follow: { autoscale: { triggers: [{ type: 'redis', metadata: { listName: 'q', address: 'redis:6379' }, secretAuth: { password: 'r:p' } }] } },
    serve: { port: 8080 },
  });
  return chart;
}

class UppercaseImages implements IResolver {
  public resolve(context: ResolutionContext): void {
    const value = String(context.value);
    if (context.key[context.key.length - 1] === 'image' && value !== value.toUpperCase()) context.replaceValue(value.toUpperCase());
  }
}

/** A custom resolver that changes nothing: its presence alone sends every object down cdk8s's own path. */
class NothingResolver implements IResolver {
  public resolve(): void {}
}

describe('PlainApiObject', () => {
  it('synthesizes exactly what the ordinary cdk8s path does', () => {
    const fast = fleetChart(Testing.app()).toJson();
    const ordinary = fleetChart(new App({ resolvers: [new NothingResolver()] })).toJson();
    assert.equal(fast.length, 6);
    assert.deepEqual(fast, ordinary);
  });

  it('takes the ordinary path for custom resolvers and JSON patches', () => {
    const app = new App({ resolvers: [new UppercaseImages()] });
    const chart = fleetChart(app);
    const job = chart.node.findAll().find((c): c is PlainApiObject => c instanceof PlainApiObject && c.kind === 'Job')!;
    job.addJsonPatch(JsonPatch.add('/spec/suspend', true));
    const rendered = job.toJson();
    assert.equal(rendered.spec.template.spec.containers[0].image, 'IMG:1');
    assert.equal(rendered.spec.suspend, true);
  });
});
