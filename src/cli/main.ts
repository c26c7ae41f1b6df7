/**
 * `npm run --silent cli -- …`: runs the command line (run.ts) on this process's arguments,
 * stdout and exit status.
 */
import { runCli } from './run';

/**
 * Writes to stdout and, when its buffer is full, waits for it to drain: a pipe to a slower
 * reader would otherwise hold all of the output in memory.
 */
function write(text: string): Promise<void> {
  if (process.stdout.write(text)) return Promise.resolve();
  return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
}

// `… | head` closes the pipe early: that is the reader's choice, not an error. Any other
// write error (ENOSPC: `> out.svg` on a full disk, EIO) loses the output: say so and give
// status 2, where this listener once swallowed it and the run ended with status 0.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  process.stderr.write(`cli: cannot write the output: ${err.message}\n`);
  process.exit(2);
});

void runCli(process.argv.slice(2), { out: write, err: (text) => process.stderr.write(text) }).then((code) => {
  process.exitCode = code;
});
