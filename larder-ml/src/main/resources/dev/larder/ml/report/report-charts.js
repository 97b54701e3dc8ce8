/* Larder training report charts: drawn with ECharts' SVG renderer from the JSON each report holds. */
(function () {
  'use strict';
  var charts = [];
  var COLORS = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563', '#ca8a04'];

  function fmt(v) {
    return v === null || v === undefined ? 'n/a' : Number(v).toFixed(4);
  }

  function draw(root, name, option) {
    var el = root.querySelector('.larder-chart[data-chart="' + name + '"]');
    if (!el) {
      return;
    }
    var chart = echarts.init(el, null, {renderer: 'svg'});
    option.animation = false;
    chart.setOption(option);
    charts.push(chart);
  }

  function unitAxis(name) {
    return {type: 'value', min: 0, max: 1, name: name, nameLocation: 'middle', nameGap: 28};
  }

  function xy(points) {
    return points.map(function (p) { return [p[0], p[1]]; });
  }

  /**
   * Options of a chart of unit-square curves; the legend lists one line per series inside the
   * plot's empty corner (bottom right for ROC, bottom left for precision-recall).
   */
  function curveOption(xName, yName, series, diagonal) {
    var all = series.slice();
    if (diagonal) {
      all.push({name: 'chance', type: 'line', data: [[0, 0], [1, 1]], showSymbol: false,
        itemStyle: {color: '#9aa5b1'}, lineStyle: {type: 'dashed', color: '#9aa5b1', width: 1},
        silent: true});
    }
    return {
      color: COLORS,
      grid: {left: 56, right: 24, top: 16, bottom: 48},
      legend: diagonal
        ? {orient: 'vertical', right: 32, bottom: 60, backgroundColor: 'rgba(255,255,255,0.85)'}
        : {orient: 'vertical', left: 66, bottom: 60, backgroundColor: 'rgba(255,255,255,0.85)'},
      tooltip: {trigger: 'item', valueFormatter: fmt},
      xAxis: unitAxis(xName),
      yAxis: unitAxis(yName),
      series: all
    };
  }

  function line(name, points) {
    return {name: name, type: 'line', data: xy(points), showSymbol: false, step: false,
      lineStyle: {width: 2}};
  }

  function drawReport(root, r) {
    if (r.roc.length > 0) {
      draw(root, 'roc', curveOption('False positive rate', 'True positive rate',
        [line('ROC (AUC ' + fmt(r.metrics.roc_auc) + ')', r.roc)], true));
    }
    if (r.precision_recall.points.length > 0) {
      draw(root, 'precision-recall', curveOption('Recall', 'Precision',
        [line('Precision–recall (AP ' + fmt(r.precision_recall.average_precision) + ')',
          r.precision_recall.points)], false));
    }
    var cm = r.confusion_matrix;
    var max = Math.max(cm[0][0], cm[0][1], cm[1][0], cm[1][1], 1);
    draw(root, 'confusion-matrix', {
      grid: {left: 80, right: 24, top: 16, bottom: 48},
      tooltip: {trigger: 'item', formatter: function (p) {
        return 'actual ' + (1 - p.value[1]) + ', predicted ' + p.value[0] + ': ' + p.value[2];
      }},
      xAxis: {type: 'category', data: ['predicted 0', 'predicted 1'], splitArea: {show: true}},
      yAxis: {type: 'category', data: ['actual 1', 'actual 0'], splitArea: {show: true}},
      visualMap: {min: 0, max: max, show: false, inRange: {color: ['#eff6ff', '#1d4ed8']}},
      series: [{name: 'rows', type: 'heatmap', label: {show: true, fontSize: 16},
        data: [[0, 1, cm[0][0]], [1, 1, cm[0][1]], [0, 0, cm[1][0]], [1, 0, cm[1][1]]]}]
    });
    var weights = r.feature_weights.features.slice().reverse();
    if (weights.length > 0) {
      var coefficients = r.feature_weights.kind === 'coefficients';
      draw(root, 'feature-weights', {
        grid: {left: 120, right: 32, top: 16, bottom: 40},
        tooltip: {trigger: 'item', valueFormatter: fmt},
        xAxis: {type: 'value', name: coefficients ? 'coefficient' : 'relative importance',
          nameLocation: 'middle', nameGap: 26},
        yAxis: {type: 'category', data: weights.map(function (w) { return w.name; }),
          axisLabel: {interval: 0}},
        series: [{name: coefficients ? 'coefficient' : 'importance', type: 'bar',
          data: weights.map(function (w) {
            return {value: w.value, itemStyle: {color: w.value < 0 ? '#dc2626' : '#2563eb'}};
          })}]
      });
    }
    var b = r.class_balance;
    draw(root, 'class-balance', {
      color: ['#93c5fd', '#1d4ed8'],
      grid: {left: 56, right: 24, top: 36, bottom: 32},
      legend: {top: 4},
      tooltip: {trigger: 'item'},
      xAxis: {type: 'category', data: ['train', 'test']},
      yAxis: {type: 'value', name: 'rows'},
      series: [
        {name: 'class 0', type: 'bar', stack: 'rows', label: {show: true},
          data: [b.train['0'], b.test['0']]},
        {name: 'class 1', type: 'bar', stack: 'rows', label: {show: true},
          data: [b.train['1'], b.test['1']]}
      ]
    });
    if (r.cross_validation && r.cross_validation.folds.length > 0) {
      var folds = r.cross_validation.folds;
      var names = Object.keys(folds[0]).filter(function (m) { return m !== 'log_loss'; });
      var points = [];
      var boxes = names.map(function (m, i) {
        var values = folds.map(function (f) { return f[m]; }).filter(function (v) {
          return v !== null;
        }).sort(function (a, c) { return a - c; });
        values.forEach(function (v) { points.push([i, v]); });
        return quartiles(values);
      });
      draw(root, 'cross-validation', {
        color: COLORS,
        grid: {left: 56, right: 24, top: 36, bottom: 32},
        legend: {top: 4},
        tooltip: {trigger: 'item'},
        xAxis: {type: 'category', data: names, axisLabel: {interval: 0}},
        yAxis: {type: 'value', scale: true},
        series: [
          {name: 'spread over folds', type: 'boxplot', data: boxes},
          {name: 'fold', type: 'scatter', data: points, symbolSize: 7}
        ]
      });
    }
  }

  function quartiles(sorted) {
    if (sorted.length === 0) {
      return [0, 0, 0, 0, 0];
    }
    function at(q) {
      var pos = (sorted.length - 1) * q;
      var lo = Math.floor(pos);
      var hi = Math.ceil(pos);
      return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
    }
    return [sorted[0], at(0.25), at(0.5), at(0.75), sorted[sorted.length - 1]];
  }

  function drawCompare(root, c) {
    var withRoc = c.runs.filter(function (r) { return r.roc.length > 0; });
    if (withRoc.length > 0) {
      draw(root, 'roc', curveOption('False positive rate', 'True positive rate',
        withRoc.map(function (r) {
          return line(r.label + ' (AUC ' + fmt(r.metrics.roc_auc) + ')', r.roc);
        }), true));
    }
    var withPr = c.runs.filter(function (r) { return r.precision_recall.points.length > 0; });
    if (withPr.length > 0) {
      draw(root, 'precision-recall', curveOption('Recall', 'Precision',
        withPr.map(function (r) {
          return line(r.label + ' (AP ' + fmt(r.precision_recall.average_precision) + ')',
            r.precision_recall.points);
        }), false));
    }
    var metrics = c.metrics.filter(function (m) { return m !== 'log_loss'; });
    draw(root, 'metrics', {
      color: COLORS,
      grid: {left: 56, right: 24, top: 36, bottom: 32},
      legend: {top: 4, type: 'scroll'},
      tooltip: {trigger: 'item', valueFormatter: fmt},
      xAxis: {type: 'category', data: metrics, axisLabel: {interval: 0}},
      yAxis: {type: 'value', min: 0, max: 1},
      series: c.runs.map(function (r) {
        return {name: r.label, type: 'bar',
          data: metrics.map(function (m) { return r.metrics[m]; })};
      })
    });
  }

  function init() {
    var roots = document.querySelectorAll('[data-larder-report], [data-larder-compare]');
    Array.prototype.forEach.call(roots, function (root) {
      if (root.getAttribute('data-drawn') === 'true') {
        return;
      }
      root.setAttribute('data-drawn', 'true');
      var data = JSON.parse(root.querySelector('script[type="application/json"]').textContent);
      if (root.hasAttribute('data-larder-compare')) {
        drawCompare(root, data);
      } else {
        drawReport(root, data);
      }
    });
  }

  window.addEventListener('resize', function () {
    charts.forEach(function (c) { c.resize(); });
  });
  window.larderReportCharts = {init: init};
  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
})();
