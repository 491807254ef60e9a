// Loaded into the collector by the soak bench (`node --expose-gc --import heapProbe.mjs …`): every
// ISOSCOPE_HEAP_EVERY_MS it collects garbage and appends the process's memory (RSS, V8 heap) as
// one JSON line to ISOSCOPE_HEAP_FILE, with its pid (a restarted collector is a new process). Bench only; nothing ships with it.
import { appendFileSync } from 'node:fs';

const file = process.env.ISOSCOPE_HEAP_FILE;
const every = Number(process.env.ISOSCOPE_HEAP_EVERY_MS ?? '60000');
if (file) {
  const sample = () => {
    globalThis.gc?.();
    const m = process.memoryUsage();
    appendFileSync(
      file,
      JSON.stringify({ t: Date.now(), pid: process.pid, rss: m.rss, heapUsed: m.heapUsed, external: m.external }) + '\n',
    );
  };
  setInterval(sample, every).unref();
  sample();
}
