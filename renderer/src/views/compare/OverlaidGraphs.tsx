// The resource graphs of both sides on the same axes: CPU and memory over the same window.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { HistoryPoint } from '../../../../shared/ipc/contract.js';
import { formatBytes, formatTime } from '../../lib/format.js';

interface Props {
  a: { label: string; points: HistoryPoint[] };
  b: { label: string; points: HistoryPoint[] };
}

const COLORS = { a: '#2563eb', b: '#dc2626' };

function Chart({
  title,
  a,
  b,
  pick,
  fmt,
}: Props & { title: string; pick: (p: HistoryPoint) => number | null; fmt: (v: number) => string }) {
  const series = (points: HistoryPoint[]) => points.map((p) => ({ t: p.t, v: pick(p) })).filter((x) => x.v !== null);
  const sa = series(a.points);
  const sb = series(b.points);
  if (sa.length + sb.length === 0) {
    return (
      <section className="chart-card" data-chart={title}>
        <h3>{title}</h3>
        <p className="muted">
          No samples for either side
          {a.points.length + b.points.length === 0 ? ' (a host, or a snapshot saved without history)' : ''}.
        </p>
      </section>
    );
  }
  return (
    <section className="chart-card" data-chart={title}>
      <h3>{title}</h3>
      <ResponsiveContainer width="100%" height={180}>
        <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" strokeOpacity={0.3} />
          <XAxis dataKey="t" type="number" domain={['dataMin', 'dataMax']} tickFormatter={formatTime} fontSize={11} />
          <YAxis tickFormatter={fmt} fontSize={11} width={70} />
          <Tooltip labelFormatter={(t) => formatTime(Number(t))} formatter={(v) => fmt(Number(v))} />
          <Legend />
          <Line data={sa} dataKey="v" name={`A: ${a.label}`} stroke={COLORS.a} dot={false} isAnimationActive={false} />
          <Line data={sb} dataKey="v" name={`B: ${b.label}`} stroke={COLORS.b} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </section>
  );
}

export function OverlaidGraphs(props: Props) {
  return (
    <div className="chart-grid">
      <Chart {...props} title="CPU" pick={(p) => p.cpuPercent} fmt={(v) => `${v.toFixed(v < 10 ? 1 : 0)} %`} />
      <Chart {...props} title="Memory" pick={(p) => p.memoryBytes} fmt={(v) => formatBytes(v)} />
    </div>
  );
}
