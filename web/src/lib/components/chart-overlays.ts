import uPlot from 'uplot';

/** A horizontal reference line: a burn-rate threshold (dashed) or zero (solid). */
export interface ChartThreshold {
  /** in the chart's value unit */
  value: number;
  color: string;
  /** drawn at the right end, above the line */
  label?: string;
  solid?: boolean;
}

/** A vertical line at a moment, e.g. a deploy. */
export interface ChartMarker {
  /** epoch milliseconds or RFC 3339 */
  time: number | string;
  label: string;
  /** the line's colour; the axis colour when absent */
  color?: string;
}

/** A point that links somewhere, drawn over the plot as a link: a metric's exemplar and its trace. */
export interface ChartExemplar {
  /** epoch milliseconds */
  time: number;
  /** in the chart's value unit; null puts it on the bottom edge (a value the chart's unit cannot show) */
  value: number | null;
  href: string;
  /** what a hover or a screen reader says about it */
  label: string;
}

/** Epoch seconds (uPlot's x unit) of a marker; NaN when unreadable. */
export function markerSeconds(time: number | string): number {
  return (typeof time === 'number' ? time : Date.parse(time)) / 1000;
}

/**
 * Draws thresholds and markers over the plot area after the series, clipped to it.
 * Lines outside the visible scales are left out.
 */
export function overlayPlugin(thresholds: readonly ChartThreshold[], markers: readonly ChartMarker[], markerColor: string): uPlot.Plugin {
  const draw = (u: uPlot) => {
    const ctx = u.ctx;
    const px = uPlot.pxRatio;
    const { left, top, width, height } = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(left, top, width, height);
    ctx.clip();
    ctx.lineWidth = px;
    ctx.font = `${10 * px}px system-ui, sans-serif`;
    for (const t of thresholds) {
      const y = u.valToPos(t.value, 'y', true);
      if (!Number.isFinite(y) || y < top - 1 || y > top + height + 1) continue;
      ctx.strokeStyle = t.color;
      ctx.setLineDash(t.solid ? [] : [6 * px, 4 * px]);
      ctx.beginPath();
      ctx.moveTo(left, y);
      ctx.lineTo(left + width, y);
      ctx.stroke();
      if (t.label) {
        ctx.fillStyle = t.color;
        ctx.textAlign = 'right';
        ctx.textBaseline = 'bottom';
        ctx.fillText(t.label, left + width - 4 * px, y - 2 * px);
      }
    }
    ctx.strokeStyle = markerColor;
    ctx.fillStyle = markerColor;
    ctx.setLineDash([2 * px, 3 * px]);
    ctx.textBaseline = 'top';
    ctx.textAlign = 'left';
    /** label extents taken so far, per row of text */
    const rows: [number, number][][] = [];
    for (const m of markers) {
      const x = u.valToPos(markerSeconds(m.time), 'x', true);
      if (!Number.isFinite(x) || x < left || x > left + width) continue;
      ctx.strokeStyle = m.color ?? markerColor;
      ctx.fillStyle = m.color ?? markerColor;
      ctx.beginPath();
      ctx.moveTo(x, top);
      ctx.lineTo(x, top + height);
      ctx.stroke();
      // right of the line unless that runs out of the plot; a row lower when it would overlap a label
      const w = ctx.measureText(m.label).width;
      const x0 = x + 3 * px + w <= left + width ? x + 3 * px : x - 3 * px - w;
      let row = rows.findIndex((spans) => spans.every(([a, b]) => x0 + w < a || x0 > b));
      if (row < 0) row = rows.push([]) - 1;
      rows[row]!.push([x0, x0 + w]);
      ctx.fillText(m.label, x0, top + (2 + row * 12) * px);
    }
    ctx.restore();
  };
  return { hooks: { draw: [draw] } };
}
