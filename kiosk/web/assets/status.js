(function () {
  "use strict";
  var d = document;
  var data = JSON.parse(d.getElementById("data").textContent);
  var ref = data.state.ref, lang = data.state.lang, T = data.texts;
  var last = data.state, fails = 0, timer = null, source = null;

  function el(id) { return d.getElementById(id); }
  function text(id, value) { var e = el(id); if (e) { e.textContent = value === null || value === undefined ? "" : String(value); } }

  // A browser lets a page vibrate or sound only after it was touched: "Aktifkan getar dan suara".
  var audio = null, armed = false;
  function beep() {
    if (!audio) { return; }
    try {
      var o = audio.createOscillator(), g = audio.createGain(), t = audio.currentTime;
      o.frequency.value = 880; g.gain.value = 0.3;
      o.connect(g); g.connect(audio.destination); o.start(t); o.stop(t + 0.6);
    } catch (e) {}
  }
  function arm() {
    armed = true;
    var Ctx = window.AudioContext || window.webkitAudioContext;
    if (Ctx && !audio) { try { audio = new Ctx(); if (audio.resume) { audio.resume(); } } catch (e) { audio = null; } }
    if (navigator.vibrate) { try { navigator.vibrate(60); } catch (e) {} }
    var b = el("arm"); b.textContent = T.armed; b.disabled = true;
  }
  var armButton = el("arm");
  if (armButton && !data.state.final) { armButton.hidden = false; armButton.addEventListener("click", arm); }

  function buzz(s) {
    var called = s.called && (!last.called || s.call_count !== last.call_count);
    if (!called) { return; }
    if (navigator.vibrate) { try { navigator.vibrate([400, 200, 400, 200, 400]); } catch (e) {} }
    if (armed) { beep(); }
  }

  function render(s) {
    buzz(s);
    text("number", s.number);
    text("service", s.service_name);
    text("headline", s.headline);
    text("ahead", s.ahead);
    text("wait", s.wait_text);
    var box = el("box");
    box.className = "box" + (s.called ? " calling" : "") + (s.final ? " over" : "");
    el("figures").hidden = !s.waiting;
    show("keep", !s.final);
    show("arm", !s.final);
    show("documents", !s.final);
    rating(s.rating);
    last = s;
  }

  function show(id, on) { var e = el(id); if (e) { e.hidden = !on; } }

  function rating(r) {
    show("rate", !!r);
    if (!r) { return; }
    show("faces", r.score === null && !r.survey);
    show("rated", r.score !== null && !r.survey);
    show("surveyed", !!r.survey);
    show("survey-link", !r.survey);
  }

  function faces(on) {
    var b = el("faces").querySelectorAll("button");
    for (var i = 0; i < b.length; i++) { b[i].disabled = !on; }
  }

  function rate(score) {
    var msg = el("rate-error");
    faces(false);
    fetch(ref + "/rating?lang=" + lang, {method: "POST", body: JSON.stringify({score: score}),
      headers: {"Content-Type": "application/json", "Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, body: j}; }); })
      .then(function (a) {
        faces(true);
        if (a.ok) { msg.hidden = true; render(a.body.ticket); return; }
        msg.textContent = (lang === "en" ? a.body.error_en : a.body.error) || T.rate_failed;
        msg.hidden = false;
        poll();
      })
      .catch(function () { faces(true); msg.textContent = T.rate_failed; msg.hidden = false; });
  }

  if (window.fetch) {
    el("faces").addEventListener("submit", function (e) {
      if (!e.submitter) { return; }
      e.preventDefault();
      rate(Number(e.submitter.value));
    });
  }

  function mode(what) { text("mode", what === "live" ? T.live + " · " + last.updated : what === "poll" ? T.polling : T.offline); }

  function poll() {
    var x = new XMLHttpRequest();
    x.open("GET", ref + "/state?lang=" + lang);
    x.setRequestHeader("Cache-Control", "no-store");
    x.onload = function () { if (x.status === 200) { render(JSON.parse(x.responseText)); mode("poll"); } };
    x.send();
  }

  function startPolling() {
    if (source) { source.close(); source = null; }
    if (!timer) { timer = setInterval(poll, T.poll_s * 1000); poll(); }
  }

  if (window.EventSource) {
    source = new EventSource(ref + "/events?lang=" + lang);
    source.onmessage = function (e) { fails = 0; render(JSON.parse(e.data)); mode("live"); };
    source.onerror = function () { fails += 1; if (fails >= 3) { startPolling(); } else { mode("offline"); } };
  } else {
    startPolling();
  }
})();
