/**
 * B's name of a function or path the two builds name apart (matched by base name:
 * core/query/build-names.ts), shown beside A's: `tcp_sendmsg_locked.isra.0` in A is
 * `tcp_sendmsg_locked.isra.1` in B. Trace text, rendered as text only.
 */
export function NameInB({ name }: { name: string | null }) {
  if (name === null) return null;
  return (
    <span className="cmp-name-b" title="B's name of it: the two builds name this clone apart; matched by its base name (Names: Exact keeps them apart)">
      {' '}
      <span className="visually-hidden">named in B </span>B: {name}
    </span>
  );
}
