import type { Random } from "@ssl4rl/core";

/** Class names of the synthetic scenes, in label order. */
export const SYNTHETIC_CLASSES = ["house", "tree", "car", "person", "flower"] as const;

const f = (x: number): string => x.toFixed(2);
const hsl = (h: number, s: number, l: number): string => `hsl(${f(h)},${f(s)}%,${f(l)}%)`;

/**
 * The SVG of one outdoor scene with an unambiguous up direction: sky (lighter towards the
 * horizon) above, ground below, a sun and clouds in the sky, and one upright object of class
 * `label` standing on the ground. Drawn in a 100×100 view box, rendered at `size` px.
 *
 * @example
 * ```ts
 * const svg = syntheticSceneSvg(Random.fromSeed(1), 128, 0); // a house
 * ```
 */
export function syntheticSceneSvg(rng: Random, size: number, label: number): string {
  const skyHue = rng.uniform(190, 235);
  const horizon = rng.uniform(55, 70);
  const groundHue = rng.bool(0.7) ? rng.uniform(80, 135) : rng.uniform(25, 45);
  const parts: string[] = [];
  parts.push(
    `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(skyHue, rng.uniform(55, 80), rng.uniform(35, 50))}"/>` +
      `<stop offset="1" stop-color="${hsl(skyHue, 60, rng.uniform(78, 90))}"/></linearGradient>` +
      `<linearGradient id="ground" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${hsl(groundHue, rng.uniform(40, 60), rng.uniform(38, 48))}"/>` +
      `<stop offset="1" stop-color="${hsl(groundHue, 45, rng.uniform(15, 25))}"/></linearGradient></defs>`,
  );
  parts.push(`<rect width="100" height="${f(horizon)}" fill="url(#sky)"/>`);
  parts.push(`<rect y="${f(horizon)}" width="100" height="${f(100 - horizon)}" fill="url(#ground)"/>`);
  parts.push(`<circle cx="${f(rng.uniform(10, 90))}" cy="${f(rng.uniform(8, 22))}" r="${f(rng.uniform(5, 9))}" fill="${hsl(rng.uniform(35, 55), 100, rng.uniform(55, 70))}"/>`);
  const clouds = rng.int(3);
  for (let i = 0; i < clouds; i++) {
    const cx = rng.uniform(5, 95);
    const cy = rng.uniform(10, horizon - 15);
    parts.push(`<ellipse cx="${f(cx)}" cy="${f(cy)}" rx="${f(rng.uniform(8, 14))}" ry="${f(rng.uniform(3, 5))}" fill="white" fill-opacity="0.85"/>`);
  }
  const x = rng.uniform(30, 70);
  const base = horizon + rng.uniform(8, 22);
  const s = rng.uniform(0.85, 1.2);
  parts.push(sceneObject(rng, label, x, base, s));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 100 100">${parts.join("")}</svg>`;
}

/** One upright object whose bottom centre stands at (x, base), scaled by s. */
function sceneObject(rng: Random, label: number, x: number, base: number, s: number): string {
  const g = (body: string) => `<g transform="translate(${f(x)},${f(base)}) scale(${f(s)})">${body}</g>`;
  switch (label % SYNTHETIC_CLASSES.length) {
    case 0: {
      const wall = hsl(rng.uniform(0, 60), rng.uniform(30, 70), rng.uniform(55, 75));
      const roof = hsl(rng.uniform(0, 30), rng.uniform(50, 80), rng.uniform(25, 40));
      return g(
        `<rect x="-14" y="-22" width="28" height="22" fill="${wall}"/>` +
          `<polygon points="-18,-22 0,-38 18,-22" fill="${roof}"/>` +
          `<rect x="-4" y="-12" width="8" height="12" fill="#5a3a1a"/>` +
          `<rect x="-11" y="-18" width="5" height="5" fill="#cfe8ff"/><rect x="6" y="-18" width="5" height="5" fill="#cfe8ff"/>`,
      );
    }
    case 1: {
      const leaf = hsl(rng.uniform(90, 140), rng.uniform(45, 70), rng.uniform(22, 38));
      return g(
        `<rect x="-2.5" y="-16" width="5" height="16" fill="#6b4423"/>` +
          `<circle cx="0" cy="-26" r="12" fill="${leaf}"/><circle cx="-7" cy="-19" r="7" fill="${leaf}"/><circle cx="7" cy="-19" r="7" fill="${leaf}"/>`,
      );
    }
    case 2: {
      const paint = hsl(rng.uniform(0, 360), rng.uniform(60, 90), rng.uniform(35, 55));
      return g(
        `<rect x="-18" y="-13" width="36" height="9" rx="2" fill="${paint}"/>` +
          `<rect x="-9" y="-20" width="18" height="8" rx="2" fill="${paint}"/>` +
          `<rect x="-7" y="-19" width="6" height="5" fill="#cfe8ff"/><rect x="1" y="-19" width="6" height="5" fill="#cfe8ff"/>` +
          `<circle cx="-10" cy="-4" r="4" fill="#111"/><circle cx="10" cy="-4" r="4" fill="#111"/>`,
      );
    }
    case 3: {
      const shirt = hsl(rng.uniform(0, 360), rng.uniform(50, 90), rng.uniform(35, 55));
      return g(
        `<line x1="0" y1="-14" x2="-5" y2="0" stroke="#222" stroke-width="2.5"/><line x1="0" y1="-14" x2="5" y2="0" stroke="#222" stroke-width="2.5"/>` +
          `<rect x="-4" y="-28" width="8" height="15" rx="2" fill="${shirt}"/>` +
          `<line x1="-4" y1="-26" x2="-10" y2="-17" stroke="${shirt}" stroke-width="2.5"/><line x1="4" y1="-26" x2="10" y2="-17" stroke="${shirt}" stroke-width="2.5"/>` +
          `<circle cx="0" cy="-33" r="5" fill="${hsl(rng.uniform(20, 35), 50, rng.uniform(45, 75))}"/>`,
      );
    }
    default: {
      const petal = hsl(rng.uniform(0, 360), rng.uniform(70, 95), rng.uniform(55, 70));
      const petals = Array.from({ length: 6 }, (_, i) => {
        const a = (i * Math.PI) / 3;
        return `<circle cx="${f(5 * Math.cos(a))}" cy="${f(-26 + 5 * Math.sin(a))}" r="4" fill="${petal}"/>`;
      }).join("");
      return g(
        `<line x1="0" y1="0" x2="0" y2="-24" stroke="#2f7d32" stroke-width="2"/>` +
          `<ellipse cx="-5" cy="-9" rx="5" ry="2" fill="#2f7d32"/><ellipse cx="5" cy="-13" rx="5" ry="2" fill="#2f7d32"/>` +
          `${petals}<circle cx="0" cy="-26" r="3" fill="#f5c400"/>`,
      );
    }
  }
}
