// 问卷统计: charts drawn from the tables on the page (rates by community, trend by week, distributions).
(function () {
  if (!window.echarts) {
    return;
  }
  function pct(x) {
    return Math.round(x * 1000) / 10;
  }
  function rateChart(el) {
    var table = document.getElementById(el.dataset.table);
    if (!table) {
      return;
    }
    var heads = Array.prototype.map.call(table.querySelectorAll('thead th'), function (th) { return th.textContent; }).slice(1);
    var rows = table.querySelectorAll('tbody tr[data-code]');
    if (!rows.length) {
      el.style.display = 'none';
      return;
    }
    var groups = [];
    var series = heads.map(function (name) {
      return { name: name, type: el.dataset.kind === 'line' ? 'line' : 'bar', data: [], connectNulls: true };
    });
    Array.prototype.forEach.call(rows, function (tr) {
      groups.push(tr.querySelector('th').textContent);
      Array.prototype.forEach.call(tr.querySelectorAll('td.rate'), function (td, i) {
        series[i].data.push(td.dataset.value === '' ? null : {
          value: pct(Number(td.dataset.value)),
          low: pct(Number(td.dataset.low)), high: pct(Number(td.dataset.high)), n: td.dataset.n,
          small: td.dataset.small === 'true',
          itemStyle: td.dataset.small === 'true' ? { opacity: 0.45 } : undefined
        });
      });
    });
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: {
        trigger: 'item',
        formatter: function (p) {
          var d = p.data || {};
          var esc = window.echarts.format.encodeHTML;
          return esc(p.name) + ' · ' + esc(p.seriesName) + '<br>' + d.value + '%  [' + d.low + '%–' + d.high + '%]  n=' + d.n
            + (d.small ? '（样本不足）' : '');
        }
      },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 60 },
      xAxis: { type: 'category', data: groups, axisLabel: { rotate: groups.length > 6 ? 30 : 0, hideOverlap: true } },
      yAxis: { type: 'value', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
      series: series
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }
  function distChart(el) {
    var table = document.getElementById(el.dataset.table);
    if (!table) {
      return;
    }
    var labels = [];
    var counts = [];
    Array.prototype.forEach.call(table.querySelectorAll('tr[data-label]'), function (tr) {
      labels.push(tr.dataset.label);
      counts.push(Number(tr.dataset.count));
    });
    var chart = window.echarts.init(el);
    chart.setOption({
      tooltip: { trigger: 'axis' },
      grid: { left: 110, right: 20, top: 8, bottom: 20 },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: { type: 'category', data: labels, inverse: true },
      series: [{ type: 'bar', data: counts, itemStyle: { color: '#c8161d' } }]
    });
    window.addEventListener('resize', function () { chart.resize(); });
  }
  document.querySelectorAll('.chart[data-kind]').forEach(rateChart);
  document.querySelectorAll('.dist-chart').forEach(distChart);
})();
