/* Suggestions under the site's search boxes (progressive enhancement: without this file the
   boxes are ordinary GET forms). Works on every <input type="search" name="q"> whose form
   is role="search" or carries data-autocomplete; asks /tim-kiem/goi-y/?q= after a pause. */
(function () {
  "use strict";
  var ENDPOINT = "/tim-kiem/goi-y/";
  var TYPES = { place: "Phường/xã", topic: "Chủ đề", title: "" };

  function attach(input, index) {
    var list = document.createElement("ul");
    var timer = null;
    var active = -1;
    var items = [];
    var lastQuery = "";
    list.id = "search-suggest-" + index;
    list.className = "search-suggest";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("autocomplete", "off");
    input.parentNode.style.position = input.parentNode.style.position || "relative";
    input.parentNode.appendChild(list);

    function close() {
      list.hidden = true;
      active = -1;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
    }

    function choose(item) {
      input.value = item.q;
      close();
      if (input.form) { input.form.submit(); }
    }

    function render(suggestions) {
      items = suggestions;
      while (list.firstChild) { list.removeChild(list.firstChild); }
      suggestions.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.setAttribute("role", "option");
        li.textContent = item.label;  /* text only: nothing from the server becomes markup */
        if (TYPES[item.type]) {
          var type = document.createElement("span");
          type.className = "type";
          type.textContent = TYPES[item.type];
          li.appendChild(type);
        }
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(item);
        });
        list.appendChild(li);
      });
      list.hidden = suggestions.length === 0;
      input.setAttribute("aria-expanded", suggestions.length ? "true" : "false");
    }

    function highlight(i) {
      var options = list.querySelectorAll("li");
      options.forEach(function (li, j) { li.setAttribute("aria-selected", j === i ? "true" : "false"); });
      active = i;
      if (i >= 0) { input.setAttribute("aria-activedescendant", options[i].id); }
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q.length < 2) { render([]); return; }
      if (q === lastQuery) { return; }
      lastQuery = q;
      fetch(ENDPOINT + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { suggestions: [] }; })
        .then(function (data) { if (input.value.trim() === q) { render(data.suggestions || []); } })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (list.hidden) { return; }
      if (event.key === "ArrowDown") { event.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (event.key === "Enter" && active >= 0) { event.preventDefault(); choose(items[active]); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () { setTimeout(close, 100); });
  }

  function init() {
    var inputs = document.querySelectorAll('input[type="search"][name="q"]');
    Array.prototype.forEach.call(inputs, attach);
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); }
  else { init(); }
})();
