// The lineage page's graph: ECharts' graph series over the JSON block #lineage-data (made by
// dev.larder.ui.catalog.LineageChart), drawn with the SVG renderer so that tests can find the
// nodes. Pan and zoom with the mouse (roam); a click on a node opens its page.
(function () {
  'use strict';
  var holder = document.getElementById('lineage-graph');
  var block = document.getElementById('lineage-data');
  if (!holder || !block || typeof echarts === 'undefined') {
    return;
  }
  var data = JSON.parse(block.textContent);

  function escapeHtml(text) {
    return String(text)
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;');
  }

  var chart = echarts.init(holder, null, { renderer: 'svg' });
  chart.setOption({
    animation: false,
    tooltip: {
      formatter: function (p) {
        if (p.dataType !== 'node') {
          return '';
        }
        var d = p.data;
        var lines = [escapeHtml(d.title), escapeHtml(data.categories[d.category].name)];
        if (d.role) {
          lines.push(escapeHtml(d.role));
        }
        if (d.current === false) {
          lines.push('no longer current');
        }
        return lines.join('<br>');
      }
    },
    legend: [{ data: data.categories.map(function (c) { return c.name; }), top: 0 }],
    series: [
      {
        type: 'graph',
        layout: 'none',
        roam: true,
        top: 40,
        categories: data.categories,
        data: data.nodes,
        links: data.links,
        symbolSize: 26,
        edgeSymbol: ['none', 'arrow'],
        edgeSymbolSize: 8,
        label: {
          show: true,
          position: 'bottom',
          formatter: function (p) { return p.data.title; }
        },
        lineStyle: { color: 'source', opacity: 0.7, curveness: 0.05 },
        emphasis: { focus: 'adjacency' }
      }
    ]
  });
  chart.on('click', function (p) {
    if (p.dataType === 'node' && p.data.url) {
      window.location.href = p.data.url;
    }
  });
  window.addEventListener('resize', function () { chart.resize(); });
  // for browser tests: the chart (to find a node's position) and a mark that it is drawn
  window.larderLineageChart = chart;
  holder.setAttribute('data-ready', 'true');
})();
