import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const created = new Set<string>();
process.on('exit', () => created.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

/** A fresh temporary directory, removed when the process exits. */
export function tempDir(prefix = 'cdk8s-workers-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  created.add(dir);
  return dir;
}

/** Writes `text` to a file in a fresh temporary directory and returns its path. */
export function writeTemp(name: string, text: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, text);
  return file;
}

/** Every file below `dir` with its content, for comparing directory trees. */
export function snapshotTree(dir: string): Record<string, string> {
  if (!fs.existsSync(dir)) return {};
  const tree: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) {
    const full = path.join(dir, entry);
    if (fs.statSync(full).isFile()) tree[entry] = fs.readFileSync(full, 'utf8');
  }
  return tree;
}
