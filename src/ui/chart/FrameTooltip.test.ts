/** The hover card is placed again only when what its size depends on changed. */
import { describe, expect, it } from 'vitest';
import { cardSizeKey } from './FrameTooltip';

const card = () => ({
  name: 'tcp_sendmsg',
  rows: [
    { label: 'Total', value: '1.20 ms' },
    { label: 'Calls', value: '3' },
  ],
  link: 'https://elixir.bootlin.com/linux/latest/A/ident/tcp_sendmsg',
  action: { label: 'Hook candidates under it', onClick: () => {} },
});

describe('cardSizeKey', () => {
  it('is the same for a card made anew with the same texts', () => {
    expect(cardSizeKey(card())).toBe(cardSizeKey(card()));
  });

  it('changes with any text or button of the card', () => {
    const base = cardSizeKey(card());
    const changed = [
      { ...card(), name: 'tcp_recvmsg' },
      { ...card(), rows: [{ label: 'Total', value: '12.0 ms' }, { label: 'Calls', value: '3' }] },
      { ...card(), rows: [{ label: 'Total', value: '1.20 ms', wrap: true }, { label: 'Calls', value: '3' }] },
      { ...card(), rows: card().rows.slice(0, 1) },
      { ...card(), link: null },
      { ...card(), note: 'A task: the sum of its calls' },
      { ...card(), action: undefined },
      { ...card(), actions: [{ label: 'Show the lines', onClick: () => {} }] },
      { ...card(), pinned: true },
    ];
    for (const c of changed) expect(cardSizeKey(c)).not.toBe(base);
  });
});
