/* Speak Safely: small helps for the service-user pages.
 *
 * Everything works without this file; it only adds a live character count,
 * a print button, a quick exit that leaves no history entry behind, the
 * kiosk idle timer, and the emptying of private pages as they are left. It talks to no server and stores nothing.
 */
(function () {
  "use strict";

  function quickExit(event) {
    var link = event.currentTarget;
    event.preventDefault();
    // replace(), not a normal navigation: Back then does not return here.
    window.location.replace(link.href);
  }

  function setUpQuickExit() {
    document.querySelectorAll("[data-quick-exit]").forEach(function (link) {
      link.addEventListener("click", quickExit);
    });
  }

  function setUpCounts() {
    document.querySelectorAll("textarea[data-count]").forEach(function (box) {
      var output = document.getElementById(box.getAttribute("data-count"));
      if (!output) {
        return;
      }
      var template = output.getAttribute("data-template") || "{count}";
      var update = function () {
        output.textContent = template.replace("{count}", String(box.value.length));
      };
      output.hidden = false;
      update();
      box.addEventListener("input", update);
    });
  }

  function setUpPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        window.print();
      });
    });
  }

  function setUpKiosk() {
    var seconds = parseInt(document.body.getAttribute("data-kiosk-seconds") || "0", 10);
    var target = document.body.getAttribute("data-kiosk-url");
    if (!seconds || !target) {
      return;
    }
    var timer = null;
    var restart = function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        window.location.replace(target);
      }, seconds * 1000);
    };
    ["input", "keydown", "pointerdown", "scroll", "focusin"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true, capture: true });
    });
    restart();
  }

  // Pages showing a receipt or a conversation are emptied as they are left, so
  // a browser that keeps pages for Back/Forward (even no-store ones) has
  // nothing to show the next person on a shared device.
  function setUpForget() {
    if (!document.body.hasAttribute("data-forget")) {
      return;
    }
    window.addEventListener("pagehide", function () {
      var main = document.getElementById("main");
      if (main) {
        main.replaceChildren();
      }
    });
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) {
        window.location.reload();
      }
    });
  }

  function focusErrors() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  setUpQuickExit();
  setUpCounts();
  setUpPrint();
  setUpKiosk();
  setUpForget();
  focusErrors();
})();
