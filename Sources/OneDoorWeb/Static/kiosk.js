// The kiosk goes back to its start after a while untouched, so the next person never finds the
// last one's document number on the screen. Progressive: without JavaScript the kiosk works,
// and the ticket page sends it back by itself.
(function () {
  var root = document.querySelector("[data-kiosk-start]");
  if (!root) return;
  var start = root.getAttribute("data-kiosk-start");
  var seconds = parseInt(root.getAttribute("data-idle-seconds"), 10) || 60;
  var timer;
  function reset() {
    clearTimeout(timer);
    timer = setTimeout(function () { location.href = start; }, seconds * 1000);
  }
  ["pointerdown", "keydown", "input", "touchstart"].forEach(function (name) {
    document.addEventListener(name, reset, true);
  });
  reset();
})();
