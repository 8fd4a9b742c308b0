// 数据看板: the 30-day trend, drawn from the numbers the page carries in data-* attributes.
(function () {
  var el = document.getElementById('trend');
  if (!el || !window.echarts) {
    return;
  }
  function list(text) {
    return text ? text.split(',') : [];
  }
  var chart = window.echarts.init(el);
  chart.setOption({
    tooltip: { trigger: 'axis' },
    legend: { data: ['收到', '办结'], top: 0 },
    grid: { left: 40, right: 16, top: 32, bottom: 28 },
    xAxis: { type: 'category', data: list(el.dataset.labels), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: '收到', type: 'line', smooth: true, data: list(el.dataset.received).map(Number), itemStyle: { color: '#c8161d' } },
      { name: '办结', type: 'line', smooth: true, data: list(el.dataset.resolved).map(Number), itemStyle: { color: '#1a7f37' } }
    ]
  });
  window.addEventListener('resize', function () { chart.resize(); });
})();
