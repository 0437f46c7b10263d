/* Progressive enhancement only: every page works without this file.
   The header's menu button is a link to the menu (#menu-chinh, shown by :target); here it
   becomes a toggle button with aria-expanded, so the page does not jump. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");
  var button = document.querySelector(".menu-button");
  var menu = document.getElementById("menu-chinh");
  if (!button || !menu) {
    return;
  }
  button.setAttribute("role", "button");
  button.setAttribute("aria-expanded", "false");
  button.addEventListener("click", function (event) {
    event.preventDefault();
    var open = menu.classList.toggle("is-open");
    button.setAttribute("aria-expanded", open ? "true" : "false");
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && menu.classList.contains("is-open")) {
      menu.classList.remove("is-open");
      button.setAttribute("aria-expanded", "false");
      button.focus();
    }
  });
})();
