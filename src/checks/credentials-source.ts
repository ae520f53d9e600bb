import { formatPath, Problem } from '../config/errors';
import { SourceDocument } from '../config/source';
import { WorkerFleetProps } from '../constructs/worker-fleet';
import { CredentialFinding, findCredentials, Path, receivedCredential } from './credentials-walk';

/**
 * Credentials in a fleet translated from a foreign file (pystilt, magnus, metaflow), each located where
 * the foreign file writes it: file:line:col and its path there, with the translated config's path beside it.
 * A value that came from a flag (`--command`) has no place in the file and keeps the translated path only.
 */
export function translatedCredentialProblems(fleet: WorkerFleetProps, source: SourceDocument): Problem[] {
  const byOrigin = new Map<string, { finding: CredentialFinding; origin?: Path; translated: string[] }>();
  for (const finding of findCredentials(fleet, fleet.defaults?.notSecret)) {
    const origin = findOrigin(source.data, finding);
    const key = origin ? `${finding.onKey}:${formatPath(origin)}` : `flag:${formatPath(finding.path)}`;
    const entry = byOrigin.get(key) ?? { finding, origin, translated: [] };
    entry.translated.push(formatPath(finding.path));
    byOrigin.set(key, entry);
  }
  return [...byOrigin.values()].map(({ finding, origin, translated }) => {
    const message = `${receivedCredential(finding)}, expected no credential in plain text: it is written into the rendered manifest, where anyone who can read the object sees it; keep it in a Secret and read it from there`;
    if (!origin) return { file: source.file, path: formatPath(finding.path), message: `${message} (no line of the file writes it: it comes from --command or a value the dialect computes)` };
    return source.problem(origin, formatPath(origin), `${message} (it becomes ${translated.join(', ')})`, finding.onKey);
  });
}

/** The path in the foreign document of the key or scalar that holds the finding's credential. */
function findOrigin(data: unknown, finding: CredentialFinding): Path | undefined {
  const holds = finding.byName
    ? (text: string) => text === finding.secret
    : (text: string) => text.includes(finding.secret);
  const name = finding.path[finding.path.length - 1];
  return search(data, [], (text, path, isKey) => isKey === finding.onKey && holds(text) && (!finding.byName || path[path.length - 1] === name))
    ?? search(data, [], (text, _path, isKey) => isKey === finding.onKey && holds(text));
}

type Visit = (text: string, path: Path, isKey: boolean) => boolean;

function search(value: unknown, path: Path, visit: Visit): Path | undefined {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return visit(String(value), path, false) ? path : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((item, index) => [index, item]) : Object.entries(value);
  for (const [key, child] of entries) {
    const childPath = [...path, key];
    if (typeof key === 'string' && visit(key, childPath, true)) return childPath;
    const found = search(child, childPath, visit);
    if (found) return found;
  }
  return undefined;
}
