import * as assert from 'node:assert/strict';
import { spawnSync, SpawnSyncOptions } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO } from './cli';
import { tempDir } from './files';

/** Runs a command to success and returns its stdout. */
export function run(command: string, args: string[], options: SpawnSyncOptions): string {
  const result = spawnSync(command, args, { encoding: 'utf8', timeout: 300_000, ...options });
  assert.equal(result.status, 0, `${command} ${args.join(' ')} failed:\n${result.stdout}\n${result.stderr}`);
  return String(result.stdout);
}

/**
 * A cdk8s app in a temporary directory outside the repository, with the package installed from the tarball
 * `npm pack` makes, beside cdk8s, constructs and `extra` packages; `main.ts` compiled with strict TypeScript
 * and run. Returns the app's directory.
 */
export function packedApp(prefix: string, mainTs: string, extra: string[] = []): string {
  const work = tempDir(prefix);
  const tarball = run('npm', ['pack', '--silent', '--pack-destination', work], { cwd: REPO }).trim().split('\n').pop()!;
  const app = path.join(work, 'platform');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'platform', private: true, version: '1.0.0' }));
  run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', path.join(work, tarball), 'cdk8s@2', 'constructs@10', ...extra], { cwd: app });
  fs.writeFileSync(path.join(app, 'main.ts'), mainTs);
  fs.writeFileSync(path.join(app, 'tsconfig.json'), JSON.stringify({ compilerOptions: { strict: true, module: 'commonjs', target: 'ES2022', skipLibCheck: false, types: [], outDir: 'out' } }));
  run(process.execPath, [path.join(REPO, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.'], { cwd: app });
  run(process.execPath, ['out/main.js'], { cwd: app });
  return app;
}
