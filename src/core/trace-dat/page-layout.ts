/**
 * The ring-buffer page header, from the file's header_page format (the kernel's
 * `struct buffer_data_page`):
 *
 *   field: u64 timestamp;	offset:0;	size:8;	signed:0;
 *   field: local_t commit;	offset:8;	size:8;	signed:1;
 *   field: int overwrite;	offset:8;	size:1;	signed:1;
 *   field: char data;	offset:16;	size:4080;	signed:1;
 *
 * The commit field is a kernel long: its size, not the header's user-space long, is what
 * the pages use (lib/trace-cmd/trace-input.c read_header_files: "use that instead, since it
 * represents the kernel"). Without a usable header_page, the user-space long decides, as
 * libtraceevent's defaults do.
 */
import { parseFieldLine } from './event-format';

export interface PageLayout {
  /** Bytes of the kernel long: 4 or 8. */
  longSize: number;
  /** Offset of the commit (size + missed-events flags) field. */
  commitOffset: number;
  /** Offset of the first event in a page. */
  dataOffset: number;
}

export function pageLayout(headerPage: string, fallbackLong: number): PageLayout {
  let commit: { offset: number; size: number } | undefined;
  let data: { offset: number } | undefined;
  for (const line of headerPage.split('\n')) {
    const f = parseFieldLine(line);
    if (!f) continue;
    if (f.name === 'commit') commit = f;
    else if (f.name === 'data') data = f;
  }
  const longSize = commit && (commit.size === 4 || commit.size === 8) ? commit.size : fallbackLong;
  return {
    longSize,
    commitOffset: commit ? commit.offset : 8,
    dataOffset: data ? data.offset : 8 + longSize,
  };
}
