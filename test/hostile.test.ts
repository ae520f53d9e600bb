import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { BIN, cli, cliProcess, expectInputError, REPO } from './support/cli';
import { tempDir, writeTemp } from './support/files';
import { HEAP_BYTES_PER_INPUT_BYTE, MAX_INPUT_BYTES_VARIABLE, maxInputBytes } from '../src/config/input-text';
import { MAX_ALIAS_EXPANSION_CHARS, MAX_ALIAS_EXPANSION_NODES } from '../src/config/source';
import { HostileCase, runHostileCases } from './support/hostile';

/** The input limit of this machine, as the CLI run in this process and its child processes derive it. */
const MAX_INPUT_BYTES = maxInputBytes();

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

/** The same bomb written as JSON, anchors right after the colon (`"b":&b [*a,…]`). */
function jsonAliasBomb(): string {
  const levels = ['"a":&a ["x","x","x","x","x","x","x","x","x"]'];
  for (let level = 1; level < 10; level++) {
    const [name, previous] = [String.fromCharCode(97 + level), String.fromCharCode(96 + level)];
    levels.push(`"${name}":&${name} [${Array(9).fill(`*${previous}`).join(',')}]`);
  }
  return `{${levels.join(',')},"pools":[]}`;
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
  native('UTF-16 text', Buffer.from('\ufeffpools: []\n', 'utf16le'), '$FILE: is UTF-16 text', 'expected YAML text in UTF-8'),
  native('alias bomb', aliasBomb(), '$FILE', 'aliases'),
  native('JSON-style alias bomb', jsonAliasBomb(), '$FILE:1:', `YAML aliases expand the document by more than ${MAX_ALIAS_EXPANSION_NODES} values`),
  native('alias bomb in a pool', `pools:\n  - name: a\n    image: i\n    job: {}\n    args: &x [${'"y",'.repeat(2000)}"y"]\n    command: [${'*x,'.repeat(60)}*x]\n`, '$FILE:6:', 'YAML aliases expand'),
  native('a long string repeated by aliases', `pools: []\nlong: &s "${'z'.repeat(Math.ceil(MAX_ALIAS_EXPANSION_CHARS / 20))}"\nmore: [${'*s,'.repeat(20)}*s]\n`, '$FILE:3:', `${MAX_ALIAS_EXPANSION_CHARS} characters`),
  native('an alias before its anchor', 'pools: [*p]\nlater: &p {name: a}\n', '$FILE:1:'),
  native('constructor as a resource key', `${POOL}    resources: {constructor: 1}\n`, '$FILE:5:17', 'pools[0].resources.constructor', 'unknown key "constructor"', 'expected one of: cpu'),
  native('__proto__ as a resource key', `${POOL}    resources: {__proto__: 1}\n`, 'pools[0].resources.__proto__', 'unknown key "__proto__"'),
  native('toString as a pool key', POOL.replace('image:', 'toString: x\n    image:'), 'pools[0].toString', 'unknown key "toString"'),
  native('env 3.10 unquoted', `${POOL}    env: {PY: 3.10}\n`, '$FILE:5:15', 'pools[0].env.PY', 'received 3.10, which YAML reads as the number 3.1: write "3.10" in quotes'),
  native('env 0x1F unquoted', `${POOL}    env: {MASK: 0x1F}\n`, '$FILE:5:17', 'pools[0].env.MASK', 'received 0x1F, which YAML reads as the number 31'),
  native('env with a 20-digit number', `${POOL}    env: {ID: 12345678901234567890}\n`, 'pools[0].env.ID', 'received 12345678901234567890, which YAML reads as the number 12345678901234567000', 'write "12345678901234567890" in quotes'),
  native('env 1e3 in defaults', `defaults: {env: {N: 1e3}}\n${POOL}`, '$FILE:1:21', 'defaults.env.N', 'the number 1000'),
  native('env True in a component', POOL.replace('job: {workers: 2}', 'job: {workers: 2, env: {DEBUG: True}}'), 'pools[0].job.env.DEBUG', 'the boolean true', 'write "True" in quotes'),
  native('trigger metadata 5.0', 'pools:\n  - name: s\n    image: i\n    follow:\n      autoscale: {triggers: [{type: redis, metadata: {listLength: 5.0}}]}\n', '$FILE:5:', 'triggers[0].metadata.listLength', 'received 5.0, which YAML reads as the number 5'),
  native('two pools with one name, job and follow', 'pools: [{name: a, image: "x:1", job: {}}, {name: a, image: "x:1", follow: {}}]\n', '$FILE:1:50', 'pools[1].name', 'pool name "a" is already used by pools[0] (pools[0].name) in namespace default'),
  native('deeply nested lists', `pools: ${'['.repeat(20000)}${']'.repeat(20000)}\n`, '$FILE'),
  native('deeply nested mapping', `${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n')} x\n`, '$FILE'),
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
  ...['__proto__', 'constructor', 'toString', 'hasOwnProperty', ''].map((name): HostileCase => ({
    name: `flags: --dialect ${JSON.stringify(name)}`, files: { 'workers.yaml': POOL }, args: ['synth', '--dialect', name, '--config', '$DIR/workers.yaml'], expect: [`--dialect: unknown dialect ${JSON.stringify(name)}`, 'expected one of: pystilt'],
  })),
  { name: 'flags: --dialect with a typo', files: { 'workers.yaml': POOL }, args: ['synth', '--dialect', 'prefekt', '--config', '$DIR/workers.yaml'], expect: ['unknown dialect "prefekt" (did you mean "prefect"?)'] },
  { name: 'flags: empty --config', args: ['synth', '--config', ''], expect: ['received an empty file name'] },
  { name: 'flags: --config /dev/zero', args: ['synth', '--config', '/dev/zero'], expect: [`/dev/zero: received more than ${MAX_INPUT_BYTES} bytes (reading stopped there), expected at most ${MAX_INPUT_BYTES} bytes`] },
  { name: 'flags: --config /dev/urandom', args: ['synth', '--config', '/dev/urandom'], expect: [`/dev/urandom: received more than ${MAX_INPUT_BYTES} bytes`] },
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

/** Runs a bash pipeline around the built CLI ($BIN); the CLI's exit status is printed last by the script. */
function pipeline(script: string): { stdout: string; stderr: string; status: number | null } {
  const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, BIN, NODE: process.execPath }, timeout: 60_000 });
  return { stdout: result.stdout, stderr: result.stderr, status: result.status };
}

const STACK = /\n\s+at .+:\d+:\d+/;
/** An input well past the limit. */
const OVER_LIMIT = 3 * MAX_INPUT_BYTES;

describe('hostile keys: names JavaScript objects carry render like any other', () => {
  it('renders labels, annotations and env named constructor, toString and __proto__', () => {
    const file = writeTemp('workers.yaml', `${POOL}    labels: {constructor: a, toString: b}\n    annotations: {constructor: c}\n    env: {__proto__: d, constructor: e}\n    secretEnv: {toString: "s:k"}\n`);
    const result = cli('synth', '--config', file, '--stdout');
    assert.equal(result.code, 0, result.stderr);
    for (const line of ['    constructor: a', '    toString: b', '    constructor: c', '- name: __proto__', '- name: constructor', '- name: toString']) {
      assert.ok(result.stdout.includes(line), `${line} in the output`);
    }
  });

  it('renders StateMachine labels and step environments keyed constructor and __proto__', () => {
    const machine = fs.readFileSync(path.join(REPO, 'examples', 'state-machine.yaml'), 'utf8')
      .replace('  labels:\n', '  labels:\n    constructor: a\n')
      .replace(/environment:\n/, 'environment:\n        constructor: x\n        __proto__: "y"\n');
    const result = cli('synth', '--dialect', 'state-machine', '--config', writeTemp('machine.yaml', machine), '--stdout');
    assert.equal(result.code, 0, result.stderr);
    for (const line of ['    constructor: a\n', '        constructor: x\n', '        __proto__: "y"\n']) assert.ok(result.stdout.includes(line), `${line} in the output`);
  });

  it('renders Magnus secrets named like Object.prototype members, each once', () => {
    const file = writeTemp('magnus.yaml', 'executor:\n  type: k8s-job\n  config:\n    docker_image: i:1\n    secrets_from_k8s: {toString: "a:b", __proto__: "c:d", constructor: "e:f"}\n');
    const result = cli('synth', '--dialect', 'magnus', '--config', file, '--name', 'a', '--command', 'run', '--stdout');
    assert.equal(result.code, 0, result.stderr);
    for (const name of ['toString', '__proto__', 'constructor']) assert.equal(result.stdout.split(`- name: ${name}\n`).length, 2, name);
  });
});

describe('hostile input and output: real devices, pipes and FIFOs', () => {
  it('refuses three times the limit through a pipe on --config -, naming <stdin>, the limit and what came', () => {
    const run = pipeline(`head -c ${OVER_LIMIT} /dev/zero | tr "\\0" "#" | "$NODE" "$BIN" validate --config -; echo "exit=$?"`);
    assert.match(run.stdout, /exit=2/);
    assert.ok(run.stderr.startsWith(`<stdin>: received more than ${MAX_INPUT_BYTES} bytes (reading stopped there), expected at most ${MAX_INPUT_BYTES} bytes`), run.stderr);
    assert.doesNotMatch(run.stderr, STACK);
  });

  it('reads a config from standard input with --config -', () => {
    const result = cliProcess(['validate', '--config', '-'], { input: POOL });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, '<stdin>: valid\n');
    const synthesized = cliProcess(['synth', '--config', '-', '--stdout'], { input: POOL });
    assert.equal(synthesized.code, 0, synthesized.stderr);
    assert.match(synthesized.stdout, /name: sims-worker/);
  });

  it('names <stdin> at the line of a bad value', () => {
    expectInputError(cliProcess(['validate', '--config', '-'], { input: POOL.replace('workers: 2', 'workers: many') }), '<stdin>:4:20: pools[0].job.workers');
  });

  it('refuses binary and non-UTF-8 input on standard input', () => {
    expectInputError(cliProcess(['validate', '--config', '-'], { input: 'pools: [\u0000]' }), '<stdin>: is a binary file (a NUL byte at offset 8)');
    const latin1 = pipeline('printf "pools: []\\nname: caf\\xe9\\n" | "$NODE" "$BIN" validate --config -; echo "exit=$?"');
    assert.match(latin1.stdout, /exit=2/);
    assert.match(latin1.stderr, /<stdin>: is not UTF-8 text \(an invalid byte sequence on line 2\)/);
  });

  it('reads a FIFO with the same cap, and a small config through it', () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'config.fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const big = pipeline(`(head -c ${OVER_LIMIT} /dev/zero | tr "\\0" "#" > '${fifo}' 2>/dev/null &) ; "$NODE" "$BIN" synth --config '${fifo}' --out '${dir}/out'; echo "exit=$?"`);
    assert.match(big.stdout, /exit=2/);
    assert.ok(big.stderr.includes(`${fifo}: received more than ${MAX_INPUT_BYTES} bytes`), big.stderr);
    assert.ok(!fs.existsSync(path.join(dir, 'out')), 'nothing written');
    const small = pipeline(`(printf '${POOL.replace(/\n/g, '\\n')}' > '${fifo}' &) ; "$NODE" "$BIN" validate --config '${fifo}'; echo "exit=$?"`);
    assert.match(small.stdout, /exit=0/, small.stderr);
  });

  it('refuses /dev/zero and /dev/urandom as a process, at once', () => {
    for (const device of ['/dev/zero', '/dev/urandom']) {
      const started = Date.now();
      expectInputError(cliProcess(['synth', '--config', device, '--stdout']), `${device}: received more than ${MAX_INPUT_BYTES} bytes`);
      assert.ok(Date.now() - started < 10_000);
    }
  });

  it('ends quietly with exit 0 when the reader of standard output goes away', () => {
    const dir = tempDir();
    const pools = Array.from({ length: 80 }, (_, index) => `  - name: pool-${index}\n    image: img:1\n    job: {}\n    serve: {}\n`).join('');
    fs.writeFileSync(path.join(dir, 'big.yaml'), `pools:\n${pools}`);
    for (const command of [`synth --config '${dir}/big.yaml' --stdout`, 'schema']) {
      const run = pipeline(`"$NODE" "$BIN" ${command} | head -1; echo "exit=\${PIPESTATUS[0]}"`);
      assert.match(run.stdout, /exit=0/, `${command}: ${run.stderr}`);
      assert.equal(run.stderr, '', command);
    }
  });

  it('exits 2 with a message when standard output is a full disk', () => {
    for (const command of ['schema', 'synth --stdout', 'help']) {
      const run = pipeline(`"$NODE" "$BIN" ${command} > /dev/full; echo "exit=$?"`);
      assert.match(run.stdout, /exit=2/, command);
      assert.equal(run.stderr.replace(/^synth: using workers\.yaml\n/, ''), 'cdk8s-workers: cannot write to standard output: no space left on device\n', command);
    }
  });
});

/** A file of `bytes` zero bytes that takes no disk space. */
function sparseFile(bytes: number): string {
  const file = path.join(tempDir(), 'huge.yaml');
  fs.closeSync(fs.openSync(file, 'w'));
  fs.truncateSync(file, bytes);
  return file;
}

/** Runs the built CLI with extra environment variables and node options. */
function cliWith(args: string[], env: Record<string, string>, nodeOptions: string[] = [], input?: string): { code: number; stderr: string } {
  const result = spawnSync(process.execPath, [...nodeOptions, BIN, ...args], { cwd: REPO, encoding: 'utf8', env: { ...process.env, ...env }, input, timeout: 60_000 });
  return { code: result.status ?? -1, stderr: result.stderr };
}

describe('the input limit: set by the heap Node.js may use', () => {
  it(`is 1/${HEAP_BYTES_PER_INPUT_BYTE} of the heap limit, and --max-old-space-size moves it`, () => {
    for (const megabytes of [512, 2048]) {
      const heapLimit = Number(spawnSync(process.execPath, [`--max-old-space-size=${megabytes}`, '-p', 'v8.getHeapStatistics().heap_size_limit'], { encoding: 'utf8' }).stdout);
      const limit = Math.floor(heapLimit / HEAP_BYTES_PER_INPUT_BYTE);
      assert.ok(limit > megabytes * 1024 * 1024 / HEAP_BYTES_PER_INPUT_BYTE * 0.9, `${limit} bytes for a ${megabytes} MB heap`);
      const file = sparseFile(limit + 1);
      const run = cliWith(['validate', '--config', file], {}, [`--max-old-space-size=${megabytes}`]);
      expectInputError({ ...run, stdout: '' }, `${file}: received ${limit + 1} bytes, expected at most ${limit} bytes (`, `, 1/${HEAP_BYTES_PER_INPUT_BYTE} of the heap Node.js may use) of YAML`);
    }
  });

  it('refuses a regular file past the limit by its size, before reading it', () => {
    const file = sparseFile(MAX_INPUT_BYTES + 1);
    const started = Date.now();
    expectInputError(cli('validate', '--config', file), `${file}: received ${MAX_INPUT_BYTES + 1} bytes, expected at most ${MAX_INPUT_BYTES} bytes`);
    assert.ok(Date.now() - started < 1000);
  });

  it('reads a config larger than 8 MiB', () => {
    assert.ok(MAX_INPUT_BYTES > 9_000_000, `the limit here is ${MAX_INPUT_BYTES} bytes`);
    const file = writeTemp('workers.yaml', `${'# a long comment line, as a generated config may carry\n'.repeat(9_000_000 / 55)}${POOL}`);
    assert.ok(fs.statSync(file).size > 8 * 1024 * 1024);
    const result = cli('validate', '--config', file);
    assert.equal(result.code, 0, result.stderr);
  });

  it(`takes ${MAX_INPUT_BYTES_VARIABLE} instead, for files, pipes and devices`, () => {
    const file = writeTemp('workers.yaml', POOL);
    const size = fs.statSync(file).size;
    assert.equal(cliWith(['validate', '--config', file], { [MAX_INPUT_BYTES_VARIABLE]: String(size) }).code, 0);
    expectInputError({ ...cliWith(['validate', '--config', file], { [MAX_INPUT_BYTES_VARIABLE]: String(size - 1) }), stdout: '' }, `${file}: received ${size} bytes, expected at most ${size - 1} bytes (${size - 1} B, set by ${MAX_INPUT_BYTES_VARIABLE}) of YAML`);
    expectInputError({ ...cliWith(['validate', '--config', '-'], { [MAX_INPUT_BYTES_VARIABLE]: String(size - 1) }, [], POOL), stdout: '' }, `<stdin>: received more than ${size - 1} bytes (reading stopped there), expected at most ${size - 1} bytes`);
    expectInputError({ ...cliWith(['validate', '--config', '/dev/zero'], { [MAX_INPUT_BYTES_VARIABLE]: '1048576' }), stdout: '' }, `/dev/zero: received more than 1048576 bytes (reading stopped there), expected at most 1048576 bytes (1 MiB, set by ${MAX_INPUT_BYTES_VARIABLE}) of YAML`);
  });

  it(`refuses a ${MAX_INPUT_BYTES_VARIABLE} that is not a number of bytes`, () => {
    for (const value of ['lots', '-1', '0', '1.5', '8M']) {
      expectInputError({ ...cliWith(['validate', '--config', path.join(REPO, 'examples', 'workers.yaml')], { [MAX_INPUT_BYTES_VARIABLE]: value }), stdout: '' }, `${MAX_INPUT_BYTES_VARIABLE}: received ${JSON.stringify(value)}, expected a whole number of bytes (1 or more)`);
    }
  });
});
