/**
 * What follows a gzip file's last whole member, in the words the app and the CLI share
 * (service/gunzip.ts, cli/gunzip-members.ts, each over its own inflater): zero bytes are
 * padding (a tape or block device's, a file padded to its block size by a crash or an
 * unfinished copy) and end the gzip data quietly, as zlib (node_zlib.cc: "Trailing zero
 * bytes are okay, though, since they are frequently used for padding") and GNU gzip
 * ("decompression OK, trailing zero bytes ignored") take them; other bytes that do not
 * begin a member are not gzip (GNU gzip: "decompression OK, trailing garbage ignored"), and
 * the text before them was read whole.
 */

/** The inflaters' error for bytes other than zeros or a gzip member after a whole member. */
export const TRAILING_GARBAGE = 'bytes that are not gzip follow the end of its gzip data';

/** What that error means for the reader: the load's input error for it. */
export const TRAILING_GARBAGE_READ =
  'the file goes on after the end of its gzip data with bytes that are not gzip (something appended to it): they were not read; the text of the gzip was read whole';
