import * as fs from 'fs';
import * as path from 'path';
import { inputError } from './errors';

/** Where this package's JSON Schema of the fleet config lives (node_modules/cdk8s-workers/schema/ once installed). */
export const SCHEMA_FILE = path.join(__dirname, '..', '..', 'schema', 'workers.schema.json');

/** Options of {@link writeStarterConfig}. */
export interface StarterConfigOptions {
  /**
   * Replace the file when it exists.
   * @default false
   */
  readonly force?: boolean;
}

/**
 * Writes a starter fleet config to `file`, with a `$schema` line an editor follows to the package's schema.
 * The file appears whole or not at all; an existing file is kept unless `force` is set.
 */
export function writeStarterConfig(file: string, options: StarterConfigOptions = {}): void {
  const directory = path.dirname(path.resolve(file));
  if (!fs.existsSync(directory)) {
    throw inputError({ file, path: '', message: `directory ${directory} does not exist, expected init to write into an existing directory` });
  }
  const staged = path.join(directory, `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(staged, starterConfig(schemaReference(directory)), { flag: 'wx' });
  try {
    if (options.force) fs.renameSync(staged, file);
    else fs.linkSync(staged, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw inputError({ file, path: '', message: 'already exists, expected a new file: pass --force to replace it, or --out FILE to write elsewhere' });
  } finally {
    fs.rmSync(staged, { force: true });
  }
}

/** The schema's path as seen from `directory`, with forward slashes. */
function schemaReference(directory: string): string {
  const relative = path.relative(directory, SCHEMA_FILE).split(path.sep).join('/');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

/** A small fleet that validates as written, every key explained. */
export function starterConfig(schema: string): string {
  return `# yaml-language-server: $schema=${schema}
# A fleet of queue workers. \`cdk8s-workers validate\` checks this file; \`cdk8s-workers synth\` renders it into dist/.
# Every key: \`cdk8s-workers schema\` prints the JSON Schema, docs/config.md explains it.

# The namespace of every object (it must exist before \`kubectl apply\`, or set createNamespaces: true).
namespace: workers

# Settings every pool inherits unless it sets its own.
defaults:
  imagePullPolicy: IfNotPresent
  labels:
    team: my-team

# The pools: each renders a drain Job, follow workers, an API, or any mix of the three.
pools:
  # A pool is one worker image; its name prefixes every object it renders (my-queue-worker, my-queue-follow…).
  - name: my-queue
    # The worker image; pin a tag or a digest so that every pod runs the same code.
    image: registry.example.com/my-queue-worker:1.0.0
    # The container's command; the image's ENTRYPOINT when left out.
    command: [worker, --queue, my-queue]
    # Plain environment variables.
    env: {LOG_LEVEL: info}
    # Environment variables from Secrets, as "secret-name:key"; the Secret must exist in the namespace.
    # secretEnv: {DATABASE_URL: "my-queue-db:url"}
    # Requests of each worker; limits go under resources.limits.
    resources: {cpu: "1", memory: 2Gi}
    # A writable directory (the root filesystem is read-only), deleted with the pod.
    scratch: {path: /tmp/work, sizeLimit: 10Gi}
    # A Job that drains the queue with this many pods in parallel, then completes.
    job: {workers: 4}
    # A Deployment of workers that poll the queue forever; autoscale adds a KEDA ScaledObject (KEDA must be installed).
    # follow:
    #   args: [--follow]
    #   autoscale:
    #     minReplicas: 0
    #     maxReplicas: 10
    #     triggers:
    #       - type: redis
    #         metadata: {address: "redis.workers.svc:6379", listName: my-queue, listLength: "10"}
    # A Deployment and a Service for an API in front of the queue.
    # serve:
    #   args: [serve]
    #   port: 8080
`;
}
