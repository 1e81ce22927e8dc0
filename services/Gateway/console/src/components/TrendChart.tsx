interface Day { date: string; opened: number; resolved: number }

/** Paired daily bars (opened / resolved) as SVG, with the numbers in a visually hidden table for screen readers. */
export function TrendChart({ days }: { days: Day[] }) {
  const max = Math.max(1, ...days.map((d) => Math.max(d.opened, d.resolved)));
  const width = 600;
  const height = 140;
  const slot = width / Math.max(1, days.length);
  const bar = Math.max(2, slot / 2 - 2);
  const totalOpened = days.reduce((n, d) => n + d.opened, 0);
  const totalResolved = days.reduce((n, d) => n + d.resolved, 0);
  return (
    <figure className="trend">
      <svg viewBox={`0 0 ${width} ${height + 18}`} role="img" aria-label={`${totalOpened} opened and ${totalResolved} resolved in ${days.length} days`}>
        <line x1="0" x2={width} y1={height} y2={height} className="axis" />
        {days.map((d, i) => (
          <g key={d.date}>
            <rect x={i * slot + 1} y={height - (d.opened / max) * height} width={bar} height={(d.opened / max) * height} className="opened"><title>{`${d.date}: ${d.opened} opened`}</title></rect>
            <rect x={i * slot + 1 + bar} y={height - (d.resolved / max) * height} width={bar} height={(d.resolved / max) * height} className="resolved"><title>{`${d.date}: ${d.resolved} resolved`}</title></rect>
          </g>
        ))}
        <text x="0" y={height + 14} className="tick">{days[0]?.date}</text>
        <text x={width} y={height + 14} className="tick" textAnchor="end">{days[days.length - 1]?.date}</text>
      </svg>
      <figcaption><span className="key opened" /> {totalOpened} opened <span className="key resolved" /> {totalResolved} resolved</figcaption>
      <table className="visually-hidden">
        <caption>Findings opened and resolved per day</caption>
        <thead><tr><th>Day</th><th>Opened</th><th>Resolved</th></tr></thead>
        <tbody>{days.map((d) => <tr key={d.date}><td>{d.date}</td><td>{d.opened}</td><td>{d.resolved}</td></tr>)}</tbody>
      </table>
    </figure>
  );
}
