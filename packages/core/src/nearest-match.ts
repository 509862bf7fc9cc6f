import { distance } from "fastest-levenshtein";

/**
 * The candidate closest to `id` by edit distance, or undefined when nothing is reasonably
 * close (more than half the id's length away), so suggestions stay useful.
 */
export function nearestMatch(id: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(id, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.ceil(id.length / 2)) ? best : undefined;
}
