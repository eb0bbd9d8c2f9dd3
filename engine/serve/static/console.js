// triage console: the one script, served from /static (no framework, no CDN).
// The pages work without it; it only adds the "Copy" button for the handoff note.
"use strict";
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var label = button.textContent;
      var done = function () {
        button.textContent = button.getAttribute("data-done") || label;
        window.setTimeout(function () { button.textContent = label; }, 1500);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(target.value).then(done, function () {
          target.select();
        });
      } else {
        target.select();
        try { document.execCommand("copy"); done(); } catch (e) { /* selected: Ctrl+C */ }
      }
    });
  });
});
