// The export page's "All columns" box (import-export's own template wires it inline,
// which the Content-Security-Policy forbids); onSelectToggleChange comes from its script.
document.addEventListener("DOMContentLoaded", function () {
  var toggle = document.getElementById("select-all-toggle");
  if (toggle && typeof onSelectToggleChange === "function") {
    toggle.addEventListener("change", onSelectToggleChange);
  }
});
