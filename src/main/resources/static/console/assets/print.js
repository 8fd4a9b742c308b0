// The bulletin's 打印 button (kept out of the markup, no inline handlers).
(function () {
  var button = document.getElementById('print');
  if (button) {
    button.addEventListener('click', function () { window.print(); });
  }
})();
