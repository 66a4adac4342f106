// The open patrol on a phone: ticks, findings and the stop survive a lost connection.
// Each entry gets an idempotency key when it is made and waits in localStorage until the
// server has it; a send retried after a timeout carries the same key, so the server keeps
// one row (patrols/actions/logs.py). Entries are sent in the order they were made.
(function () {
  "use strict";
  var root = document.getElementById("patrol");
  if (!root) return;
  var api = root.dataset.api;
  var storeKey = "patrol-queue-" + root.dataset.log;
  var texts = document.getElementById("patrol-texts").dataset;
  var sync = document.getElementById("sync");
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var sending = false;

  function newKey() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || []; } catch (e) { return []; }
  }
  function save(queue) {
    if (queue.length) localStorage.setItem(storeKey, JSON.stringify(queue));
    else localStorage.removeItem(storeKey);
  }
  function show(message) { sync.textContent = message; }
  function status() {
    var queue = load();
    if (!queue.length) show(navigator.onLine ? "" : texts.offline);
    else show((navigator.onLine ? "" : texts.offline + " ") + texts.waiting + " " + queue.length);
  }
  function pendingItem(list, label, key) {
    var empty = list.querySelector(".empty");
    if (empty) empty.remove();
    var li = document.createElement("li");
    li.className = "pending";
    li.dataset.key = key;
    li.textContent = label + " (" + texts.pending + ")";
    list.appendChild(li);
  }
  function settle(key) {
    var li = document.querySelector("li.pending[data-key='" + key + "']");
    if (li) {
      li.classList.remove("pending");
      li.textContent = li.textContent.replace(" (" + texts.pending + ")", "");
    }
  }
  function enqueue(entry) {
    var queue = load();
    queue.push(entry);
    save(queue);
    status();
    flush();
  }
  function dataUrlToBlob(url) {
    var parts = url.split(","), mime = parts[0].split(":")[1].split(";")[0];
    var bin = atob(parts[1]), bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new Blob([bytes], { type: mime });
  }
  function request(entry) {
    var headers = { "X-CSRFToken": csrf, "Accept": "application/json" };
    var body;
    if (entry.kind === "finding") {
      body = new FormData();
      body.append("text", entry.data.text);
      body.append("client_key", entry.key);
      if (entry.data.place) body.append("place", entry.data.place);
      if (entry.data.photo) body.append("photo", dataUrlToBlob(entry.data.photo), entry.data.photoName);
    } else {
      headers["Content-Type"] = "application/json";
      var data = Object.assign({}, entry.data);
      if (entry.kind === "tick") data.client_key = entry.key;
      body = JSON.stringify(data);
    }
    return fetch(api + entry.kind + "/", {
      method: "POST", headers: headers, body: body, credentials: "same-origin"
    });
  }
  function flush() {
    if (sending || !navigator.onLine) { status(); return; }
    var queue = load();
    if (!queue.length) { status(); return; }
    sending = true;
    var entry = queue[0];
    request(entry).then(function (response) {
      sending = false;
      var rest = load().filter(function (e) { return e.key !== entry.key; });
      if (response.ok) {
        save(rest);
        settle(entry.key);
        if (entry.kind === "stop") { window.location.reload(); return; }
        if (!rest.length) show(texts.sent); else flush();
      } else if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) {
        // The server read it and said no (a place outside the area …): keeping it would
        // block the queue for ever, so it is dropped and the reason shown.
        save(rest);
        response.text().then(function (t) { show(texts.refused + " " + t.slice(0, 200)); });
        if (rest.length) flush();
      } else {
        status();
      }
    }).catch(function () {
      sending = false;  // the network failed: the entry stays, the same key is sent later
      status();
    });
  }

  root.querySelectorAll("form.tick-form").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var key = newKey();
      var name = form.querySelector("button").dataset.placeName;
      pendingItem(document.getElementById("stops"), new Date().toTimeString().slice(0, 5) + " " + name, key);
      enqueue({ kind: "tick", key: key, label: name, data: { place: form.elements.place.value, reached_at: new Date().toISOString() } });
    });
  });
  var findingForm = document.getElementById("finding-form");
  findingForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = findingForm.elements.text.value.trim();
    if (!text) { findingForm.elements.text.focus(); return; }
    var key = newKey();
    var entry = { kind: "finding", key: key, label: text, data: { text: text, place: findingForm.elements.place.value } };
    var file = findingForm.elements.photo.files[0];
    function go() {
      pendingItem(document.getElementById("findings"), text, key);
      enqueue(entry);
      findingForm.reset();
    }
    if (!file) { go(); return; }
    var reader = new FileReader();
    reader.onload = function () { entry.data.photo = reader.result; entry.data.photoName = file.name; go(); };
    reader.readAsDataURL(file);
  });
  var stopForm = document.getElementById("stop-form");
  stopForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var data = {};
    if (stopForm.elements.extra_volunteers.value !== "") data.extra_volunteers = Number(stopForm.elements.extra_volunteers.value);
    if (stopForm.elements.notes.value) data.notes = stopForm.elements.notes.value;
    enqueue({ kind: "stop", key: newKey(), label: "", data: data });
  });

  // Entries made before a reload (or before the phone went to sleep) are shown and sent.
  load().forEach(function (entry) {
    if (entry.kind === "tick") pendingItem(document.getElementById("stops"), entry.label, entry.key);
    if (entry.kind === "finding") pendingItem(document.getElementById("findings"), entry.label, entry.key);
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", status);
  setInterval(flush, 15000);
  flush();
})();
