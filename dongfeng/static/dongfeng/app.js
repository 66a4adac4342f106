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
  /* People pickers (a dispute's parties): the select holds only the chosen people; a search
     box asks the scoped people search (data-person-search) and adds a pick as a selected
     option. Without this file the select still submits what it holds. */
  document.querySelectorAll("select[data-person-search]").forEach(function (select) {
    var url = select.getAttribute("data-person-search");
    var box = document.createElement("input");
    box.type = "search";
    box.autocomplete = "off";
    box.placeholder = select.getAttribute("data-placeholder") || "";
    box.className = "person-search";
    if (select.id) { box.id = select.id + "-search"; }
    var found = document.createElement("ul");
    found.className = "person-results";
    var chosen = document.createElement("ul");
    chosen.className = "person-chosen";
    select.hidden = true;
    select.after(chosen, box, found);

    function showChosen() {
      chosen.replaceChildren();
      Array.prototype.forEach.call(select.options, function (option) {
        if (!option.selected) { return; }
        var item = document.createElement("li");
        item.textContent = option.textContent + " ";
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "secondary";
        remove.textContent = select.getAttribute("data-remove") || "×";
        remove.addEventListener("click", function () { option.remove(); showChosen(); });
        item.appendChild(remove);
        chosen.appendChild(item);
      });
    }
    function choose(person) {
      var option = Array.prototype.find.call(select.options, function (o) {
        return o.value === String(person.id);
      });
      if (!option) {
        option = new Option(person.label, person.id, true, true);
        select.add(option);
      }
      option.selected = true;
      box.value = "";
      found.replaceChildren();
      showChosen();
    }
    var timer = null;
    box.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var query = box.value.trim();
        if (!query) { found.replaceChildren(); return; }
        fetch(url + "?q=" + encodeURIComponent(query), {credentials: "same-origin"})
          .then(function (response) { return response.ok ? response.json() : {results: []}; })
          .then(function (data) {
            found.replaceChildren();
            data.results.forEach(function (person) {
              var item = document.createElement("li");
              var pick = document.createElement("button");
              pick.type = "button";
              pick.textContent = person.label;
              pick.addEventListener("click", function () { choose(person); });
              item.appendChild(pick);
              found.appendChild(item);
            });
          });
      }, 200);
    });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }  /* no submit while searching */
    });
    showChosen();
  });
})();
