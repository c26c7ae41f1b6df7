/**
 * W A S D on the flame chart, as in Perfetto: W / S zoom in / out about the pointer (the
 * centre when the pointer is off the canvas), A / D pan left / right by an eighth of the
 * width. Either case (Caps Lock on or off). Listed in the `?` overlay (help/shortcuts.ts).
 */
export interface WasdActions {
  zoom: (factor: number) => void;
  pan: (dir: -1 | 1) => void;
}

/** Zoom factor of one press. */
const STEP = 1.25;

export function wasdKeys({ zoom, pan }: WasdActions): Record<string, () => void> {
  return {
    w: () => zoom(STEP),
    W: () => zoom(STEP),
    s: () => zoom(1 / STEP),
    S: () => zoom(1 / STEP),
    a: () => pan(-1),
    A: () => pan(-1),
    d: () => pan(1),
    D: () => pan(1),
  };
}
