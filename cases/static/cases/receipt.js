// The receipt's print button (no inline onclick: the Content-Security-Policy forbids it).
(function () {
  var button = document.getElementById("print");
  if (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  }
})();
