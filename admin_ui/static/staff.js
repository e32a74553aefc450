// Staff pages: small touches on top of HTMX. Everything works without this file.
(function () {
  "use strict";
  // After an in-place update, move focus to the confirmation (or error) so that
  // keyboard and screen-reader users learn what happened and where they are.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    if (!target || (target.id !== "page" && target.id !== "flash")) {
      return;
    }
    var flash = document.getElementById("flash");
    if (flash && flash.textContent.trim()) {
      flash.setAttribute("tabindex", "-1");
      flash.focus();
    }
  });
})();
