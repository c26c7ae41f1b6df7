/**
 * A function's name typed in compare mode's settings (the function of "Per call of…", of
 * "Paths from"): applied on Enter and when the field loses focus. The name is trace text
 * (typed or taken from a frame): an input's value, never markup.
 */
export function FunctionNameField(p: { label: string; placeholder: string; value: string; onChange: (value: string) => void; onApply: (value: string) => void }) {
  return (
    <form
      className="toolbar-field"
      onSubmit={(e) => {
        e.preventDefault();
        p.onApply(p.value);
      }}
    >
      <input
        className="cmp-root"
        aria-label={p.label}
        placeholder={p.placeholder}
        value={p.value}
        spellCheck={false}
        onChange={(e) => p.onChange(e.target.value)}
        onBlur={() => p.onApply(p.value)}
      />
    </form>
  );
}
