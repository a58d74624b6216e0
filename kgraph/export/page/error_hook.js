
(function () {
  "use strict";
  function report(message) {
    var box = document.getElementById("kg-errors");
    if (box) { box.textContent += message + "\n"; }
  }
  window.addEventListener("error", function (event) {
    report("Error: " + (event.message || String(event.error || "unknown error")));
  });
  window.addEventListener("unhandledrejection", function (event) {
    report("Unhandled rejection: " + String(event.reason));
  });
})();
