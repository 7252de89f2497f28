/*
 * omr desk: the little script the pages need (no library, no build step). Pages work without
 * it except the keyboard review; with it: live refresh (server-sent events), uploads with a
 * progress bar and drag-and-drop, the review keys, zoom, print.
 */
(function () {
  'use strict';
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';

  function swap(el, htmlText) {
    var tpl = document.createElement('template');
    tpl.innerHTML = htmlText.trim();
    var next = tpl.content.firstElementChild;
    if (el && next) el.replaceWith(next);
    return next;
  }

  // ---- live refresh of #live
  if (document.body.getAttribute('data-live')) {
    var busy = false;
    var again = false;
    var refresh = function () {
      if (busy) {
        again = true;
        return;
      }
      busy = true;
      var u = new URL(location.href);
      u.searchParams.set('live', '1');
      fetch(u.toString(), { credentials: 'same-origin', headers: { accept: 'text/html' } })
        .then(function (r) {
          return r.ok ? r.text() : null;
        })
        .then(function (t) {
          if (t) swap(document.getElementById('live'), t);
        })
        .catch(function () {})
        .then(function () {
          busy = false;
          if (again) {
            again = false;
            setTimeout(refresh, 300);
          }
        });
    };
    if (window.EventSource) {
      var es = new EventSource('/events');
      es.addEventListener('changed', refresh);
      es.addEventListener('scan', refresh);
      window.addEventListener('pagehide', function () {
        es.close();
      });
    } else setInterval(refresh, 3000);
  }

  // ---- uploads
  var form = document.getElementById('upload');
  if (form) {
    var input = form.querySelector('input[type=file]');
    var bar = document.getElementById('upload-progress');
    var note = document.getElementById('upload-msg');
    var send = function (files) {
      if (!files || !files.length) return;
      var fd = new FormData();
      fd.append('_csrf', csrf);
      for (var i = 0; i < files.length; i++) fd.append('files', files[i], files[i].name);
      var x = new XMLHttpRequest();
      x.open('POST', '/scan/upload');
      x.setRequestHeader('x-csrf-token', csrf);
      x.setRequestHeader('accept', 'application/json');
      bar.hidden = false;
      bar.value = 0;
      x.upload.onprogress = function (e) {
        if (e.lengthComputable) bar.value = Math.round((100 * e.loaded) / e.total);
      };
      x.onload = function () {
        bar.value = 100;
        var j = {};
        try {
          j = JSON.parse(x.responseText);
        } catch (e) {}
        note.textContent = x.status === 200 ? '✓ ' + (j.files || 0) + (j.refused && j.refused.length ? ' (+' + j.refused.length + ' ✗)' : '') : j.error || x.statusText;
        input.value = '';
      };
      x.onerror = function () {
        note.textContent = '✗ ' + x.statusText;
      };
      x.send(fd);
    };
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      send(input.files);
    });
    form.addEventListener('dragover', function (e) {
      e.preventDefault();
      form.classList.add('over');
    });
    form.addEventListener('dragleave', function () {
      form.classList.remove('over');
    });
    form.addEventListener('drop', function (e) {
      e.preventDefault();
      form.classList.remove('over');
      send(e.dataTransfer.files);
    });
  }

  // ---- the review queue
  var review = document.getElementById('review');
  if (review) {
    var pending = false;
    var msgEl = document.getElementById('msg');
    var reasonSel = document.getElementById('reason');
    var reasonOther = document.getElementById('reason-other');
    var item = function () {
      return document.getElementById('item');
    };
    var reason = function () {
      var o = reasonOther.value.trim();
      return o || reasonSel.value;
    };
    var focusItem = function () {
      var d = document.getElementById('digits');
      if (d && !d.disabled) {
        d.focus();
        d.select();
      } else if (document.activeElement && document.activeElement !== document.body) document.activeElement.blur();
    };
    var act = function (action, extra) {
      if (pending) return;
      var it = item();
      pending = true;
      review.setAttribute('aria-busy', 'true');
      var body = { action: action, item: it ? it.getAttribute('data-key') || '' : '', reason: reason() };
      for (var k in extra || {}) body[k] = extra[k];
      fetch('/review/act', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify(body),
      })
        .then(function (r) {
          return r.json().then(function (j) {
            if (!r.ok) {
              msgEl.textContent = j.error || r.statusText;
              msgEl.className = 'attn';
              if (j.reload) location.reload();
              return;
            }
            swap(item(), j.html);
            msgEl.textContent = j.message || '';
            msgEl.className = '';
            focusItem();
          });
        })
        .catch(function (e) {
          msgEl.textContent = String(e);
          msgEl.className = 'attn';
        })
        .then(function () {
          pending = false;
          review.removeAttribute('aria-busy');
        });
    };
    var letters = function () {
      var out = [];
      var bs = document.querySelectorAll('#item [data-act=value]');
      for (var i = 0; i < bs.length; i++) if (bs[i].getAttribute('data-value')) out.push(bs[i].getAttribute('data-value'));
      return out;
    };
    reasonSel.addEventListener('change', function () {
      reasonSel.blur();
      focusItem();
    });
    reasonOther.addEventListener('keydown', function (e) {
      if (e.key === 'Enter' || e.key === 'Escape') {
        e.preventDefault();
        reasonOther.blur();
        focusItem();
      }
    });
    document.addEventListener('keydown', function (e) {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      var t = e.target;
      var key = e.key;
      if (t && t.id === 'digits') {
        if (key === 'Enter') {
          e.preventDefault();
          act('digits', { value: t.value.trim() });
        } else if (key === 'ArrowDown' || (key === 'ArrowRight' && t.selectionStart === t.value.length && e.shiftKey)) {
          e.preventDefault();
          act('next');
        } else if (key === 'ArrowUp') {
          e.preventDefault();
          act('prev');
        } else if (key === 'Escape') t.blur();
        return;
      }
      if (t && (t.tagName === 'INPUT' || t.tagName === 'TEXTAREA' || t.tagName === 'SELECT')) return;
      var it = item();
      var field = it ? it.getAttribute('data-field') : null;
      var handled = true;
      if (key === 'ArrowRight') act('next');
      else if (key === 'ArrowLeft') act('prev');
      else if (key === 'Backspace') act('undo');
      else if (!it || !it.getAttribute('data-key')) handled = false;
      else if (field === 'answer' && letters().indexOf(key.toUpperCase()) >= 0 && key.length === 1) act('value', { value: key.toUpperCase() });
      else if (field === 'answer' && (key === '0' || key === ' ')) act('value', { value: '' });
      else if (field === 'answer' && key === 'Enter') act('keep');
      else handled = false;
      if (handled) e.preventDefault();
    });
    review.addEventListener('click', function (e) {
      var b = e.target.closest ? e.target.closest('[data-act]') : null;
      if (!b || b.tagName === 'FORM') return;
      var a = b.getAttribute('data-act');
      if (a === 'value') act('value', { value: b.getAttribute('data-value') });
      else if (a === 'keep' || a === 'next' || a === 'prev' || a === 'undo') act(a);
      b.blur();
    });
    review.addEventListener('submit', function (e) {
      if (e.target.getAttribute('data-act') === 'digits') {
        e.preventDefault();
        act('digits', { value: document.getElementById('digits').value.trim() });
      }
    });
    window.addEventListener('pagehide', function () {
      fetch('/review/leave', { method: 'POST', keepalive: true, credentials: 'same-origin', headers: { 'x-csrf-token': csrf, accept: 'application/json', 'content-type': 'application/json' }, body: '{}' }).catch(function () {});
    });
    focusItem();
  }

  // ---- zoom and print
  document.addEventListener('click', function (e) {
    var t = e.target;
    if (t && t.classList && t.classList.contains('zoomable')) {
      e.preventDefault();
      t.classList.toggle('zoomed');
    }
    if (t && t.getAttribute && t.getAttribute('data-act') === 'print') window.print();
  });
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (t && t.classList && t.classList.contains('zoomable') && (e.key === 'Enter' || e.key === ' ')) {
      e.preventDefault();
      t.classList.toggle('zoomed');
    }
  });
})();
