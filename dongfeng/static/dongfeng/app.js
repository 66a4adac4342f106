/* The portal's few behaviours, as a static file: the Content-Security-Policy allows no
   inline script or event handler. */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (field.matches && field.matches("[data-autosubmit]") && field.form) {
      field.form.submit();
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-confirm], [data-print]") : null;
    if (!target) {
      return;
    }
    if (target.hasAttribute("data-print")) {
      event.preventDefault();
      window.print();
    } else if (!window.confirm(target.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });

  /* The header menu is one <details>: a menu button on a phone, opened for good on a wide
     screen (app.css then hides the button and lays the links out in a row). Without this
     file it simply stays a button. */
  var wide = window.matchMedia("(min-width: 900px)");
  var menus = document.querySelectorAll("details.menu");
  function fit() {
    menus.forEach(function (menu) { menu.open = wide.matches; });
  }
  fit();
  wide.addEventListener("change", fit);
  /* On a phone the open menu closes with Escape or a tap elsewhere on the page. */
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !wide.matches) {
      menus.forEach(function (menu) { menu.open = false; });
    }
  });
  document.addEventListener("click", function (event) {
    if (wide.matches) {
      return;
    }
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) {
        menu.open = false;
      }
    });
  });
})();
