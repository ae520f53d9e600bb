import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Set UPDATE_SNAPSHOTS=1 to rewrite the golden files instead of comparing with them. */
export const UPDATING = process.env.UPDATE_SNAPSHOTS === '1';

const SNAPSHOT_DIR = path.join(__dirname, '..', '..', 'snapshots');

/** Compares `actual` with snapshots/<name>; a difference fails and shows the first lines that differ. */
export function matchSnapshot(name: string, actual: string): void {
  const file = path.join(SNAPSHOT_DIR, name);
  if (UPDATING || !fs.existsSync(file)) {
    if (!UPDATING && process.env.CI) assert.fail(`snapshot ${name} is missing; run UPDATE_SNAPSHOTS=1 npm test and review it`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  const expected = fs.readFileSync(file, 'utf8');
  if (actual !== expected) assert.fail(`snapshot ${name} differs (UPDATE_SNAPSHOTS=1 rewrites it after review):\n${lineDiff(expected, actual)}`);
}

function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const out: string[] = [];
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < 40; i++) {
    if (a[i] !== b[i]) out.push(`line ${i + 1}:\n- ${a[i] ?? '(none)'}\n+ ${b[i] ?? '(none)'}`);
  }
  return out.join('\n');
}
