// Intake page: route sections, keyboard shortcuts and the duty-list search.
// Everything here is a convenience: without JavaScript the form still works.
(function () {
  "use strict";
  var form = document.getElementById("intake-form");
  if (!form) return;
  var $ = function (selector) { return form.querySelector(selector); };
  var routeRadios = form.querySelectorAll('input[name="route"]');
  var matterSelect = $("#id_matter");
  var searchBox = $("#matter-search");
  var results = $("#matter-results");
  var panel = $("#matter-panel");
  var notification = $("#id_notification_text");
  var toDepartment = $("#id_to_department");
  var autoFilledNotification = "";

  function currentRoute() {
    var checked = form.querySelector('input[name="route"]:checked');
    return checked ? checked.value : "";
  }

  function showRoute() {
    var route = currentRoute();
    form.querySelectorAll(".route-part").forEach(function (part) {
      part.hidden = part.dataset.routes.split(" ").indexOf(route) === -1;
    });
  }

  function chooseRoute(index) {
    var radio = routeRadios[index];
    if (!radio) return;
    radio.checked = true;
    showRoute();
    var part = form.querySelector('.route-part:not([hidden]) select, .route-part:not([hidden]) textarea, .route-part:not([hidden]) input');
    (part || radio).focus();
  }

  routeRadios.forEach(function (radio) { radio.addEventListener("change", showRoute); });
  showRoute();

  // Anonymous: nothing to ask about the person.
  var anonymous = $("#id_is_anonymous");
  function showPerson() {
    form.querySelectorAll(".person-fields input").forEach(function (input) {
      input.disabled = anonymous.checked;
    });
  }
  anonymous.addEventListener("change", showPerson);
  showPerson();

  form.querySelectorAll(".pick-staff").forEach(function (button) {
    button.addEventListener("click", function () { $("#id_first_staff").value = button.dataset.staff; });
  });

  document.addEventListener("keydown", function (event) {
    if (event.altKey && /^Digit[1-4]$/.test(event.code)) {
      event.preventDefault();
      chooseRoute(Number(event.code.slice(5)) - 1);
    } else if (event.altKey && event.code === "KeyM") {
      event.preventDefault();
      searchBox.focus();
    } else if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // --- duty-list search -----------------------------------------------------------
  var options = [];
  var active = -1;
  var timer = null;

  function closeResults() {
    results.hidden = true;
    searchBox.setAttribute("aria-expanded", "false");
    searchBox.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var items = results.querySelectorAll("li");
    if (!items.length) return;
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    searchBox.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function render(found) {
    options = found;
    results.innerHTML = "";
    found.forEach(function (matter, i) {
      var item = document.createElement("li");
      item.id = "matter-option-" + i;
      item.setAttribute("role", "option");
      item.textContent = matter.name + " · " + matter.department.name;
      item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(i); });
      results.appendChild(item);
    });
    results.hidden = !found.length;
    searchBox.setAttribute("aria-expanded", found.length ? "true" : "false");
    if (found.length) highlight(0);
  }

  function fetchMatters(params, then) {
    var url = form.dataset.matterSearch + "?" + new URLSearchParams(params).toString();
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { results: [] }; })
      .then(function (data) { then(data.results || []); })
      .catch(function () { then([]); });
  }

  function showMatter(matter) {
    panel.hidden = false;
    panel.querySelector('[data-slot="department"]').textContent = matter.department.name;
    var limitRow = panel.querySelector('[data-slot="time-limit-row"]');
    limitRow.hidden = !matter.time_limit;
    panel.querySelector('[data-slot="time-limit"]').textContent = matter.time_limit || "";
    var list = panel.querySelector('[data-slot="materials"]');
    list.innerHTML = "";
    matter.materials.forEach(function (line) {
      var item = document.createElement("li");
      item.textContent = line;
      list.appendChild(item);
    });
    // The catalogue proposes; the clerk confirms (and may change both).
    if (toDepartment && (!toDepartment.value || toDepartment.dataset.proposed === toDepartment.value)) {
      toDepartment.value = String(matter.department.id);
      toDepartment.dataset.proposed = toDepartment.value;
    }
    if (notification && (!notification.value.trim() || notification.value === autoFilledNotification)) {
      notification.value = matter.materials_text;
      autoFilledNotification = notification.value;
    }
  }

  function pick(index) {
    var matter = options[index];
    if (!matter) return;
    matterSelect.value = String(matter.id);
    if (duplicates && rowTemplate) lookForDuplicates();
    showMatter(matter);
    closeResults();
    searchBox.value = matter.name;
    // Next: who was asked (the route comes after).
    $("#id_first_staff").focus();
  }

  searchBox.addEventListener("input", function () {
    clearTimeout(timer);
    var q = searchBox.value.trim();
    if (!q) { closeResults(); return; }
    timer = setTimeout(function () { fetchMatters({ q: q }, render); }, 150);
  });

  searchBox.addEventListener("keydown", function (event) {
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
    else if (event.key === "Escape") { closeResults(); }
    else if (event.key === "Enter" && !event.ctrlKey) {
      // Enter in the search box picks a matter; it never submits the form.
      event.preventDefault();
      if (!results.hidden && active >= 0) pick(active);
    }
  });
  searchBox.addEventListener("blur", function () { setTimeout(closeResults, 100); });

  matterSelect.addEventListener("change", function () {
    if (!matterSelect.value) { panel.hidden = true; return; }
    fetchMatters({ id: matterSelect.value }, function (found) { if (found[0]) showMatter(found[0]); });
  });
  if (matterSelect.value) {
    fetchMatters({ id: matterSelect.value }, function (found) { if (found[0]) showMatter(found[0]); });
  }

  // --- possible duplicates, while the phone, matter and address are typed -----------
  var duplicates = document.getElementById("duplicates");
  var rowTemplate = document.getElementById("duplicate-row");
  var phone = $("#id_person_phone");
  var address = $("#id_person_address");
  var duplicateTimer = null;

  function checked(name) {
    return Array.prototype.map.call(
      form.querySelectorAll('input[name="' + name + '"]:checked'), function (input) { return input.value; });
  }

  function showDuplicates(found) {
    var keepRelated = checked("related");
    var keepRepeat = checked("repeat_of");
    var rows = duplicates.querySelector('[data-slot="rows"]');
    rows.innerHTML = "";
    found.forEach(function (item) {
      var row = rowTemplate.content.firstElementChild.cloneNode(true);
      var link = row.querySelector('[data-slot="number"]');
      link.textContent = item.number;
      link.href = item.url;
      ["registered_at", "matter", "state", "why"].forEach(function (key) {
        row.querySelector('[data-slot="' + key + '"]').textContent = item[key];
      });
      var related = row.querySelector('[data-slot="related"]');
      related.value = String(item.id);
      related.checked = keepRelated.indexOf(related.value) !== -1;
      related.setAttribute("aria-label", item.number);
      var repeat = row.querySelector('[data-slot="repeat_of"]');
      repeat.value = String(item.id);
      repeat.disabled = !item.is_open;
      repeat.checked = item.is_open && keepRepeat.indexOf(repeat.value) !== -1;
      repeat.setAttribute("aria-label", item.number);
      rows.appendChild(row);
    });
    duplicates.hidden = !found.length;
  }

  function lookForDuplicates() {
    clearTimeout(duplicateTimer);
    duplicateTimer = setTimeout(function () {
      var params = { phone: phone.value.trim(), matter: matterSelect.value, address: address.value.trim() };
      if (!params.phone && !(params.matter && params.address)) { showDuplicates([]); return; }
      var url = form.dataset.duplicates + "?" + new URLSearchParams(params).toString();
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { showDuplicates(data.results || []); })
        .catch(function () { showDuplicates([]); });
    }, 250);
  }

  if (duplicates && rowTemplate) {
    [phone, address].forEach(function (input) { input.addEventListener("input", lookForDuplicates); });
    matterSelect.addEventListener("change", lookForDuplicates);
    lookForDuplicates();
  }
})();
