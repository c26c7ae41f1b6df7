/**
 * A trace's text as another kernel build would name its clones (compare mode across builds,
 * core/query/build-names.ts): `.isra.0` → `.isra.1`, `.constprop.0` → `.constprop.2`,
 * `.part.0` → clang's `.llvm.<hash>`, and tcp_small_queue_check.isra.0 without a suffix
 * (the build that did not clone it). The calls stay the same.
 */
export function otherBuild(text: string): string {
  return text
    .replace(/tcp_small_queue_check\.isra\.0\b/g, 'tcp_small_queue_check')
    .replace(/\.isra\.0\b/g, '.isra.1')
    .replace(/\.constprop\.0\b/g, '.constprop.2')
    .replace(/\.part\.0\b/g, '.llvm.4711893216371239961');
}
