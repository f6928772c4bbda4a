/* Two small inline-SVG charts for the dashboard: horizontal bars and a line over days.
 * Drawn at the container's real width so text stays at its real size on a phone or a wall screen.
 * Each chart is role="img" with a spoken summary; the page also shows the numbers as a table. */
(function () {
  'use strict';

  var SVG = 'http://www.w3.org/2000/svg';

  function node(tag, attrs, text) {
    var element = document.createElementNS(SVG, tag);
    for (var key in attrs) element.setAttribute(key, String(attrs[key]));
    if (text !== undefined) element.textContent = text;
    return element;
  }

  function widthOf(container) {
    return Math.max(260, Math.floor(container.clientWidth || 600));
  }

  function frame(width, height, label) {
    return node('svg', { width: width, height: height, viewBox: '0 0 ' + width + ' ' + height, role: 'img', 'aria-label': label, class: 'chart', focusable: 'false' });
  }

  /**
   * Horizontal bars, one row per item: its label above, the bar, and its value at the bar's end.
   * items: [{ label, value, valueText }]; max defaults to the largest value (1 for shares).
   */
  function bars(container, options) {
    var items = options.items;
    var width = widthOf(container);
    var row = 46;
    var valueRoom = 96;
    var height = Math.max(row, items.length * row);
    var max = options.max || Math.max.apply(null, items.map(function (item) { return item.value || 0; }).concat([1]));
    var summary = options.label + ': ' + items.map(function (item) { return item.label + ' ' + item.valueText; }).join('; ');
    var svg = frame(width, height, summary);
    items.forEach(function (item, index) {
      var top = index * row;
      var length = Math.round(((item.value || 0) / max) * (width - valueRoom));
      var group = node('g', { class: 'bar-row' });
      group.appendChild(node('text', { x: 0, y: top + 15, class: 'chart-label' }, item.label));
      group.appendChild(node('rect', { x: 0, y: top + 22, width: width - valueRoom, height: 16, class: 'chart-track', rx: 2 }));
      if (length > 0) group.appendChild(node('rect', { x: 0, y: top + 22, width: Math.max(2, length), height: 16, class: 'chart-bar ' + (item.tone || ''), rx: 2 }));
      group.appendChild(node('text', { x: width - valueRoom + 8, y: top + 35, class: 'chart-value' }, item.valueText));
      svg.appendChild(group);
    });
    container.appendChild(svg);
    return svg;
  }

  /**
   * A line over days with a point per day; a day with nothing started (y null) leaves a gap rather
   * than pretending to be 0%. points: [{ x: label, y: 0..1 | null, note }]; yFormat formats ticks.
   */
  function line(container, options) {
    var points = options.points;
    var width = widthOf(container);
    var height = 220;
    var left = 48;
    var right = 16;
    var top = 12;
    var bottom = 30;
    var plotWidth = width - left - right;
    var plotHeight = height - top - bottom;
    var yMax = options.yMax || 1;
    var svg = frame(width, height, options.label);

    [0, 0.25, 0.5, 0.75, 1].forEach(function (fraction) {
      var y = top + plotHeight - fraction * plotHeight;
      svg.appendChild(node('line', { x1: left, x2: width - right, y1: y, y2: y, class: fraction === 0 ? 'chart-axis' : 'chart-grid' }));
      svg.appendChild(node('text', { x: left - 6, y: y + 4, class: 'chart-tick', 'text-anchor': 'end' }, options.yFormat(fraction * yMax)));
    });

    var step = points.length > 1 ? plotWidth / (points.length - 1) : 0;
    function xAt(index) { return points.length > 1 ? left + index * step : left + plotWidth / 2; }
    function yAt(value) { return top + plotHeight - (Math.min(value, yMax) / yMax) * plotHeight; }

    // At most about one x label per 80 px, always including the last day.
    var every = Math.max(1, Math.ceil(points.length / Math.max(1, Math.floor(plotWidth / 80))));
    points.forEach(function (point, index) {
      if (index % every === 0 || index === points.length - 1) {
        if (index !== points.length - 1 && points.length - 1 - index < every / 2) return;
        svg.appendChild(node('text', { x: xAt(index), y: height - 8, class: 'chart-tick', 'text-anchor': 'middle' }, point.x));
      }
    });

    var path = '';
    var pen = false;
    points.forEach(function (point, index) {
      if (point.y === null || point.y === undefined) { pen = false; return; }
      path += (pen ? 'L' : 'M') + xAt(index).toFixed(1) + ' ' + yAt(point.y).toFixed(1) + ' ';
      pen = true;
    });
    if (path) svg.appendChild(node('path', { d: path.trim(), class: 'chart-line' }));
    points.forEach(function (point, index) {
      if (point.y === null || point.y === undefined) return;
      var dot = node('circle', { cx: xAt(index), cy: yAt(point.y), r: 4, class: 'chart-dot' });
      dot.appendChild(node('title', {}, point.note));
      svg.appendChild(dot);
    });
    container.appendChild(svg);
    return svg;
  }

  window.KhidmatCharts = { bars: bars, line: line };
})();
