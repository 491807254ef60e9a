// The chart's hooks into the page: whether it is on screen, its measured width, and the value
// it shows taken in an animation frame of its own (lib/frameJobs.ts). See charts.tsx for why.
import { useEffect, useRef, useState, type RefObject } from 'react';
import { flushSync } from 'react-dom';
import { frameJobs } from '../../lib/frameJobs.js';

/** Whether the element is on screen (or near it); true where IntersectionObserver is missing. */
export function useOnScreen(ref: RefObject<HTMLElement | null>): boolean {
  const [on, setOn] = useState(true);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof IntersectionObserver !== 'function') return;
    const io = new IntersectionObserver((entries) => setOn(entries.some((e) => e.isIntersecting)), { rootMargin: '100px' });
    io.observe(el);
    return () => io.disconnect();
  }, [ref]);
  return on;
}

/** The element's width in CSS pixels (null until measured). */
export function useWidth(ref: RefObject<HTMLElement | null>): number | null {
  const [width, setWidth] = useState<number | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver !== 'function') return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.round(entries[0]?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}

/**
 * `value` as the plot should show it: taken in an animation frame of its own (frameJobs), only
 * while `active` (on screen), the newest value when the frame comes. Null until the first frame.
 */
export function useFrameValue<T>(value: T, active: boolean): T | null {
  const [shown, setShown] = useState<T | null>(null);
  const latest = useRef(value);
  const [key] = useState(() => ({}));
  useEffect(() => {
    latest.current = value;
    if (!active || shown === value) return;
    frameJobs.schedule(key, () => flushSync(() => setShown(latest.current)));
  }, [value, active, shown, key]);
  useEffect(() => () => frameJobs.cancel(key), [key]);
  return shown;
}
