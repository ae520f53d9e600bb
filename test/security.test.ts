import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { checkRestrictedPodSecurity } from '../src';
import { podTemplatePath } from '../src/security/restricted';
import { cli, REPO } from './support/cli';

const CREDENTIAL_NAME = /(PASSWORD|PASSWD|TOKEN|SECRET|API_KEY|APIKEY|ACCESS_KEY|PRIVATE_KEY|CREDENTIALS?|DATABASE_URL|DB_URL|DSN)$/i;
const URL_WITH_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:[^/\s@]+@/i;
/** Objects whose config asks for the service account token on purpose. */
const TOKEN_ASKED_FOR = new Set(['Deployment/redis-workers-follow']);

/** Every example rendered by the CLI, and every golden file, as named object lists. */
function everyRendering(): [string, any[]][] {
  const examples: [string, string[]][] = [
    ['examples/workers.yaml', []],
    ['test/fixtures/fleets/everything.yaml', []],
    ['examples/pystilt.yaml', ['--dialect', 'pystilt']],
    ['examples/magnus.yaml', ['--dialect', 'magnus', '--name', 'train-1', '--command', 'magnus execute']],
    ['examples/metaflow.yaml', ['--dialect', 'metaflow', '--name', 'flow-train-1', '--command', 'python flow.py step train']],
    ['examples/prefect.yaml', ['--dialect', 'prefect', '--values', 'examples/prefect-values.yaml']],
    ['examples/state-machine.yaml', ['--dialect', 'state-machine']],
  ];
  const rendered = examples.map(([file, flags]): [string, any[]] => {
    const result = cli('synth', '--config', path.join(REPO, file), ...flags.map((flag) => (flag.startsWith('examples/') ? path.join(REPO, flag) : flag)), '--stdout');
    assert.equal(result.code, 0, `${file}: ${result.stderr}`);
    return [file, parseAllDocuments(result.stdout).map((doc) => doc.toJS())];
  });
  const goldens = fs.readdirSync(path.join(REPO, 'snapshots')).filter((file) => file.endsWith('.yaml')).map((file): [string, any[]] =>
    [`snapshots/${file}`, parseAllDocuments(fs.readFileSync(path.join(REPO, 'snapshots', file), 'utf8')).map((doc) => doc.toJS())]);
  return [...rendered, ...goldens];
}

describe('security of everything we render', () => {
  const renderings = everyRendering();

  it('covers every example and golden file', () => assert.ok(renderings.length >= 20, `${renderings.length} renderings`));

  for (const [source, objects] of renderings) {
    it(`${source}: restricted profile, no inline secret, no service account token unless asked for`, () => {
      for (const object of objects) {
        const id = `${object.kind}/${object.metadata?.name}`;
        assert.deepEqual(checkRestrictedPodSecurity(object), [], `${source} ${id}`);
        assert.notEqual(object.kind, 'Secret', `${source} ${id}: a Secret with data is never generated`);
        const pod = podTemplatePath(object)?.spec;
        if (!pod) continue;
        if (!TOKEN_ASKED_FOR.has(id)) assert.equal(pod.automountServiceAccountToken, false, `${source} ${id}: token mounted`);
        for (const container of [...(pod.containers ?? []), ...(pod.initContainers ?? [])]) {
          for (const env of container.env ?? []) {
            if (env.value === undefined) continue;
            assert.ok(!CREDENTIAL_NAME.test(env.name) && !URL_WITH_PASSWORD.test(env.value), `${source} ${id}: env ${env.name} carries a credential inline`);
          }
        }
      }
    });
  }
});
