// The sidebar's windowing: which items of a long list are in the DOM for a scroll position.
import { describe, expect, it } from 'vitest';
import { windowRange } from './Sidebar.js';

describe('windowRange', () => {
  it('renders the visible items plus the overscan on each side', () => {
    // List starts 100 px into the content, 50 px items, 400 px viewport scrolled to 1100 px:
    // items 20…27 are visible (1100−100)/50 = 20 to (1500−100)/50 = 28.
    expect(windowRange(100, 1100, 400, 50, 500, 8)).toEqual({ from: 12, to: 36 });
  });

  it('clamps at both ends of the list', () => {
    expect(windowRange(100, 0, 400, 50, 500, 8)).toEqual({ from: 0, to: 14 });
    expect(windowRange(100, 100 + 500 * 50 - 400, 400, 50, 500, 8)).toEqual({ from: 484, to: 500 });
  });

  it('renders nothing of a list scrolled far past, and nothing of an empty one', () => {
    expect(windowRange(0, 1e6, 400, 50, 500, 8)).toEqual({ from: 500, to: 500 });
    expect(windowRange(0, 0, 400, 50, 0)).toEqual({ from: 0, to: 0 });
  });
});
