// The admin's autocomplete pickers (select2) named for assistive technology (WCAG 4.1.2):
// select2 labels its combobox by the chosen value only, so an empty picker had no name.
// Each picker gets the label of the select it stands for; rows added later get it too.
(function () {
  "use strict";
  function labelOf(select) {
    var label = select.id && document.querySelector('label[for="' + select.id + '"]');
    var text = label ? label.textContent : "";
    if (!text) {
      var cell = select.closest("td");
      var table = cell && cell.closest("table");
      var header = table && table.querySelectorAll("thead th")[cell.cellIndex];
      text = header ? header.textContent : select.name;
    }
    return text.replace(/[:*]\s*$/, "").trim();
  }
  function name(root) {
    root.querySelectorAll("select.admin-autocomplete, select[data-select2-id]").forEach(function (select) {
      var box = select.nextElementSibling;
      if (!box || !box.classList.contains("select2")) return;
      var text = labelOf(select);
      box.querySelectorAll('[role="combobox"], [role="textbox"]').forEach(function (el) {
        el.setAttribute("aria-label", text);
      });
    });
  }
  function start() {
    name(document);
    new MutationObserver(function (changes) {
      changes.forEach(function (change) {
        change.addedNodes.forEach(function (node) {
          if (node.nodeType === 1 && node.parentElement) name(node.parentElement);
        });
      });
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { setTimeout(start, 0); });
  } else {
    setTimeout(start, 0);
  }
})();
