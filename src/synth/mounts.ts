import * as fs from 'fs';
import * as path from 'path';

/**
 * The paths below `dir`, relative to it, that are mount points (a file or directory mounted there, as a
 * container's subPath volume is). Such an entry cannot be renamed over or removed (EBUSY). Empty where /proc does not tell.
 */
export function mountPointsIn(dir: string): Set<string> {
  let table: string;
  try {
    table = fs.readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    return new Set();
  }
  const real = fs.realpathSync(dir);
  const names = new Set<string>();
  for (const line of table.split('\n')) {
    const mountPoint = line.split(' ')[4];
    if (mountPoint === undefined) continue;
    const decoded = mountPoint.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
    const relative = path.relative(real, decoded);
    if (relative && !relative.startsWith('..') && !path.isAbsolute(relative)) names.add(relative.split(path.sep).join('/'));
  }
  return names;
}
