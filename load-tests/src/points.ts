// The load points of issue 2 (bench) and issue 4 (compare). Pure data.
import type { LoadPoint } from './generator/load-point';

export function benchPoints(durationS: number, quick: boolean): LoadPoint[] {
  const s = quick ? 0.1 : 1; // --quick: a tenth of the documents, to check the setup
  return [
    { name: '300x5x2', docs: Math.ceil(300 * s), clientsPerDoc: 5, rate: 2, durationS },
    { name: '500x5x2', docs: Math.ceil(500 * s), clientsPerDoc: 5, rate: 2, durationS },
    { name: '1x200x1', docs: 1, clientsPerDoc: quick ? 50 : 200, rate: 1, durationS },
    { name: 'idle', docs: Math.ceil(400 * s), clientsPerDoc: 5, rate: 0, durationS: Math.min(durationS, 5) },
  ];
}

export function comparePoints(durationS: number, quick: boolean): LoadPoint[] {
  const s = quick ? 0.1 : 1;
  return [
    { name: '100x5x2', docs: Math.ceil(100 * s), clientsPerDoc: 5, rate: 2, durationS },
    { name: '300x5x2', docs: Math.ceil(300 * s), clientsPerDoc: 5, rate: 2, durationS },
    { name: '500x5x2', docs: Math.ceil(500 * s), clientsPerDoc: 5, rate: 2, durationS },
    { name: '1x200x1', docs: 1, clientsPerDoc: quick ? 50 : 200, rate: 1, durationS },
    { name: '1w+500r', docs: 1, clientsPerDoc: quick ? 51 : 501, writersPerDoc: 1, rate: 10, durationS },
    { name: 'join5MB', docs: 1, clientsPerDoc: quick ? 20 : 200, rate: 0, durationS: 1, seedBytes: quick ? 500_000 : 5_000_000, joinAtOnce: true },
  ];
}

export const select = (points: LoadPoint[], names: string[] | null) => (names ? points.filter((p) => names.includes(p.name)) : points);
