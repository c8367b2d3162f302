import type uPlot from 'uplot';
import { bucketWindow, inferStep, msToPixel, nearestSeries, selectionWindow, type TimeWindow } from './chart-interaction';

export interface PointerOptions {
  /** a drag across the plot selected this window */
  onselect?: (window: TimeWindow) => void;
  /** a click on a bucket: its window and the name of the series drawn closest to the click */
  onpoint?: (bucket: TimeWindow, series: string) => void;
  /** the buckets' width in seconds; the smallest gap between points when absent */
  step?: number;
  /** the range the query asked for: the first and last buckets are cut to it */
  range?: TimeWindow;
  /** series names, in uPlot's order after the x series */
  names: string[];
}

const plotWidth = (u: uPlot) => u.over.clientWidth;
const xScale = (u: uPlot) => ({ min: u.scales.x!.min!, max: u.scales.x!.max! });

/**
 * Brush-to-zoom and click-through as a uPlot plugin. uPlot draws the selection while the
 * mouse is down (`cursor.drag`, with setScale off so the chart does not zoom itself); on
 * release the window goes to `onselect` and the selection is cleared, since the page
 * redraws for its new range. A press and release in one place is a click on the bucket
 * nearest the cursor (uPlot's `cursor.idx`).
 */
export function pointerPlugin(o: PointerOptions): uPlot.Plugin {
  let downX = NaN;
  const onDown = (e: MouseEvent) => (downX = e.clientX);
  return {
    hooks: {
      setSelect: [
        (u) => {
          if (!o.onselect || u.select.width === 0) return;
          const window = selectionWindow(u.select.left, u.select.width, plotWidth(u), xScale(u));
          u.setSelect({ left: 0, top: 0, width: 0, height: 0 }, false);
          if (window) o.onselect(window);
        },
      ],
      ready: [
        (u) => {
          if (!o.onpoint) return;
          const onpoint = o.onpoint;
          u.over.addEventListener('mousedown', onDown);
          u.over.addEventListener('click', (e) => {
            // the end of a drag is not a click on a point
            if (Math.abs(e.clientX - downX) >= 4) return;
            const idx = u.cursor.idx;
            const xs = u.data[0];
            if (idx == null || xs[idx] == null) return;
            const positions = u.series.map((s, i) => {
              const v = u.data[i]?.[idx];
              return i === 0 || !s.show || v == null ? null : u.valToPos(v, s.scale ?? 'y');
            });
            const series = nearestSeries(u.cursor.top ?? 0, positions);
            if (series === undefined) return;
            onpoint(bucketWindow(xs[idx]! * 1000, o.step ?? inferStep(xs as number[]), o.range), o.names[series - 1] ?? '');
          });
        },
      ],
    },
  };
}

/** A mark over the plot, in CSS pixels from the plot area's top-left corner. */
export interface PlacedMark<T> {
  item: T;
  left: number;
  top: number;
}

/**
 * Places items (exemplars) over the plot after each draw and hands their positions to
 * `place`, which renders them as links: clickable and focusable, unlike canvas pixels.
 * `value` null puts an item on the bottom edge (its value is not in the chart's unit);
 * items outside the x scale are left out.
 */
export function marksPlugin<T extends { time: number; value: number | null }>(items: readonly T[], place: (marks: PlacedMark<T>[], offset: { left: number; top: number }) => void): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u) => {
          const width = plotWidth(u);
          const height = u.over.clientHeight;
          const marks: PlacedMark<T>[] = [];
          for (const item of items) {
            const left = msToPixel(item.time, width, xScale(u));
            if (!(left >= 0 && left <= width)) continue;
            const top = item.value === null ? height - 4 : Math.min(height, Math.max(0, u.valToPos(item.value, 'y')));
            marks.push({ item, left, top });
          }
          // the plot area's corner within the element uPlot was mounted in, where the marks are laid
          const over = u.over.getBoundingClientRect();
          const mount = (u.root.parentElement ?? u.root).getBoundingClientRect();
          place(marks, { left: over.left - mount.left, top: over.top - mount.top });
        },
      ],
    },
  };
}
