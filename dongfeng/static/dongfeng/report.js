/* The work report page: printing shows the text as edited in the form, not as composed.
   Before the print dialog, each block of the preview (data-from="field id") is rebuilt
   from its textarea: one paragraph per non-empty line; an empty section is hidden. */
(function () {
  "use strict";
  function rebuild() {
    document.querySelectorAll("#report-preview [data-from]").forEach(function (block) {
      var field = document.getElementById(block.getAttribute("data-from"));
      if (!field) { return; }
      if (block.tagName === "H1") { block.textContent = field.value; return; }
      var heading = block.querySelector("h2");
      while (block.lastChild && block.lastChild !== heading) { block.removeChild(block.lastChild); }
      if (heading && block.firstChild !== heading) { block.insertBefore(heading, block.firstChild); }
      var lines = field.value.split(/\n/).map(function (l) { return l.trim(); }).filter(Boolean);
      lines.forEach(function (line) {
        var p = document.createElement("p");
        p.textContent = line;
        block.appendChild(p);
      });
      block.hidden = lines.length === 0;
    });
  }
  window.addEventListener("beforeprint", rebuild);
})();
