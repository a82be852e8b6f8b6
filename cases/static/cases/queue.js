// Department queue: "select all" ticks every case of the page for the bulk assignment.
(function () {
  "use strict";
  var all = document.getElementById("select-all");
  if (!all) return;
  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll('input[name="cases"][form="bulk-assign"]'));
  }
  function follow() {
    var list = boxes();
    var ticked = list.filter(function (box) { return box.checked; }).length;
    all.checked = list.length > 0 && ticked === list.length;
    all.indeterminate = ticked > 0 && ticked < list.length;
  }
  all.hidden = false;
  all.parentElement.hidden = false;
  all.addEventListener("change", function () {
    boxes().forEach(function (box) { box.checked = all.checked; });
    follow();
  });
  boxes().forEach(function (box) { box.addEventListener("change", follow); });
  follow();
})();
