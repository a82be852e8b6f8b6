// Case page: the resolve form offers the matter's materials for a one-time notification only.
(function () {
  "use strict";
  var outcome = document.getElementById("id_resolve-outcome");
  var materials = document.getElementById("id_resolve-notification_text");
  if (!outcome || !materials || !materials.dataset.materials) return;
  var filled = "";
  function follow() {
    var owed = outcome.value === "one_time_notified";
    if (owed && !materials.value.trim()) {
      materials.value = materials.dataset.materials;
      filled = materials.value;
    } else if (!owed && materials.value === filled) {
      materials.value = "";
    }
  }
  outcome.addEventListener("change", follow);
  follow();
})();
