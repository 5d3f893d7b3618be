// A small SVG line of one rate over the last POINTS answers (about a minute): one step per answer,
// newest on the right, gaps where there was no rate. Steps, not clock time: a headless browser's
// virtual clock (screenshots) runs the polls back to back and still draws a full line.
import { POINTS } from './history.js';

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 120;
const HEIGHT = 24;

export function sparkline(label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'spark');
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  svg.setAttribute('preserveAspectRatio', 'none'); // the style sheet sizes it
  svg.setAttribute('role', 'img');
  const title = document.createElementNS(SVG, 'title');
  title.textContent = label;
  const base = document.createElementNS(SVG, 'line');
  base.setAttribute('class', 'base');
  base.setAttribute('x1', 0);
  base.setAttribute('x2', WIDTH);
  base.setAttribute('y1', HEIGHT - 0.5);
  base.setAttribute('y2', HEIGHT - 0.5);
  const line = document.createElementNS(SVG, 'path');
  line.setAttribute('class', 'line');
  svg.append(title, base, line);
  svg.dataset.label = label;
  return svg;
}

/** Draws points [{t, r}] (r per second, null for a gap), the last one at the right edge. */
export function draw(svg, points) {
  const max = points.reduce((m, p) => (p.r !== null && p.r > m ? p.r : m), 0);
  let d = '';
  let gap = true;
  const offset = POINTS - points.length;
  points.forEach((p, i) => {
    if (p.r === null) {
      gap = true;
      return;
    }
    const x = (WIDTH * (offset + i)) / (POINTS - 1);
    const y = max > 0 ? HEIGHT - 1 - ((HEIGHT - 3) * p.r) / max : HEIGHT - 1;
    d += `${gap ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
    gap = false;
  });
  svg.querySelector('path').setAttribute('d', d);
  svg.querySelector('title').textContent = `${svg.dataset.label}, last minute (peak ${max.toFixed(1)}/s)`;
}
