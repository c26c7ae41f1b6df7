/** The open screen (nothing loaded): where to drop, what it reads, how to record a trace. */
export function Landing() {
  return (
    <section className="landing" aria-labelledby="landing-title">
      <div className="landing-drop">
        <h2 id="landing-title">Open an ftrace trace</h2>
        <p>
          Drop a file anywhere on this page, or use <strong>Open a trace file…</strong> above: a <code>trace.dat</code> as it
          is, text, or either gzipped; the file stays on this computer.
        </p>
      </div>
      <div className="landing-help">
        <h3>What it reads</h3>
        <ul>
          <li>
            the <code>trace.dat</code> that <code>trace-cmd record</code> writes (no <code>trace-cmd report</code> needed)
          </li>
          <li>
            <code>trace-cmd report</code> output of the <code>function_graph</code> or <code>function</code> tracer
          </li>
          <li>
            the kernel&apos;s own text: <code>/sys/kernel/tracing/trace</code> or <code>trace_pipe</code>
          </li>
        </ul>
        <h3>Record one</h3>
        {/* The file record writes opens as it is: the report step (text) is only for reading it elsewhere. */}
        <pre>
          <code>{'sudo trace-cmd record -p function_graph -F curl http://example.org/\n# then open trace.dat here'}</code>
        </pre>
      </div>
    </section>
  );
}
