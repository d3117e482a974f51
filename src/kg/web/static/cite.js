// "Copy citation" (issue 13): the citation text is written by the server into the button's
// data-citation and into the technical details, so the page works without this script; it
// only reveals the buttons and copies. No network: the Clipboard API, else a selection copy.
"use strict";
(function () {
  function fallbackCopy(text) {
    const area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "offscreen";
    document.body.appendChild(area);
    area.select();
    let done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    area.remove();
    return done;
  }
  function copy(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).then(function () { return true; },
        function () { return fallbackCopy(text); });
    }
    return Promise.resolve(fallbackCopy(text));
  }
  document.querySelectorAll("button.copy-cite").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      const status = button.parentElement.querySelector(".copy-status");
      copy(button.dataset.citation).then(function (ok) {
        if (status) { status.textContent = ok ? button.dataset.done : button.dataset.failed; }
        button.dataset.copied = ok ? "yes" : "no";
      });
    });
  });
}());
