/** Messages between the fuzz runner (main.ts) and its case-running child processes (child.ts). */
import type { Scale } from './mutators';
import type { CaseResult, RunOptions } from './run-case';

export type ToChild =
  | { type: 'run'; seed: number; from: number; to: number; scale: Scale; opts: RunOptions }
  | { type: 'stop' };

export type FromChild =
  | { type: 'start'; index: number }
  | { type: 'made'; index: number; bytes: number }
  | { type: 'done'; result: CaseResult; origin: string; mutations: string[] }
  | { type: 'idle' };
