// Offline-tolerant 测评 submissions. A point's marks and photos are saved in the browser (IndexedDB)
// before they are sent, and stay there until the server has them: a dropped network, a closed tab or
// a reload loses nothing. Each draft carries one submission key for all its resends, so the server
// stores it once however often it arrives.
var InspectionDrafts = (function () {
  'use strict';
  var DB = 'wenming-inspection', STORE = 'drafts', RETRY_MS = 30000;
  var sending = false, again = false;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, {keyPath: 'key'}); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode), result;
        var request = work(tx.objectStore(STORE));
        if (request) { request.onsuccess = function () { result = request.result; }; }
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function all() { return run('readonly', function (s) { return s.getAll(); }); }
  function get(key) { return run('readonly', function (s) { return s.get(key); }); }
  function put(draft) { return run('readwrite', function (s) { return s.put(draft); }); }
  function remove(key) { return run('readwrite', function (s) { return s.delete(key); }); }

  function newKey() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function csrf() {
    var field = document.querySelector('input[name="_csrf"]');
    return field ? field.value : '';
  }

  /** Sends one draft; resolves to the server's answer, or null when the network (or the server) failed. */
  function send(draft) {
    var body = new FormData();
    draft.fields.forEach(function (f) { body.append(f[0], f[1]); });
    draft.files.forEach(function (f) { body.append(f.name, f.blob, f.filename); });
    body.append('submission', draft.submission);
    body.append('_csrf', csrf());
    return fetch(draft.url, {method: 'POST', body: body, credentials: 'same-origin',
                             headers: {'Accept': 'application/json'}})
      .then(function (response) {
        if (response.status === 200 || response.status === 400 || response.status === 409) {
          return response.json().then(function (answer) { answer.status = response.status; return answer; });
        }
        return null; // signed out (403), server trouble: keep the draft and try later
      }, function () { return null; });
  }

  /**
   * Sends every waiting draft, one at a time; calls back with each answer. Asked again while sending
   * (the network came back while a doomed attempt was still out), it goes once more afterwards.
   */
  function flush(onAnswer) {
    if (sending) { again = true; return Promise.resolve(); }
    sending = true;
    return all().then(function (drafts) {
      var chain = Promise.resolve();
      drafts.filter(function (d) { return !d.refused; }).forEach(function (draft) {
        chain = chain.then(function () {
          return send(draft).then(function (answer) {
            if (answer === null) { return; }
            var done = answer.status === 200 || answer.status === 409;
            return (done ? remove(draft.key) : put(Object.assign(draft, {refused: answer.message})))
              .then(function () { if (onAnswer) { onAnswer(draft, answer); } });
          });
        });
      });
      return chain;
    }).finally(function () {
      sending = false;
      if (again) { again = false; flush(onAnswer); }
    });
  }

  function keepRetrying(onAnswer) {
    window.addEventListener('online', function () { flush(onAnswer); });
    setInterval(function () { flush(onAnswer); }, RETRY_MS);
    flush(onAnswer);
  }

  function show(element, text) {
    element.textContent = text;
    element.hidden = !text;
  }

  /** The round's point list: how many drafts wait on this phone, sent as soon as possible. */
  function showWaiting(element) {
    function refresh() {
      all().then(function (drafts) {
        show(element, drafts.length ? '本机有' + drafts.length + '个点位的测评尚未发送，联网后会自动发送。' : '');
      });
    }
    keepRetrying(function () { refresh(); });
    refresh();
  }

  function collect(form, earlier) {
    var fields = [], files = [];
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name === '_csrf' || el.name === 'submission') { return; }
      if (el.type === 'file') {
        var kept = Array.prototype.slice.call(el.files).map(function (file) {
          return {name: el.name, blob: file, filename: file.name || 'photo.jpg'};
        });
        // Photos chosen before a reload live only in the draft: keep them unless new ones were taken.
        if (!kept.length && earlier) {
          kept = earlier.files.filter(function (f) { return f.name === el.name; });
        }
        files = files.concat(kept);
      } else if ((el.type !== 'radio' && el.type !== 'checkbox') || el.checked) {
        fields.push([el.name, el.value]);
      }
    });
    return {fields: fields, files: files};
  }

  function restore(form, draft) {
    draft.fields.forEach(function (f) {
      var inputs = form.querySelectorAll('[name="' + f[0] + '"]');
      Array.prototype.forEach.call(inputs, function (el) {
        if (el.type === 'radio') { el.checked = el.value === f[1]; } else if (el.type !== 'hidden') { el.value = f[1]; }
      });
    });
  }

  /** What is missing before the draft is worth keeping: every item judged, a photo where required. */
  function missing(form, collected) {
    var items = form.querySelectorAll('fieldset[data-item]');
    for (var i = 0; i < items.length; i++) {
      var code = items[i].getAttribute('data-item');
      var value = function (name) {
        var f = collected.fields.filter(function (x) { return x[0] === name; })[0];
        return f ? f[1] : '';
      };
      var counted = items[i].getAttribute('data-judge') === 'COUNT';
      if (!counted && !value('result.' + code)) { return '请评定 ' + code + '。'; }
      if (counted && value('count.' + code) === '') { return '请填写 ' + code + ' 发现的数量（没有填 0）。'; }
      var failed = value('result.' + code) === 'FAIL';
      var photos = collected.files.filter(function (f) { return f.name === 'photo.' + code; }).length;
      if (failed && items[i].getAttribute('data-photo-required') === 'true' && !photos) {
        return code + ' 评为不合格，须拍照留证。';
      }
    }
    return null;
  }

  /** The checklist page: save first, then send; a draft from before a reload is shown and resent. */
  function attach(form) {
    if (!form) { return; }
    var key = form.getAttribute('data-draft');
    var status = document.getElementById('walk-status');
    var error = document.getElementById('walk-error');
    var earlier = null;

    function answered(draft, answer) {
      if (draft.key !== key) { return; }
      if (answer.status === 200) {
        show(error, '');
        show(status, answer.message + ' 得分 ' + answer.score + (answer.tickets.length
          ? '，不合格项已派单：' + answer.tickets.join('、') : '，全部合格') + '。');
        form.querySelector('#send').disabled = true;
      } else {
        show(status, '');
        show(error, answer.message);
      }
    }

    get(key).then(function (draft) {
      if (!draft) { return; }
      earlier = draft;
      restore(form, draft);
      show(status, '已恢复本机保存的草稿' + (draft.files.length ? '（含' + draft.files.length + '张照片）' : '')
        + (draft.refused ? '' : '，联网后自动发送。'));
      if (draft.refused) { show(error, draft.refused); }
    });

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var collected = collect(form, earlier);
      var problem = missing(form, collected);
      if (problem) { show(error, problem); return; }
      show(error, '');
      var draft = {key: key, url: form.action, fields: collected.fields, files: collected.files,
                   submission: earlier && earlier.submission ? earlier.submission : newKey(), savedAt: Date.now()};
      earlier = draft;
      put(draft).then(function () {
        show(status, '已保存在本机，正在发送…');
        return flush(answered);
      }).then(function () {
        return get(key);
      }).then(function (left) {
        if (left && !left.refused) { show(status, '网络不通，已保存在本机，联网后会自动发送。'); }
      });
    });
    keepRetrying(answered);
  }

  return {attach: attach, showWaiting: showWaiting, flush: flush};
})();
