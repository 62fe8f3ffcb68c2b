/**
 * The crash tests' randomness: seeded (TESSERA_CRASH_SEED replays a failing run's timings,
 * else a fresh seed), from mulberry32, a small PRNG.
 */
export function crashRandom(): { seed: number; random: () => number; between: (min: number, max: number) => number } {
  const seed = Number(process.env.TESSERA_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
  let a = seed >>> 0;
  const random = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { seed, random, between: (min, max) => min + Math.floor(random() * (max - min + 1)) };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
