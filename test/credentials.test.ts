import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { Testing } from 'cdk8s';
import fc from 'fast-check';
import { WorkerPool } from '../src';
import { credentialsIn, HINT_CHARACTER, redactCredentials, TOKEN_FORMATS } from '../src/checks/credentials';
import { describeValue } from '../src/config/errors';
import { cli, CliResult, expectInputError, REPO } from './support/cli';
import { dialectHarness } from './support/dialect';
import { writeTemp } from './support/files';
import { synthValid, testChart } from './support/render';

/**
 * One made-up credential of each kind: the text, what a message may show of it, and a part that must
 * never be printed. Built from pieces so that the file itself holds no live-looking secret.
 */
interface TokenCase {
  readonly kind: string;
  readonly text: string;
  readonly redacted: string;
  readonly hidden: string;
  /** Short and plain enough to be a label value. */
  readonly label?: boolean;
}

const TOKENS: readonly TokenCase[] = [
  { kind: 'a URL with a password', text: 'postgres://app:S3cretPw@db:5432/queue', redacted: 'postgres://app:****@db:5432/queue', hidden: 'S3cretPw' },
  { kind: 'an AWS access key id', text: 'AKIA' + 'IOSFODNN7EXAMPLE', redacted: 'AKIA****************', hidden: 'IOSFODNN7EXAMPLE', label: true },
  { kind: 'an AWS access key id', text: 'ASIA' + 'ZQ3KXW7YB2NMRT5L', redacted: 'ASIA****************', hidden: 'ZQ3KXW7YB2NMRT5L', label: true },
  { kind: 'a GitHub token', text: 'ghp_' + 'x7Kq'.repeat(9), redacted: 'ghp_****', hidden: 'x7Kqx7Kq', label: true },
  { kind: 'a GitHub token', text: 'gho_' + 'Mv3P'.repeat(9), redacted: 'gho_****', hidden: 'Mv3PMv3P', label: true },
  { kind: 'a GitHub token', text: 'ghs_' + 'Rt8w'.repeat(9), redacted: 'ghs_****', hidden: 'Rt8wRt8w', label: true },
  { kind: 'a GitHub token', text: 'github_pat_' + '11ABCDE2F0a1B2c3D4e5F6_' + 'Zy9'.repeat(20), redacted: 'github_pat_****', hidden: 'Zy9Zy9Zy9' },
  { kind: 'a GitLab token', text: 'glpat-' + 'Zx8vQ2mN4pL6rT1yW3kE', redacted: 'glpat-****', hidden: 'Zx8vQ2mN4pL6', label: true },
  { kind: 'a Slack token', text: 'xoxb-' + '2401827451-5928374651203-QwErTyUiOpAsDfGhJkLzXcVb', redacted: 'xoxb-****', hidden: 'QwErTyUiOpAs', label: true },
  { kind: 'a Slack token', text: 'xoxp-' + '2401827451-5928374651203-5928374651204-0a1b2c3d4e5f', redacted: 'xoxp-****', hidden: '5928374651203', label: true },
  { kind: 'a Slack app token', text: 'xapp-' + '1-A0123456789-1234567890123-0a1b2c3d4e5f6a7b', redacted: 'xapp-****', hidden: 'A0123456789', label: true },
  { kind: 'a Slack webhook URL', text: 'https://hooks.slack.com/services/' + 'T024BE7LD/B01H7K2PQRS/aB3dE5fG7hI9jK1lM3nO5pQ7', redacted: 'https://hooks.slack.com/services/****', hidden: 'aB3dE5fG7hI9' },
  { kind: 'a JSON Web Token', text: 'eyJ' + 'hbGciOiJIUzI1NiJ9.eyJzdWIiOiJ3b3JrZXIifQ.kX9fQ2mN4pL6rT1yW3kE5hJ7sA0dC2vB4nM6gF8iK0o', redacted: 'eyJ****', hidden: 'eyJzdWIiOiJ3b3JrZXIifQ' },
  { kind: 'a PEM private key', text: '-----BEGIN ' + 'PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----', redacted: '-----BEGIN PRIVATE KEY-----****', hidden: 'MIIEvQIBADAN' },
  { kind: 'a PEM private key', text: '-----BEGIN ' + 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', redacted: '-----BEGIN OPENSSH PRIVATE KEY-----****', hidden: 'b3BlbnNzaC1r' },
  { kind: 'a Stripe secret key', text: 'sk_live_' + '51H8xYzAbCdEfGhIjKlMnOpQr', redacted: 'sk_live_****', hidden: '51H8xYzAbCdE', label: true },
  { kind: 'a Google API key', text: 'AIza' + ('Sy9' + 'kQ2mZ7xR4'.repeat(4)).slice(0, 35), redacted: 'AIza****', hidden: 'Sy9kQ2mZ7xR4', label: true },
  { kind: 'an npm token', text: 'npm_' + ('aB3' + 'dE5fG7hI9'.repeat(4)).slice(0, 36), redacted: 'npm_****', hidden: 'aB3dE5fG7hI9', label: true },
  { kind: 'a credential flag', text: '--db-password=hunter2hunter2', redacted: '--db-password=****', hidden: 'hunter2hunter2' },
];

/** Values the seed systems' configs really hold, which are not credentials. */
const BENIGN = [
  'postgresql://host:5432/db', 's3://bucket/key', 'gs://stilt-projects/slc_co2_2024', '--password-file=/var/run/secret',
  'ghcr.io/example/worker:1.0.0', `registry.example.com:5000/team/app@sha256:${'a'.repeat(64)}`, 'amqp://guest@rabbit:5672/',
  'redis://redis-master.queue.svc:6379/0', 'http://[::1]:8080/healthz', 'ssh://git@github.com/org/repo', 'git@github.com:org/repo.git',
  'postgres://app:$(DB_PASSWORD)@db/queue', '--token=$(API_TOKEN)', 'db-credentials:password', 'recsys@example.com',
  '/var/run/secrets/kubernetes.io/serviceaccount', 'https://api.example.com/v1/items?next=a@b', '--db-secret=pystilt-db',
  'mongodb://mongo-0.mongo:27017,mongo-1.mongo:27017/db?replicaSet=rs0', 'AKIAIOSFODNN7EXAMPLEXX', 'ghp_short', 'sk_live_x',
  'eyJ.not.a.token', 'kubernetes.io/arch=amd64', '%Y%m%d_%H', 'SELECT count(*) FROM jobs WHERE state = \'pending\'',
];

const linesOf = (result: CliResult) => result.stderr.split('\n');

/** Exit 2, every message free of the hidden part, and a line at `file:line:` naming `where`, showing `shown`. */
function expectRefused(result: CliResult, token: { hidden: string }, file: string, located: readonly { line?: number; where: string }[], shown: string): void {
  expectInputError(result, 'looks like a credential', shown);
  assert.equal(result.stdout, '');
  assert.ok(!result.stderr.includes(token.hidden), `the secret is printed:\n${result.stderr}`);
  for (const { line, where } of located) {
    const prefix = line === undefined ? `${file}` : `${file}:${line}:`;
    assert.ok(linesOf(result).some((text) => text.startsWith(prefix) && text.includes(`${where}: `) && text.includes('looks like a credential')), `no message at ${prefix} for ${where}:\n${result.stderr}`);
  }
}

/** A native config with `token` in every place a string reaches a manifest; returns the text and where each place is. */
function everyPlace(token: TokenCase): { text: string; places: { line: number; where: string }[] } {
  const quoted = JSON.stringify(token.text);
  const lines = ['pools:', '  - name: sims', '    image: img:1'];
  const places: { line: number; where: string }[] = [];
  const add = (text: string, where?: string) => {
    lines.push(text);
    if (where) places.push({ line: lines.length, where });
  };
  add('    env:');
  add(`      CONFIG: ${quoted}`, 'pools[0].env.CONFIG');
  add(`      AWS_ACCESS_KEY_ID: ${quoted}`, 'pools[0].env.AWS_ACCESS_KEY_ID');
  add('    args:');
  add(`      - ${JSON.stringify(`--queue=${token.text}`)}`, 'pools[0].args[0]');
  add('    command:');
  add('      - run');
  add(`      - ${quoted}`, 'pools[0].command[1]');
  add(`    workingDir: ${JSON.stringify(`/srv/${token.text}`)}`, 'pools[0].workingDir');
  add('    annotations:');
  add(`      example.com/note: ${quoted}`, 'pools[0].annotations["example.com/note"]');
  if (token.label) {
    add('    labels:');
    add(`      team: ${quoted}`, 'pools[0].labels.team');
  }
  add('    job: {}');
  add('    serve:');
  add(`      readiness: {path: ${JSON.stringify(`/healthz?key=${token.text}`)}}`, 'pools[0].serve.readiness.path');
  add('    follow:');
  add('      autoscale:');
  add('        triggers:');
  add('          - type: postgresql');
  add('            metadata:');
  add(`              connection: ${quoted}`, 'pools[0].follow.autoscale.triggers[0].metadata.connection');
  return { text: `${lines.join('\n')}\n`, places };
}

const synthNative = (text: string) => {
  const file = writeTemp('workers.yaml', text);
  return { file, result: cli('synth', '--config', file, '--stdout') };
};

describe('credential detector', () => {
  for (const token of TOKENS) {
    it(`finds ${token.kind} (${token.redacted}) alone and inside a longer string, and masks it`, () => {
      for (const text of [token.text, `--flag=${token.text} and more`, `x ${token.text}`]) {
        const found = credentialsIn(text);
        assert.equal(found.length, 1, text);
        assert.equal(found[0].kind, token.kind);
        const redacted = redactCredentials(text);
        assert.ok(redacted.includes(token.redacted), redacted);
        assert.ok(!redacted.includes(token.hidden), redacted);
        assert.equal(redactCredentials(redacted), redacted, 'masking twice changes nothing');
      }
    });
  }

  it('finds every match of every format inside its hint, so the hints skip only strings without credentials', () => {
    for (const format of TOKEN_FORMATS) {
      // fast-check generates from a pattern without its lookarounds; the real pattern then picks the matches.
      const generator = new RegExp(format.pattern.source.replace(/\(\?<?[!=](?:\[[^\]]*\]|\\.|[^()\\])*\)/g, ''), format.pattern.flags.replace(/[gi]/g, ''));
      let matches = 0;
      fc.assert(fc.property(fc.stringMatching(generator), fc.string(), (text, around) => {
        for (const candidate of [text, `${around}${text}${around}`, text.toUpperCase()]) {
          for (const match of candidate.matchAll(format.pattern)) {
            matches += 1;
            assert.match(match[0], format.hint, `${format.kind}: ${JSON.stringify(match[0])}`);
            assert.match(match[0], HINT_CHARACTER, `${format.kind}: ${JSON.stringify(match[0])}`);
            assert.ok(credentialsIn(candidate).length > 0 || format.redact(match) === match[0], `${format.kind}: ${JSON.stringify(candidate)}`);
          }
        }
      }), { numRuns: 200 });
      assert.ok(matches >= 20, `${format.kind}: ${matches} matches generated`);
    }
  });

  it('leaves benign values alone: URLs without a password, image references, paths, flags, references to variables', () => {
    for (const value of BENIGN) assert.deepEqual(credentialsIn(value), [], value);
  });

  it('describeValue masks a credential before it shortens a long value', () => {
    const url = `postgres://app:S3cretPw@db/${'q'.repeat(100)}`;
    assert.ok(!describeValue(url).includes('S3cretPw'));
    assert.ok(describeValue(url).startsWith('"postgres://app:****@db/'));
    assert.equal(describeValue('//app:S3cretPw@db/x'), '"//app:****@db/x"');
  });
});

describe('credentials in a native config', () => {
  for (const token of TOKENS) {
    it(`refuses ${token.kind} in env, args, command, workingDir, annotations, ${token.label ? 'labels, ' : ''}a probe path and trigger metadata`, () => {
      const { text, places } = everyPlace(token);
      const { file, result } = synthNative(text);
      expectRefused(result, token, file, places, token.redacted);
      assert.ok(result.stderr.includes('move it to secretEnv as CONFIG'), result.stderr);
      assert.ok(result.stderr.includes("secretAuth (connection: \"secret:key\")"), result.stderr);
    });
  }

  it('refuses by name: a variable or a scaler parameter that says it holds a credential, and an AWS secret key under an AWS name', () => {
    const awsSecret = 'wJalrXUtnFEMI/K7MDENG/' + 'bPxRfiCYEXAMPLEKEY';
    const { file, result } = synthNative([
      'pools:', '  - name: sims', '    image: img:1', '    env:',
      '      DB_PASSWORD: hunter2', `      AWS_KEY: ${awsSecret}`,
      '    follow:', '      autoscale:', '        triggers:', '          - type: redis', '            metadata:',
      '              password: hunter2', `              awsSecretAccessKey: ${awsSecret}`, '',
    ].join('\n'));
    expectRefused(result, { hidden: 'hunter2' }, file, [
      { line: 5, where: 'pools[0].env.DB_PASSWORD' },
      { line: 6, where: 'pools[0].env.AWS_KEY' },
      { line: 12, where: 'pools[0].follow.autoscale.triggers[0].metadata.password' },
      { line: 13, where: 'pools[0].follow.autoscale.triggers[0].metadata.awsSecretAccessKey' },
    ], 'its name DB_PASSWORD says so');
    assert.ok(!result.stderr.includes(awsSecret.slice(0, 12)), result.stderr);
  });

  it('never echoes a credential put in the wrong field, whatever the error', () => {
    const secret = 'S3cretPw';
    const github = TOKENS[3];
    const cases = [
      'secretEnv: {DB: "postgres://app:S3cretPw@db/x"}',
      'secretEnv: {DB: "postgres://app:S3cretPw@db/x:key"}',
      `namespace: ${github.text}`,
      `resources: {memory: ${github.text}}`,
      `downwardEnv: {NODE: ${github.text}}`,
      `tolerations: [{key: a, operator: Exists, value: ${github.text}}]`,
      `imagePullSecrets: ["postgres://app:${secret}@db/x"]`,
      `env: {"${github.text}": x}`,
      `job: {workers: "postgres://app:${secret}@db/x"}`,
      `image: "postgres://app:${secret}@db/x"`,
    ];
    for (const line of cases) {
      const { result } = synthNative(`pools:\n  - name: sims\n    image: img:1\n    job: {}\n    ${line}\n`);
      assert.equal(result.code, 2, `${line}\n${result.stderr}`);
      for (const hidden of [secret, github.hidden]) assert.ok(!`${result.stdout}${result.stderr}`.includes(hidden), `${line}\n${result.stderr}`);
    }
  });

  it('lets benign values through everywhere (and renders them)', () => {
    const values = BENIGN.filter((value) => value !== 'kubernetes.io/arch=amd64');
    const { result } = synthNative([
      'pools:', '  - name: sims', '    image: ghcr.io/example/worker:1.0.0',
      `    env: {${values.map((value, index) => `V${index}: ${JSON.stringify(value)}`).join(', ')}, DATABASE_URL: "postgres://app:$(DB_PASSWORD)@db/queue"}`,
      '    secretEnv: {DB_PASSWORD: "db-credentials:password"}',
      `    args: ${JSON.stringify(values)}`,
      `    annotations: {${values.map((value, index) => `example.com/v${index}: ${JSON.stringify(value)}`).join(', ')}}`,
      '    workingDir: /var/run/secrets/app', '    job: {}',
      '    follow:', '      autoscale:', '        triggers:', '          - type: postgresql',
      '            metadata: {host: db.example.com, port: "5432", userName: app, dbName: queue, sslmode: disable, passwordFromEnv: DB_PASSWORD, query: "SELECT count(*) FROM jobs", targetQueryValue: "10"}',
      '            secretAuth: {password: "db-credentials:password"}', '',
    ].join('\n'));
    assert.equal(result.code, 0, result.stderr);
  });
});

describe('credentials anywhere in a config (fuzz)', () => {
  /** A valid fleet touching every kind of field; each string leaf and map key in it is a place to put a credential. */
  const BASE = {
    namespace: 'batch',
    defaults: { image: 'img:1', labels: { team: 'a' }, nodeSelector: { 'kubernetes.io/os': 'linux' } },
    pools: [{
      name: 'sims', image: 'img:1', args: ['--queue', 'jobs'], command: ['run'], workingDir: '/work',
      env: { LEVEL: 'info', WORKERS: 4 }, annotations: { 'example.com/owner': 'team-a' },
      tolerations: [{ key: 'gpu', operator: 'Equal', value: 'yes', effect: 'NoSchedule' }],
      resources: { cpu: '500m', memory: '1Gi' }, scratch: { path: '/scratch', sizeLimit: '1Gi' },
      persistentVolumeClaims: { data: '/data' }, downwardEnv: { POD: 'metadata.name' },
      job: { workers: 2 },
      serve: { port: 8000, readiness: { path: '/healthz' } },
      follow: { autoscale: { triggers: [{ type: 'postgresql', metadata: { query: 'SELECT 1', targetQueryValue: '5', host: 'db', port: '5432', userName: 'app', dbName: 'queue', sslmode: 'require' } }] } },
    }],
  };
  type Place = { path: (string | number)[]; key: boolean };
  const places: Place[] = [];
  (function collect(value: unknown, at: (string | number)[]) {
    if (Array.isArray(value)) value.forEach((item, index) => collect(item, [...at, index]));
    else if (typeof value === 'object' && value !== null) {
      for (const [key, child] of Object.entries(value)) {
        places.push({ path: [...at, key], key: true });
        collect(child, [...at, key]);
      }
    } else places.push({ path: at, key: false });
  })(BASE, []);

  function placed(place: Place, text: string): unknown {
    const copy = structuredClone(BASE) as any;
    const parent = place.path.slice(0, -1).reduce((node, segment) => node[segment], copy);
    const last = place.path[place.path.length - 1];
    if (!place.key) parent[last] = text;
    else if (!Array.isArray(parent)) {
      const entries = Object.entries(parent).map(([key, value]) => (key === last ? [text, value] : [key, value]));
      for (const key of Object.keys(parent)) delete parent[key];
      Object.assign(parent, Object.fromEntries(entries));
    }
    return copy;
  }

  it('starts from a fleet that renders', () => {
    const { result } = synthNative(JSON.stringify(BASE));
    assert.equal(result.code, 0, result.stderr);
    assert.ok(places.length > 60, `${places.length} places`);
  });

  it('every place refuses a credential, with exit 2 and without printing it', () => {
    fc.assert(fc.property(
      fc.constantFrom(...places), fc.constantFrom(...TOKENS), fc.constantFrom('', 'x ', '--opt=', '/srv/'), fc.constantFrom('', ' y', '/tail'),
      (place, token, before, after) => {
        const { result } = synthNative(JSON.stringify(placed(place, `${before}${token.text}${after}`)));
        const output = `${result.stdout}${result.stderr}`;
        return result.code === 2 && !output.includes(token.hidden) && !/internal error/.test(output);
      },
    ), { numRuns: 300 });
  });
});

describe('the notSecret override', () => {
  const jwt = TOKENS.find((token) => token.kind === 'a JSON Web Token')!;
  const pools = (first: string, second = '') => `pools:
  - name: a
    image: img:1
    annotations: {example.com/sample: ${JSON.stringify(jwt.text)}}
    job: {}
${first}  - name: b
    image: img:1
    job: {}
${second}`;

  it('lets an exact value through in the layer that lists it, and only there', () => {
    const allowed = synthNative(pools(`    notSecret: [${JSON.stringify(jwt.text)}]\n`));
    assert.equal(allowed.result.code, 0, allowed.result.stderr);
    const elsewhere = synthNative(pools(`    notSecret: [${JSON.stringify(jwt.text)}]\n`, `    args: [${JSON.stringify(jwt.text)}]\n`));
    expectRefused(elsewhere.result, jwt, elsewhere.file, [{ line: 10, where: 'pools[1].args[0]' }], jwt.redacted);
  });

  it('in defaults covers the whole fleet; on a component, only that component', () => {
    const fleetWide = synthNative(`defaults: {notSecret: [${JSON.stringify(jwt.text)}]}\n${pools('', `    args: [${JSON.stringify(jwt.text)}]\n`)}`);
    assert.equal(fleetWide.result.code, 0, fleetWide.result.stderr);
    const component = synthNative(`pools:
  - name: a
    image: img:1
    job: {args: [${JSON.stringify(jwt.text)}], notSecret: [${JSON.stringify(jwt.text)}]}
    serve: {args: [${JSON.stringify(jwt.text)}]}
`);
    expectRefused(component.result, jwt, component.file, [{ line: 5, where: 'pools[0].serve.args[0]' }], jwt.redacted);
    assert.ok(!component.result.stderr.includes('pools[0].job.args'), component.result.stderr);
  });

  it('lets a listed token through inside a longer string too', () => {
    const { result } = synthNative(pools(`    notSecret: [${JSON.stringify(jwt.text)}]\n    args: [${JSON.stringify(`--sample-token=${jwt.text}`)}]\n`));
    assert.equal(result.code, 0, result.stderr);
  });

  it('is exact: no pattern, no switch that turns the check off', () => {
    for (const entry of ['"*"', '".*"', 'true', JSON.stringify(jwt.text.slice(0, 20))]) {
      const { result } = synthNative(pools(`    notSecret: [${entry}]\n`));
      assert.equal(result.code, 2, `${entry}: ${result.stderr}`);
    }
  });

  it('envNotSecret clears a name, not the value under it', () => {
    const github = TOKENS[3];
    const name = synthNative('pools:\n  - name: a\n    image: img:1\n    env: {API_TOKEN: public-client-id}\n    envNotSecret: [API_TOKEN]\n    job: {}\n');
    assert.equal(name.result.code, 0, name.result.stderr);
    const value = synthNative(`pools:\n  - name: a\n    image: img:1\n    env: {API_TOKEN: ${github.text}}\n    envNotSecret: [API_TOKEN]\n    job: {}\n`);
    expectRefused(value.result, github, value.file, [{ line: 4, where: 'pools[0].env.API_TOKEN' }], 'ghp_****');
  });
});

describe('credentials through every dialect', () => {
  const github = TOKENS[3];
  const url = TOKENS[0];
  const example = (name: string) => fs.readFileSync(path.join(REPO, 'examples', name), 'utf8');

  it('pystilt: a password in the project URL, located in the PYSTILT file', () => {
    const { synth, config } = dialectHarness('pystilt');
    const file = config(example('pystilt.yaml').replace(/^project: .*$/m, `project: ${url.text}`));
    expectRefused(synth(file), url, file, [{ line: 5, where: 'project' }], url.redacted);
  });

  it('magnus: a token in a label and in --command', () => {
    const { synth, config } = dialectHarness('magnus');
    const file = config(example('magnus.yaml').replace('team: forecasting', `team: ${github.text}`));
    const result = synth(file, '--name', 'train-1', '--command', `run --api-key=${url.hidden}`);
    expectRefused(result, github, file, [{ line: 20, where: 'executor.config.labels.team' }, { where: 'pools[0].command[1]' }], 'ghp_****');
    assert.ok(!result.stderr.includes(url.hidden), result.stderr);
  });

  it('metaflow: a URL with a password in an annotation', () => {
    const { synth, config } = dialectHarness('metaflow');
    const file = config(example('metaflow.yaml').replace('owner: recsys@example.com', `owner: ${JSON.stringify(url.text)}`));
    expectRefused(synth(file, '--name', 'flow-1', '--command', 'run'), url, file, [{ line: 19, where: 'kubernetes.annotations.owner' }], url.redacted);
  });

  it('prefect: tokens in env and args from --set, and in an annotation the template writes', () => {
    const { synth, config } = dialectHarness('prefect');
    const template = fs.readFileSync(path.join(REPO, 'test', 'fixtures', 'dialects', 'prefect', 'minimal.yaml'), 'utf8')
      .replace('      generateName: "{{ name }}-"', `      generateName: "{{ name }}-"\n      annotations: {example.com/sample: ${JSON.stringify(TOKENS[12].text)}}`);
    const file = config(template);
    const result = synth(file, '--set', 'name=x', '--set', 'image=img:1', '--set', `env={"CONFIG": "${github.text}"}`, '--set', `command=run --db=${url.text}`);
    expectRefused(result, github, file, [
      { line: 10, where: 'metadata.annotations["example.com/sample"]' },
      { line: 19, where: 'spec.template.spec.containers[0].env[0].value' },
      { line: 18, where: 'spec.template.spec.containers[0].args[1]' },
    ], 'ghp_****');
    for (const hidden of [url.hidden, TOKENS[12].hidden]) assert.ok(!result.stderr.includes(hidden), result.stderr);
    assert.ok(result.stderr.includes('Job "x"'), result.stderr);
  });

  it('prefect: a URL with a password in a label is refused before the label is rewritten into a valid one', () => {
    const { synth } = dialectHarness('prefect');
    const file = path.join(REPO, 'examples', 'prefect.yaml');
    const result = synth(file, '--set', 'name=x', '--set', 'image=i', '--set', `labels={"db": "${url.text}"}`);
    expectRefused(result, url, file, [{ line: 17, where: 'metadata.labels.db' }, { line: 26, where: 'spec.template.metadata.labels.db' }], url.redacted);
  });

  it('prefect: a credential given to a variable of the wrong type is not echoed', () => {
    const { synth } = dialectHarness('prefect');
    const result = synth(path.join(REPO, 'examples', 'prefect.yaml'), '--set', 'name=x', '--set', 'image=i', '--set', `backoff_limit=${github.text}`);
    expectInputError(result, 'ghp_****');
    assert.ok(!result.stderr.includes(github.hidden), result.stderr);
  });

  it('state-machine: tokens in a step environment, a script and an annotation', () => {
    const { synth, config } = dialectHarness('state-machine');
    const aws = TOKENS[1];
    const file = config(`apiVersion: state-machine.converged-computing.org/v1alpha1
kind: StateMachine
metadata:
  name: minimal
  annotations: {example.com/sample: ${JSON.stringify(TOKENS[12].text)}}
spec:
  workflow:
    completed: 1
  cluster:
    maxSize: 1
  jobs:
    - name: only
      image: busybox:1.36
      script: ${JSON.stringify(`curl -H "Authorization: token ${github.text}" https://api.github.com`)}
      environment:
        CONFIG: ${aws.text}
`);
    const result = synth(file);
    expectRefused(result, aws, file, [
      { line: 5, where: 'metadata.annotations["example.com/sample"]' },
      { line: 14, where: 'spec.jobs[0].script' },
      { line: 16, where: 'spec.jobs[0].environment.CONFIG' },
    ], 'AKIA****************');
    for (const hidden of [github.hidden, TOKENS[12].hidden]) assert.ok(!result.stderr.includes(hidden), result.stderr);
  });
});

describe('credentials in constructs', () => {
  const github = TOKENS[3];

  it('a WorkerPool with a token in env or trigger metadata fails at synth, redacted', () => {
    const chart = testChart();
    new WorkerPool(chart, 'Pool', {
      name: 'sims',
      image: 'img:1',
      env: { CONFIG: github.text },
      follow: { autoscale: { triggers: [{ type: 'postgresql', metadata: { connection: TOKENS[0].text } }] } },
    });
    assert.throws(() => Testing.synth(chart), (error: Error) => {
      assert.match(error.message, /env\.CONFIG: received a plain value that looks like a credential \(a GitHub token, "ghp_\*\*\*\*"\)/);
      assert.match(error.message, /triggers\[0\]\.metadata\.connection: .*postgres:\/\/app:\*\*\*\*@db/);
      assert.ok(!error.message.includes(github.hidden) && !error.message.includes(TOKENS[0].hidden), error.message);
      return true;
    });
  });

  it('honours notSecret from the pool down to its components', () => {
    const chart = testChart();
    new WorkerPool(chart, 'Pool', { name: 'sims', image: 'img:1', notSecret: [github.text], args: [github.text], job: { notSecret: ['other'] } });
    assert.equal(synthValid(chart).length, 1);
  });
});
