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

// `… | head` closes the pipe early: that is the reader's choice, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
});

void runCli(process.argv.slice(2), { out: write, err: (text) => process.stderr.write(text) }).then((code) => {
  process.exitCode = code;
});
