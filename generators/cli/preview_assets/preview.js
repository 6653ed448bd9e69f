// sitrep serve's live preview (added to each page by the preview server, never written into
// output/): reloads the page after each good build, and shows a bad save's errors in an
// overlay until the next good save.
(function () {
  "use strict";
  var script = document.currentScript;
  var pageBuild = script ? script.getAttribute("data-build") : null;
  var overlay = null;

  function stylesheet() {
    if (document.getElementById("sitrep-preview-css")) return;
    var link = document.createElement("link");
    link.id = "sitrep-preview-css";
    link.rel = "stylesheet";
    link.href = "/__sitrep/preview.css";
    document.head.appendChild(link);
  }

  function where(error) {
    if (!error.path) return "";
    return error.path + ":" + error.line + ":" + error.col;
  }

  function show(errors) {
    stylesheet();
    hide();
    overlay = document.createElement("section");
    overlay.id = "sitrep-preview-errors";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("lang", "en");
    overlay.setAttribute("dir", "ltr");
    var heading = document.createElement("h2");
    heading.textContent =
      "The last save did not build (" + errors.length +
      (errors.length === 1 ? " error" : " errors") + "): this page is the last good build";
    overlay.appendChild(heading);
    var list = document.createElement("ul");
    errors.forEach(function (error) {
      var item = document.createElement("li");
      var place = document.createElement("code");
      place.className = "sitrep-preview-where";
      place.textContent = where(error);
      var message = document.createElement("span");
      message.className = "sitrep-preview-message";
      message.textContent = (error.field ? error.field + ": " : "") + error.message;
      item.appendChild(place);
      item.appendChild(message);
      if (error.hint) {
        var hint = document.createElement("span");
        hint.className = "sitrep-preview-hint";
        hint.textContent = "hint: " + error.hint;
        item.appendChild(hint);
      }
      list.appendChild(item);
    });
    overlay.appendChild(list);
    var note = document.createElement("p");
    note.textContent = "Fix the file and save: the page reloads by itself.";
    overlay.appendChild(note);
    document.body.appendChild(overlay);
  }

  function hide() {
    if (overlay) overlay.remove();
    overlay = null;
  }

  // The server says whether this page's own file was written after it was served: a
  // rebuild that did not touch it leaves it (and the reader's place on it) alone.
  var events = new EventSource("/__sitrep/events?page=" +
    encodeURIComponent(location.pathname) + "&build=" + encodeURIComponent(pageBuild || ""));
  events.onmessage = function (event) {
    var state = JSON.parse(event.data);
    if (state.errors.length) {
      show(state.errors);
    } else if (state.reload) {
      location.reload();
    } else {
      hide();
    }
  };
})();
