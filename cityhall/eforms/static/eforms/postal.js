// Progressive enhancement of address questions: when a 7-digit postal code is
// typed, ask /apply/postal-code/ and fill the prefecture, city and town boxes
// of the same question that are still empty. Without this script the
// "Find address from postal code" button does the same on the server.
(function () {
  "use strict";
  var PARTS = ["prefecture", "city", "town"];

  function lookup(input) {
    var digits = input.value.normalize("NFKC").replace(/\D/g, "");
    if (digits.length !== 7) return;
    var url = input.getAttribute("data-postal-lookup");
    var prefix = input.name.replace(/__postal_code$/, "");
    fetch(url + "?code=" + digits, { headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (found) {
        if (!found) return;
        PARTS.forEach(function (part) {
          var box = input.form.elements[prefix + "__" + part];
          if (box && !box.value) box.value = found[part] || "";
        });
      })
      .catch(function () { /* the server-side button still works */ });
  }

  document.querySelectorAll("input[data-postal-lookup]").forEach(function (input) {
    input.addEventListener("change", function () { lookup(input); });
  });
})();
