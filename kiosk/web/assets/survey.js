(function () {
  "use strict";
  var d = document, form = d.getElementById("survey"), msg = d.getElementById("survey-error");
  var T = JSON.parse(d.getElementById("data").textContent);
  if (!form || !window.fetch || !window.FormData) { return; }

  function fail(text) { msg.textContent = text || T.failed; msg.hidden = false; msg.scrollIntoView(); }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var body = {}, data = new FormData(form), button = form.querySelector("button");
    data.forEach(function (value, key) { body[key] = value; });
    button.disabled = true;
    fetch(form.getAttribute("action"), {method: "POST", body: JSON.stringify(body),
      headers: {"Content-Type": "application/json", "Accept": "application/json"}})
      .then(function (r) { return r.json().then(function (j) { return {ok: r.ok, body: j}; }); })
      .then(function (a) {
        button.disabled = false;
        if (!a.ok) { fail(T.lang === "en" ? a.body.error_en : a.body.error); return; }
        msg.hidden = true;
        form.hidden = true;
        d.getElementById("survey-intro").hidden = true;
        d.getElementById("survey-done").hidden = false;
        window.scrollTo(0, 0);
      })
      .catch(function () { button.disabled = false; fail(); });
  });
})();
