/** The seed every data set starts from unless told otherwise. */
export const DEFAULT_SEED = 0x5eed_2026;

/**
 * A small seeded PRNG (mulberry32): the same seed gives the same sequence on every run and
 * machine, so a data set is reproduced from its seed and `now` alone. Not for secrets.
 */
export class Random {
  #state: number;

  constructor(seed: number = DEFAULT_SEED) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) | 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** One item, each as likely as its `weight` over the sum of all weights. */
  weighted<T extends { readonly weight: number }>(items: readonly T[]): T {
    let left = this.next() * items.reduce((sum, item) => sum + item.weight, 0);
    for (const item of items) {
      left -= item.weight;
      if (left < 0) return item;
    }
    return items[items.length - 1] as T;
  }

  /** `count` random decimal digits. */
  digits(count: number): string {
    let text = '';
    for (let i = 0; i < count; i += 1) text += Math.floor(this.next() * 10);
    return text;
  }
}
