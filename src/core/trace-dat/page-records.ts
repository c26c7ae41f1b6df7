/**
 * Walks the events of one ring-buffer page, as libtraceevent's kbuffer does
 * (src/kbuffer-parse.c: kbuffer_load_subbuffer, translate_data, __next_event) and the
 * kernel writes them (kernel/trace/ring_buffer.c):
 *
 * - page header: u64 time stamp, then the commit long: `& 0x7ffffff` is the bytes of
 *   data; bit 31 says events were lost before this page, bit 30 that their count is
 *   stored as a long right after the data.
 * - each event starts with a u32: 5 bits type_len and 27 bits time delta (little-endian:
 *   type_len in the low bits; big-endian: in the high bits).
 *   type_len 1..28: data of 4*type_len bytes; 0: the length is in the next u32 (minus 4,
 *   rounded up to 4); 29 padding (skip 4 + the next u32, the delta still counts);
 *   30 time extend (delta += next u32 << 27); 31 absolute time stamp (= next u32 << 27
 *   + delta; the top 5 bits of the old time stay, which no count below 2^59 has).
 */
import type { BinaryView } from './binary-view';
import type { PageLayout } from './page-layout';

const COMMIT_MASK = 0x7ffffff;
const MISSED_EVENTS = 0x80000000;
const MISSED_STORED = 0x40000000;
const TYPE_PADDING = 29;
const TYPE_TIME_EXTEND = 30;
const TYPE_TIME_STAMP = 31;
const TS_SHIFT = 134217728; // 2^27

/**
 * A cursor over the records of one page at a time. After `load` (true when the page has
 * data) call `next()` until it returns false; each true leaves the record in `ts`,
 * `start` and `length` (offsets in the view) and `missed` (events lost before it: only the
 * page's first record carries them; -1 when the count is unknown).
 */
export class PageRecords {
  /** The record's time: the ring buffer's count, or its TSC2NSEC nanoseconds (see `scale`). */
  ts = 0;
  start = 0;
  length = 0;
  missed = 0;
  private view!: BinaryView;
  /** The view's words (BinaryView.words: a little-endian file), else null. */
  private words: Int32Array | null = null;
  private little = true;
  private data = 0;
  private end = 0;
  private curr = 0;
  private pageMissed = 0;
  private first = true;
  /**
   * The ring buffer's own count at the current place in the page, as `rawHigh + raw`: the
   * u64's high half times 2^32 and the rest, both exact numbers. Past 2^53 (104 days of ns
   * clock) a single number holds only every other count, and adding each delta to it would
   * round every time: with odd deltas always the same way, a drift of a nanosecond per record.
   */
  private rawHigh = 0;
  private raw = 0;

  constructor(
    private readonly layout: PageLayout,
    /**
     * The raw count to the time the records are ordered by, when they are not the same:
     * TSC2NSEC's `(count * mult) >> shift`. libtracecmd converts every record's time before
     * it compares them (timestamp_calc in tracecmd_read_data), so counts that differ can
     * tie once converted, and a tie goes to the CPU listed first. Given the count as
     * `high + low` (see rawHigh).
     */
    private readonly scale: ((high: number, low: number) => number) | null = null,
  ) {}

  /** Loads the page at `page` (a view offset) of `pageSize` bytes; false when it has no data. */
  load(view: BinaryView, page: number, pageSize: number): boolean {
    const layout = this.layout;
    this.view = view;
    this.little = view.little;
    this.words = view.words;
    this.rawHigh = view.u64Hi(page) * 4294967296;
    this.raw = view.u64Lo(page);
    // The flags sit in the low 32 bits of the commit long (bits 31 and 30).
    const at = page + layout.commitOffset;
    const commit = layout.longSize === 8 ? view.u64Lo(at) : view.u32(at);
    const size = commit & COMMIT_MASK;
    this.data = page + layout.dataOffset;
    if (size > pageSize - layout.dataOffset) {
      view.fail(at, `a page whose header says ${size} bytes of data, more than its ${pageSize - layout.dataOffset} (corrupted)`);
    }
    this.end = this.data + size;
    this.curr = this.data;
    this.first = true;
    this.pageMissed = 0;
    if (commit & MISSED_EVENTS) {
      this.pageMissed = -1;
      if (commit & MISSED_STORED && this.end + layout.longSize <= page + pageSize) {
        this.pageMissed = layout.longSize === 8 ? view.u64(this.end) : view.u32(this.end);
      }
    }
    return size > 0;
  }

  next(): boolean {
    const v = this.view;
    const words = this.words;
    const end = this.end;
    while (this.curr < end) {
      const at = this.curr;
      if (at + 4 > end) v.fail(at, 'an event header cut by the end of the page data (corrupted)');
      // Events start on 4-byte boundaries: a word of the view (a damaged length may break that).
      const w = words !== null && (at & 3) === 0 ? words[at >> 2] >>> 0 : v.view.getUint32(at, this.little);
      const typeLen = this.little ? w & 31 : w >>> 27;
      const delta = this.little ? w >>> 5 : w & COMMIT_MASK;
      switch (typeLen) {
        case TYPE_PADDING:
          this.raw += delta;
          // A padding at the very end may say nothing readable: then the page ends here.
          if (at + 8 > end) {
            this.curr = end;
            return false;
          }
          this.curr = at + 4 + v.view.getUint32(at + 4, this.little);
          continue;
        case TYPE_TIME_EXTEND:
        case TYPE_TIME_STAMP: {
          if (at + 8 > end) v.fail(at, 'a time extend cut by the end of the page data (corrupted)');
          const array = v.view.getUint32(at + 4, this.little);
          if (typeLen === TYPE_TIME_EXTEND) this.raw += array * TS_SHIFT + delta;
          else {
            // array << 27 split at bit 32.
            this.rawHigh = (array >>> 5) * 4294967296;
            this.raw = (array & 31) * TS_SHIFT + delta;
          }
          this.curr = at + 8;
          continue;
        }
        case 0: {
          if (at + 8 > end) v.fail(at, 'an event length cut by the end of the page data (corrupted)');
          const len = (v.view.getUint32(at + 4, this.little) - 4 + 3) & ~3;
          this.start = at + 8;
          this.length = len;
          break;
        }
        default:
          this.start = at + 4;
          this.length = typeLen * 4;
      }
      this.raw += delta;
      this.ts = this.scale === null ? this.rawHigh + this.raw : this.scale(this.rawHigh, this.raw);
      this.curr = this.start + this.length;
      if (this.curr > end || this.length < 0) v.fail(at, `an event of ${this.length} bytes that runs past the page data (corrupted)`);
      this.missed = this.first ? this.pageMissed : 0;
      this.first = false;
      return true;
    }
    return false;
  }
}
