// Okabe and Ito's colour-blind-safe palette, and dash patterns so that no line is told apart by colour alone.
export const COLOURS = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000'];
export const DASHES = [[], [6, 3], [2, 3], [8, 3, 2, 3], [1, 2], [10, 4], [4, 4], [12, 2, 2, 2]];

export function colourOf(i) {
  return COLOURS[i % COLOURS.length];
}

export function dashOf(i) {
  return DASHES[Math.floor(i / COLOURS.length) % DASHES.length];
}
