/** The candidate closest to `received`, when it is close enough to be a likely typo. */
export function closest(received: string, candidates: readonly string[]): string | undefined {
  const lower = received.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  const tolerance = Math.max(2, Math.floor(received.length / 3));
  return bestDistance <= tolerance && best !== received ? best : undefined;
}

/** ` (did you mean "x"?)` when there is a close candidate, else nothing. */
export function didYouMean(received: string, candidates: readonly string[]): string {
  const suggestion = closest(received, candidates);
  return suggestion === undefined ? '' : ` (did you mean ${JSON.stringify(suggestion)}?)`;
}

/** Insertions, deletions and substitutions that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, substitution);
    }
    previous = current;
  }
  return previous[b.length];
}

/** Lists longer than this are not spelled out in a message: they would bury the suggestion. */
const LONGEST_LISTED = 8;

/**
 * `expected one of: a, b, c` for a short list; for a long one its size and, when no candidate is close,
 * the nearest few, so that a message stays one readable line.
 */
export function expectedOneOf(received: string | undefined, allowed: readonly string[], noun: string): string {
  if (allowed.length <= LONGEST_LISTED) return `expected one of: ${allowed.join(', ')}`;
  const nearby = received === undefined || closest(received, allowed) !== undefined ? '' : `, such as: ${nearest(received, allowed, 3).join(', ')}`;
  return `expected one of the ${allowed.length} ${noun} allowed here${nearby}`;
}

/** Whether {@link expectedOneOf} spells out the whole list. */
export function listsInFull(allowed: readonly string[]): boolean {
  return allowed.length <= LONGEST_LISTED;
}

/** The `count` candidates with the fewest edits from `received`, in that order. */
export function nearest(received: string, candidates: readonly string[], count: number): string[] {
  const lower = received.toLowerCase();
  return candidates
    .map((candidate) => ({ candidate, distance: editDistance(lower, candidate.toLowerCase()) }))
    .sort((a, b) => a.distance - b.distance)
    .slice(0, count)
    .map(({ candidate }) => candidate);
}
