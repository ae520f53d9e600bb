import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { cli, expectInputError } from './support/cli';
import { tempDir, writeTemp } from './support/files';
import { HostileCase, runHostileCases } from './support/hostile';

const POOL = 'pools:\n  - name: sims\n    image: img:1\n    job: {workers: 2}\n';
const native = (name: string, text: string | Buffer, ...expect: string[]): HostileCase => ({
  name: `native: ${name}`, files: { 'workers.yaml': text }, args: ['synth', '--config', '$DIR/workers.yaml'], expect,
});

function aliasBomb(): string {
  const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let level = 1; level < 10; level++) {
    const name = String.fromCharCode(97 + level);
    lines.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(96 + level)}`).join(', ')}]`);
  }
  return `${lines.join('\n')}\npools: []\n`;
}

const NATIVE_CASES: HostileCase[] = [
  native('YAML syntax error', 'pools:\n  - name: [unclosed\n', '$FILE:', 'invalid YAML'),
  native('tab indentation', 'pools:\n\t- name: a\n', '$FILE:2:', 'invalid YAML'),
  native('duplicate key', 'pools: []\npools: []\n', '$FILE:2:1', 'Map keys must be unique'),
  native('empty file', '', '$FILE:1:1', 'the file is empty'),
  native('only a comment', '# nothing here\n', '$FILE:1:1', 'the file is empty'),
  native('a scalar document', 'hello\n', '$FILE:1:1', 'received "hello", expected a mapping'),
  native('a list document', '- a\n- b\n', '$FILE:1:1', 'expected a mapping'),
  native('binary file', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01, 0x02]), '$FILE', 'is a binary file'),
  native('not UTF-8', Buffer.from([0x70, 0x6f, 0x6f, 0x6c, 0x73, 0x3a, 0xff, 0xfe]), '$FILE', 'not UTF-8'),
  native('alias bomb', aliasBomb(), '$FILE', 'aliases'),
  native('deeply nested lists', `pools: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, '$FILE'),
  native('deeply nested mapping', `${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} x\n`, '$FILE'),
  native('enormous file', `pools: []\n${'# padding\n'.repeat(900_000)}`, '$FILE', 'expected at most'),
  native('unknown top-level key', `${POOL}poolz: []\n`, '$FILE:5:1', 'poolz', 'did you mean "pools"'),
  native('unknown pool key', POOL.replace('image:', 'imag:'), '$FILE:3:5', 'pools[0].imag', 'did you mean "image"'),
  native('string for a count', POOL.replace('workers: 2', 'workers: "2"'), '$FILE:4:20', 'pools[0].job.workers', 'expected a whole number'),
  native('negative count', POOL.replace('workers: 2', 'workers: -3'), 'pools[0].job.workers', 'expected a number >= 1'),
  native('int32 overflow', POOL.replace('workers: 2', 'workers: 99999999999999'), 'pools[0].job.workers', '<= 2147483647'),
  native('float count', POOL.replace('workers: 2', 'workers: 2.5'), 'pools[0].job.workers', 'expected a whole number'),
  native('null pools', 'pools: null\n', '$FILE:1:8', 'pools', 'expected a list'),
  native('no pools', 'pools: []\n', 'pools', 'expected at least 1'),
  native('pool name with capitals', POOL.replace('name: sims', 'name: Sims'), '$FILE:2:11', 'pools[0].name', 'DNS-1123 label'),
  native('pool name too long', POOL.replace('name: sims', `name: ${'x'.repeat(70)}`), 'pools[0].name', 'expected at most 63'),
  native('namespace with a dot', `namespace: a.b\n${POOL}`, '$FILE:1:12', 'namespace', 'DNS-1123 label'),
  native('quantity 3GB', `${POOL}    resources: {memory: 3GB}\n`, 'pools[0].resources.memory', '"3G"'),
  native('quantity two', `${POOL}    resources: {cpu: two}\n`, 'pools[0].resources.cpu', 'expected a Kubernetes quantity'),
  native('negative quantity', `${POOL}    resources: {cpu: -1}\n`, 'pools[0].resources.cpu', 'not negative'),
  native('request above limit', `${POOL}    resources: {memory: 8Gi, limits: {memory: 4Gi}}\n`, 'pools[0].job.resources.memory', 'above the limit'),
  native('GPU vendor intel', `${POOL}    resources: {gpu: 1, gpuVendor: intel}\n`, 'pools[0].resources.gpuVendor', 'nvidia, amd'),
  native('Kubernetes-style requests', `${POOL}    resources: {requests: {cpu: 1}}\n`, 'pools[0].resources.requests', 'requests are written directly under resources'),
  native('fractional GPU', `${POOL}    resources: {gpu: 0.5}\n`, 'pools[0].resources.gpu', 'whole number'),
  native('password in env', `${POOL}    env: {DB_PASSWORD: hunter2}\n`, 'pools[0].env.DB_PASSWORD', 'secretEnv'),
  native('token in env', `${POOL}    env: {GITHUB_TOKEN: ghp_x}\n`, 'pools[0].env.GITHUB_TOKEN', 'secretEnv'),
  native('database URL in env', `${POOL}    env: {DATABASE_URL: "postgres://db/q"}\n`, 'pools[0].env.DATABASE_URL', 'secretEnv'),
  native('URL with a password', `${POOL}    env: {QUEUE: "amqp://user:pw@rabbit:5672"}\n`, 'pools[0].env.QUEUE', 'looks like a credential'),
  native('secretEnv without colon', `${POOL}    secretEnv: {DB: dbsecret}\n`, 'pools[0].secretEnv.DB', '"secret:key"'),
  native('secretEnv with a bad secret name', `${POOL}    secretEnv: {DB: "Bad_Name:key"}\n`, 'pools[0].secretEnv.DB', 'DNS-1123 subdomain'),
  native('env name with =', `${POOL}    env: {"A=B": x}\n`, 'pools[0].env["A=B"]', 'without "="'),
  native('env set twice', `${POOL}    env: {DB: x}\n    secretEnv: {DB: "s:k"}\n`, 'pools[0].env.DB', 'more than once'),
  native('unknown downward field', `${POOL}    downwardEnv: {NODE: spec.node}\n`, 'pools[0].downwardEnv.NODE', 'downward-API field'),
  native('bad label key', `${POOL}    labels: {"-team": a}\n`, 'pools[0].labels["-team"]', 'key name'),
  native('bad label value', `${POOL}    labels: {team: "a/b"}\n`, 'pools[0].labels.team', 'label value'),
  native('port zero', 'pools:\n  - name: s\n    image: i\n    serve: {port: 0}\n', 'pools[0].serve.port', '>= 1'),
  native('port too high', 'pools:\n  - name: s\n    image: i\n    serve: {port: 70000}\n', 'pools[0].serve.port', '<= 65535'),
  native('duplicate port', 'pools:\n  - name: s\n    image: i\n    serve: {port: 8000, ports: [8000]}\n', 'pools[0].serve.ports', 'more than once'),
  native('probe on an unexposed port', 'pools:\n  - name: s\n    image: i\n    serve: {port: 8000, liveness: {port: 9090}}\n', 'pools[0].serve.liveness.port', 'a port the container exposes'),
  native('probe path without slash', 'pools:\n  - name: s\n    image: i\n    serve: {readiness: {path: healthz}}\n', 'pools[0].serve.readiness.path', 'starting with "/"'),
  native('probe true', 'pools:\n  - name: s\n    image: i\n    serve: {readiness: true}\n', 'pools[0].serve.readiness', 'expected false'),
  native('duplicate pools', `${POOL}  - name: sims\n    image: img:2\n    job: {}\n`, 'pools[1].name', 'already used by pools[0]'),
  native('names collide after derivation', 'pools:\n  - name: a\n    image: i\n    job: {name: b-worker}\n  - name: b\n    image: i\n    job: {}\n', 'pools[1].name', '"b-worker" is already used by pools[0].job.name'),
  native('autoscale min above max', 'pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {minReplicas: 9, maxReplicas: 3, triggers: [{type: cpu, metadata: {value: "50"}}]}\n', 'autoscale.minReplicas', 'at most maxReplicas'),
  native('unknown trigger type', 'pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {triggers: [{type: rabbit, metadata: {}}]}\n', 'triggers[0].type', 'did you mean "rabbitmq"'),
  native('secretAuth without key', 'pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {triggers: [{type: redis, metadata: {}, secretAuth: {password: redis}}]}\n', 'triggers[0].secretAuth.password', '"secret:key"'),
  native('two triggers with one name', 'pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {triggers: [{type: redis, name: q, metadata: {}}, {type: redis, name: q, metadata: {}}]}\n', 'triggers[1].name', 'distinct name'),
  native('no triggers', 'pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {triggers: []}\n', 'autoscale.triggers', 'at least 1'),
  native('unknown HPA behavior key', 'pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {behavior: {scaleDwn: {}}, triggers: [{type: cpu, metadata: {}}]}\n', 'autoscale.behavior.scaleDwn', 'did you mean "scaleDown"'),
  native('unknown affinity key', `${POOL}    affinity: {nodeAfinity: {}}\n`, 'pools[0].affinity.nodeAfinity', 'did you mean "nodeAffinity"'),
  native('relative scratch path', `${POOL}    scratch: {path: tmp}\n`, 'pools[0].scratch.path', 'absolute'),
  native('two volumes at one path', `${POOL}    scratch: {path: /data}\n    persistentVolumeClaims: {met: /data}\n`, 'pools[0].job', 'two volumes are mounted at /data'),
  native('no image anywhere', 'pools:\n  - name: s\n    job: {}\n', 'pools[0].job', 'no image'),
  native('creating the default namespace', `createNamespaces: true\n${POOL}`, '$FILE:1:19', 'createNamespaces', 'which Kubernetes owns'),
  native('creating kube-system', `createNamespaces: true\nnamespace: batch\n${POOL}    namespace: kube-system\n`, 'pools[0].namespace', 'received "kube-system"'),
  native('runAsUser root', `${POOL}    securityContext: {runAsUser: 0}\n`, 'pools[0].securityContext.runAsUser', '>= 1'),
  { name: 'flags: unknown flag', args: ['synth', '--frobnicate'], expect: ["Unknown option '--frobnicate'"] },
  { name: 'flags: unknown layout', args: ['synth', '--layout', 'helm'], expect: ['--layout: received "helm"', 'single, per-resource, kustomize'] },
  { name: 'flags: unknown command', args: ['render'], expect: ['unknown command "render"'] },
  { name: 'flags: missing config', args: ['synth', '--config', '$DIR/nope.yaml'], expect: ['nope.yaml: no such file'] },
  { name: 'flags: config is a directory', args: ['synth', '--config', '$DIR'], expect: ['is a directory'] },
  { name: 'flags: --stdout with --out', args: ['synth', '--stdout', '--out', 'x'], expect: ['--stdout prints the objects instead of writing them'] },
  { name: 'flags: stray argument', args: ['synth', 'extra'], expect: ['unexpected argument "extra"'] },
];

describe('hostile input: native config and flags', () => {
  it('has the corpus the issue asks for', () => assert.ok(NATIVE_CASES.length >= 60));
  runHostileCases(NATIVE_CASES);
  it('refuses to write into a directory it does not own', () => {
    const foreign = tempDir();
    fs.writeFileSync(path.join(foreign, 'prod.yaml'), 'kind: Secret');
    expectInputError(cli('synth', '--out', foreign), 'did not write');
    assert.deepEqual(fs.readdirSync(foreign), ['prod.yaml']);
  });
  it('refuses an output path inside a file', () => {
    const file = writeTemp('out', 'x');
    expectInputError(cli('synth', '--out', path.join(file, 'dist')), `${file} is a file, expected a directory`);
    assert.equal(fs.readFileSync(file, 'utf8'), 'x');
  });
  it('refuses an output path that is a file', () => {
    const file = writeTemp('out', 'x');
    expectInputError(cli('synth', '--out', file), 'is a file');
    assert.equal(fs.readFileSync(file, 'utf8'), 'x');
  });
});
