// Round numbers for axes: a tick step, and where a live axis ends so that it rescales a few times per run.

/** The next round number at or above `value`: 1, 2 or 5 times a power of ten. */
export function niceCeil(value) {
  const power = 10 ** Math.floor(Math.log10(Math.max(value, 1)));
  for (const m of [1, 2, 5, 10]) if (m * power >= value) return m * power;
  return 10 * power;
}
