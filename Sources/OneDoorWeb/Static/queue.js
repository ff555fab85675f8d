// Live updates for the call screen, the kiosk and the window workstation (progressive: the
// pages work without this script, refreshing themselves or on each action).
// The server sends an "update" event with the latest calls and the waiting counts whenever the
// hall changes; EventSource reconnects by itself after a dropped connection (retry: 3 s).
(function () {
  "use strict";
  var root = document.querySelector("[data-hall]");
  if (!root || !window.EventSource) return;
  var hall = root.getAttribute("data-hall");
  var live = document.getElementById("live");
  var latest = document.getElementById("latest");
  var recent = document.getElementById("recent");
  var speechButton = document.getElementById("speech");
  var speak = false;
  var lastCall = null;
  var current = latest && latest.querySelector("[data-call]");
  if (current) lastCall = current.getAttribute("data-call");

  // Browsers allow speech only after a gesture: a button turns it on.
  if (speechButton && window.speechSynthesis) {
    speechButton.hidden = false;
    speechButton.addEventListener("click", function () {
      speak = !speak;
      speechButton.textContent = speak ? "关闭语音播报" : "开启语音播报";
    });
  }

  function announce(text) {
    if (!speak || !window.speechSynthesis) return;
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = "zh-CN";
    utterance.rate = 0.9;
    window.speechSynthesis.speak(utterance);
  }

  function text(element, value) { if (element) element.textContent = String(value); }

  function apply(update) {
    update.queues.forEach(function (q) {
      document.querySelectorAll('[data-waiting="' + q.code + '"]').forEach(function (e) { text(e, q.waiting); });
      document.querySelectorAll('[data-wait="' + q.code + '"]').forEach(function (e) { text(e, q.waitMinutes); });
    });
    if (latest && update.calls.length > 0) {
      var call = update.calls[0];
      if (String(call.id) !== lastCall) {
        lastCall = String(call.id);
        latest.innerHTML = "";
        var p = document.createElement("p");
        p.className = "call-big fresh";
        p.setAttribute("data-call", call.id);
        p.appendChild(document.createTextNode("请 "));
        var n = document.createElement("strong"); n.textContent = call.number; p.appendChild(n);
        p.appendChild(document.createTextNode(" 号到 "));
        var w = document.createElement("strong"); w.textContent = call.window; p.appendChild(w);
        p.appendChild(document.createTextNode(" 号窗口办理"));
        latest.appendChild(p);
        announce(call.announcement);
      }
    }
    if (recent) {
      recent.innerHTML = "";
      update.calls.slice(1).forEach(function (c) {
        var li = document.createElement("li");
        var n = document.createElement("strong"); n.textContent = c.number; li.appendChild(n);
        li.appendChild(document.createTextNode(" → " + c.window + " 号窗口 "));
        var t = document.createElement("span"); t.className = "meta"; t.textContent = c.time; li.appendChild(t);
        recent.appendChild(li);
      });
    }
  }

  // EventSource retries by itself after a dropped connection, but gives up for good when a
  // reconnection is answered with an error (a proxy's 502 while the server restarts): then a
  // new one is opened after a pause, so a screen on the wall never needs a hand to recover.
  function connect() {
    var source = new EventSource("/halls/" + encodeURIComponent(hall) + "/events");
    source.addEventListener("update", function (event) {
      text(live, "● 实时");
      apply(JSON.parse(event.data));
    });
    source.addEventListener("error", function () {
      text(live, "○ 正在重新连接…");
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
    });
  }
  connect();
})();
