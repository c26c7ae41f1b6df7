/**
 * The first slot of the pair (parent node, function) in a power-of-two open-addressing
 * table of path nodes (`mask` = its length - 1): the call tree's builder and the Functions
 * view's walk find a node under its parent by it.
 */
export function pairSlot(at: number, func: number, mask: number): number {
  let h = Math.imul(at + 1, 0x9e3779b1) ^ Math.imul(func + 0x632be5ab, 0x85ebca77);
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 13;
  return h & mask;
}
