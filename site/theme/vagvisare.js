// Vägvisaren: quick exit. Same-origin script, loaded with defer; the page works without it.
(function () {
  "use strict";
  var exit = document.getElementById("lamna-sidan");
  if (!exit) { return; }
  var neutral = exit.getAttribute("data-neutral-url") || exit.getAttribute("href");

  function leave(event) {
    if (event) { event.preventDefault(); }
    // Hide the page at once, in case the neutral site is slow to load.
    document.documentElement.classList.add("lamnar");
    document.title = "";
    // replace() keeps this page out of the Back button's history.
    window.location.replace(neutral);
  }
  exit.addEventListener("click", leave);

  // Shift three times, or Esc twice, within a second.
  var presses = { Shift: [], Escape: [] };
  var needed = { Shift: 3, Escape: 2 };
  document.addEventListener("keyup", function (event) {
    var key = event.key;
    if (!presses[key]) {
      presses.Shift = [];
      presses.Escape = [];
      return;
    }
    var now = Date.now();
    var list = presses[key].filter(function (t) { return now - t < 1000; });
    list.push(now);
    presses[key] = list;
    if (list.length >= needed[key]) { leave(); }
  });
})();
