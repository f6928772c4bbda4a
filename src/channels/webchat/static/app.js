/* Khidmat web chat: a small Direct Line 3.0 client. No libraries, no external requests.
   Bot text is only ever set with textContent (never parsed as HTML); links are http(s) only. */
(function () {
  'use strict';

  var API = '/v3/directline';
  var STORE_KEY = 'khidmat.webchat';
  var LANG_KEY = 'khidmat.webchat.lang';

  var TEXT = {
    ms: {
      title: 'Khidmat — pembantu perkhidmatan kerajaan',
      badge: 'Pembantu automatik, bukan manusia',
      restart: 'Perbualan baharu',
      switchTo: 'Tukar bahasa ke ',
      other: 'English',
      otherLang: 'en',
      switchMessage: 'English please',
      transcript: 'Perbualan dengan Khidmat',
      typing: 'Khidmat sedang menaip…',
      choices: 'Pilihan',
      inputLabel: 'Mesej anda',
      placeholder: 'Taip mesej…',
      send: 'Hantar',
      privacy: 'Notis privasi',
      you: 'Anda',
      bot: 'Khidmat',
      sending: 'Menghantar…',
      failed: 'Mesej tidak dihantar.',
      retry: 'Cuba lagi',
      connecting: 'Menyambung…',
      reconnecting: 'Sambungan terputus. Mencuba semula…',
      startFailed: 'Tidak dapat memulakan perbualan. Sila cuba lagi sebentar.',
      newTab: ' (buka di tab baharu)',
      restarted: 'Perbualan baharu dimulakan.'
    },
    en: {
      title: 'Khidmat — government services assistant',
      badge: 'Automated assistant, not a person',
      restart: 'New conversation',
      switchTo: 'Switch language to ',
      other: 'Bahasa Melayu',
      otherLang: 'ms',
      switchMessage: 'Bahasa Melayu',
      transcript: 'Conversation with Khidmat',
      typing: 'Khidmat is typing…',
      choices: 'Choices',
      inputLabel: 'Your message',
      placeholder: 'Type a message…',
      send: 'Send',
      privacy: 'Privacy notice',
      you: 'You',
      bot: 'Khidmat',
      sending: 'Sending…',
      failed: 'Message not sent.',
      retry: 'Try again',
      connecting: 'Connecting…',
      reconnecting: 'Connection lost. Trying again…',
      startFailed: 'Could not start the conversation. Please try again shortly.',
      newTab: ' (opens in a new tab)',
      restarted: 'A new conversation has started.'
    }
  };

  var $ = function (id) { return document.getElementById(id); };
  var log = $('log'), choices = $('choices'), typing = $('typing'), statusLine = $('status');
  var form = $('composer'), input = $('input');

  var lang = readLang();
  var session = null;          // { conversationId, token, expiresAt }
  var watermark = 0;
  var seen = {};               // activity ids already shown
  var socket = null, socketFailures = 0, reconnectTimer = 0, pollTimer = 0, refreshTimer = 0, typingTimer = 0;
  var polling = false, generation = 0;

  // ---------- language ----------
  function readLang() {
    var saved = safeGet(localStorage, LANG_KEY);
    return saved === 'en' ? 'en' : 'ms';
  }

  function setLang(next) {
    lang = next === 'en' ? 'en' : 'ms';
    safeSet(localStorage, LANG_KEY, lang);
    var t = TEXT[lang];
    document.documentElement.lang = lang;
    document.title = t.title;
    var nodes = document.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t[nodes[i].getAttribute('data-i18n')];
    var target = $('lang-target');
    target.textContent = t.other;
    target.lang = t.otherLang;
    input.placeholder = t.placeholder;
    log.setAttribute('aria-label', t.transcript);
    choices.setAttribute('aria-label', t.choices);
  }

  // Follow the conversation: the bot's last message says which language it is speaking.
  function followLocale(locale) {
    if (typeof locale !== 'string') return;
    var next = locale.toLowerCase().indexOf('en') === 0 ? 'en' : locale.toLowerCase().indexOf('ms') === 0 ? 'ms' : null;
    if (next && next !== lang) setLang(next);
  }

  // ---------- storage (private browsing may refuse it) ----------
  function safeGet(store, key) { try { return store.getItem(key); } catch (e) { return null; } }
  function safeSet(store, key, value) { try { store.setItem(key, value); } catch (e) { /* stays in memory */ } }
  function safeRemove(store, key) { try { store.removeItem(key); } catch (e) { /* nothing kept */ } }

  // localStorage, not sessionStorage: the payment page opens in a new tab, and its "back to the
  // conversation" link must land in the same conversation. The token expires on its own when idle.
  function saveSession() {
    safeSet(localStorage, STORE_KEY, JSON.stringify(session));
  }

  // ---------- HTTP ----------
  function call(method, path, body) {
    var headers = { 'Content-Type': 'application/json' };
    if (session && session.token) headers.Authorization = 'Bearer ' + session.token;
    return fetch(API + path, { method: method, headers: headers, body: body ? JSON.stringify(body) : undefined, cache: 'no-store' })
      .then(function (res) {
        return res.text().then(function (text) {
          var json = text ? JSON.parse(text) : {};
          if (!res.ok) { var err = new Error('HTTP ' + res.status); err.status = res.status; throw err; }
          return json;
        });
      });
  }

  function adopt(descriptor) {
    session = {
      conversationId: descriptor.conversationId,
      token: descriptor.token,
      expiresAt: Date.now() + (descriptor.expires_in || 1800) * 1000
    };
    saveSession();
    scheduleRefresh(descriptor.expires_in || 1800);
  }

  // ---------- conversation ----------
  function start() {
    var mine = ++generation;
    showStatus(TEXT[lang].connecting);
    var saved = null;
    try { saved = JSON.parse(safeGet(localStorage, STORE_KEY) || 'null'); } catch (e) { saved = null; }
    var resume = saved && saved.token && saved.expiresAt > Date.now() ? Promise.resolve(saved) : Promise.reject(new Error('none'));
    return resume
      .then(function (s) { session = s; return call('POST', '/conversations'); })
      .catch(function () {
        // No conversation yet, or it expired: a new one for this browser tab.
        session = null;
        return call('POST', '/tokens/generate').then(function (d) { adopt(d); return call('POST', '/conversations'); });
      })
      .then(function (descriptor) {
        if (mine !== generation) return;
        adopt(descriptor);
        hideStatus();
        openStream(descriptor.streamUrl);
      })
      .catch(function () {
        if (mine !== generation) return;
        showStatus(TEXT[lang].startFailed, function () { start(); });
      });
  }

  function restart() {
    generation++;
    closeStream();
    stopPolling();
    clearTimeout(refreshTimer);
    safeRemove(localStorage, STORE_KEY);
    session = null;
    watermark = 0;
    seen = {};
    log.textContent = '';
    clearChoices();
    hideTyping();
    announce(TEXT[lang].restarted);
    start();
  }

  function scheduleRefresh(expiresIn) {
    clearTimeout(refreshTimer);
    refreshTimer = setTimeout(function () {
      call('POST', '/tokens/refresh').then(adopt).catch(function (err) {
        if (err && (err.status === 403 || err.status === 404)) restart();
        else scheduleRefresh(60);
      });
    }, Math.max(30, expiresIn / 2) * 1000);
  }

  // ---------- receiving: WebSocket, with polling only if sockets keep failing ----------
  function openStream(url) {
    closeStream();
    var ws;
    try { ws = new WebSocket(url); } catch (e) { socketFailed(); return; }
    socket = ws;
    var opened = false;
    ws.onopen = function () {
      opened = true;
      socketFailures = 0;
      stopPolling();
      hideStatus();
    };
    ws.onmessage = function (event) {
      if (!event.data) return;
      try { receive(JSON.parse(event.data)); } catch (e) { /* ignore a malformed frame */ }
    };
    ws.onclose = function () {
      if (socket !== ws) return;
      socket = null;
      if (!opened) socketFailures++;
      socketFailed();
    };
  }

  function closeStream() {
    clearTimeout(reconnectTimer);
    if (socket) { var s = socket; socket = null; try { s.close(); } catch (e) { /* already closed */ } }
  }

  function socketFailed() {
    if (!session) return;
    if (socketFailures >= 3) startPolling();
    else showStatus(TEXT[lang].reconnecting);
    // Back off 1 s, 2 s, 4 s … up to a minute, with jitter so a server restart is not stampeded.
    var delay = Math.min(60000, 1000 * Math.pow(2, Math.min(socketFailures, 6))) * (0.75 + Math.random() / 2);
    clearTimeout(reconnectTimer);
    reconnectTimer = setTimeout(reconnect, delay);
  }

  function reconnect() {
    if (!session) return;
    call('GET', '/conversations/' + encodeURIComponent(session.conversationId) + '?watermark=' + watermark)
      .then(function (descriptor) { openStream(descriptor.streamUrl); })
      .catch(function (err) {
        if (err && (err.status === 403 || err.status === 404)) { restart(); return; }
        socketFailures++;
        socketFailed();
      });
  }

  function startPolling() {
    if (polling) return;
    polling = true;
    hideStatus();
    poll();
  }

  function stopPolling() {
    polling = false;
    clearTimeout(pollTimer);
  }

  function poll() {
    if (!polling || !session) return;
    clearTimeout(pollTimer);
    call('GET', '/conversations/' + encodeURIComponent(session.conversationId) + '/activities?watermark=' + watermark)
      .then(receive)
      .catch(function () { /* next round */ })
      .then(function () { if (polling) pollTimer = setTimeout(poll, 5000); });
  }

  function receive(set) {
    var activities = (set && set.activities) || [];
    for (var i = 0; i < activities.length; i++) show(activities[i]);
    if (set && set.watermark && Number(set.watermark) > watermark) watermark = Number(set.watermark);
  }

  // ---------- showing activities ----------
  function isFromBot(activity) {
    return !(activity.from && (activity.from.role === 'user' || (session && activity.from.id && activity.from.id.indexOf('dl_') === 0)));
  }

  function show(activity) {
    if (!activity || !activity.id || seen[activity.id]) return;
    seen[activity.id] = true;
    if (activity.type === 'typing') { if (isFromBot(activity)) showTyping(); return; }
    if (activity.type !== 'message') return;
    if (!isFromBot(activity)) {
      var clientId = activity.channelData && activity.channelData.clientActivityID;
      var pending = clientId && log.querySelector('[data-client-id="' + cssEscape(clientId) + '"]');
      if (pending) { delivered(pending); return; }
      appendMessage('user', activity.text || '', activity.timestamp);
      return;
    }
    hideTyping();
    followLocale(activity.locale);
    var follow = atBottom();
    var item = appendMessage('bot', visibleText(activity), activity.timestamp);
    var card = receiptCard(activity);
    if (card) item.insertBefore(card, item.querySelector('time'));
    showChoices(activity.suggestedActions && activity.suggestedActions.actions);
    // Keep the newest message in view, unless the citizen has scrolled up to read something.
    if (follow) log.scrollTop = log.scrollHeight;
  }

  function atBottom() {
    return log.scrollHeight - log.scrollTop - log.clientHeight < 80;
  }

  function appendMessage(who, text, timestamp) {
    var t = TEXT[lang];
    var item = document.createElement('div');
    item.className = 'msg ' + who;
    var speaker = document.createElement('span');
    speaker.className = 'visually-hidden';
    speaker.textContent = (who === 'bot' ? t.bot : t.you) + ': ';
    item.appendChild(speaker);
    if (text) {
      var p = document.createElement('p');
      p.className = 'text';
      if (who === 'bot') linkify(p, text); else p.textContent = text;
      item.appendChild(p);
    }
    var time = document.createElement('time');
    var when = timestamp ? new Date(timestamp) : new Date();
    if (isNaN(when.getTime())) when = new Date();
    time.dateTime = when.toISOString();
    time.textContent = when.toLocaleTimeString(lang === 'en' ? 'en-MY' : 'ms-MY', { hour: '2-digit', minute: '2-digit' });
    item.appendChild(time);
    var follow = atBottom();
    log.appendChild(item);
    if (follow || who === 'user') log.scrollTop = log.scrollHeight;
    return item;
  }

  var URL_RE = /\bhttps?:\/\/[^\s<>"']+/gi;

  // Text and links built as nodes: whatever the bot says can never become markup.
  function linkify(parent, text) {
    var last = 0, match;
    URL_RE.lastIndex = 0;
    while ((match = URL_RE.exec(text))) {
      var href = match[0].replace(/[).,;:!?]+$/, '');
      if (match.index > last) parent.appendChild(document.createTextNode(text.slice(last, match.index)));
      parent.appendChild(link(href));
      last = match.index + href.length;
      URL_RE.lastIndex = last;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }

  function link(href) {
    var url;
    try { url = new URL(href); } catch (e) { return document.createTextNode(href); }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return document.createTextNode(href);
    var a = document.createElement('a');
    a.href = url.href;
    a.textContent = href;
    // A new tab keeps the chat open, so the receipt can arrive here while the citizen pays.
    a.target = '_blank';
    a.rel = 'noopener noreferrer';
    var hint = document.createElement('span');
    hint.className = 'visually-hidden';
    hint.textContent = TEXT[lang].newTab;
    a.appendChild(hint);
    return a;
  }

  // Adaptive Card receipts: the FactSet as a definition list. Text lines repeating the card are dropped.
  function adaptiveCards(activity) {
    return (activity.attachments || []).filter(function (a) {
      return a && a.contentType === 'application/vnd.microsoft.card.adaptive' && a.content && typeof a.content === 'object';
    }).map(function (a) { return a.content; });
  }

  function walk(items, visit) {
    (items || []).forEach(function (item) {
      if (!item || typeof item !== 'object') return;
      visit(item);
      walk(item.items, visit);
      walk(item.columns, visit);
    });
  }

  function receiptCard(activity) {
    var cards = adaptiveCards(activity);
    if (!cards.length) return null;
    var box = document.createElement('div');
    box.className = 'card';
    var any = false;
    cards.forEach(function (card) {
      walk(card.body, function (item) {
        if (item.type === 'TextBlock' && typeof item.text === 'string') {
          var h = document.createElement('h2');
          h.textContent = item.text;
          box.appendChild(h);
          any = true;
        } else if (item.type === 'FactSet' && Array.isArray(item.facts)) {
          var dl = document.createElement('dl');
          item.facts.forEach(function (fact) {
            var dt = document.createElement('dt');
            dt.textContent = String(fact.title == null ? '' : fact.title);
            var dd = document.createElement('dd');
            linkify(dd, String(fact.value == null ? '' : fact.value));
            dl.appendChild(dt);
            dl.appendChild(dd);
          });
          box.appendChild(dl);
          any = true;
        }
      });
    });
    return any ? box : null;
  }

  function visibleText(activity) {
    var text = typeof activity.text === 'string' ? activity.text : '';
    var cards = adaptiveCards(activity);
    if (!cards.length || !text) return text;
    var shown = {};
    cards.forEach(function (card) {
      walk(card.body, function (item) {
        if (item.type === 'TextBlock') shown[String(item.text).trim()] = true;
        if (item.type === 'FactSet') (item.facts || []).forEach(function (f) { shown[(f.title + ': ' + f.value).trim()] = true; });
      });
    });
    var rest = text.split('\n').filter(function (line) { return !shown[line.trim()]; });
    // If the card explains nothing beyond the text, the text alone is the message.
    return rest.join('\n').trim();
  }

  function showChoices(actions) {
    clearChoices();
    var usable = (actions || []).filter(function (a) {
      return a && (a.type === 'imBack' || a.type === 'postBack' || a.type === 'messageBack') && (a.value != null || a.text || a.title);
    });
    if (!usable.length) return;
    usable.forEach(function (action) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'choice';
      button.textContent = action.title || String(action.value);
      button.addEventListener('click', function () {
        var value = typeof action.value === 'string' ? action.value : action.text || action.title;
        clearChoices();
        input.focus();
        send(value);
      });
      choices.appendChild(button);
    });
    choices.hidden = false;
  }

  function clearChoices() {
    choices.textContent = '';
    choices.hidden = true;
  }

  function showTyping() {
    typing.hidden = false;
    clearTimeout(typingTimer);
    typingTimer = setTimeout(hideTyping, 8000);
  }

  function hideTyping() {
    clearTimeout(typingTimer);
    typing.hidden = true;
  }

  function showStatus(text, retry) {
    statusLine.textContent = text;
    if (retry) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'retry';
      b.textContent = TEXT[lang].retry;
      b.addEventListener('click', retry);
      statusLine.appendChild(document.createTextNode(' '));
      statusLine.appendChild(b);
    }
    statusLine.hidden = false;
  }

  function hideStatus() {
    statusLine.hidden = true;
    statusLine.textContent = '';
  }

  function announce(text) {
    showStatus(text);
    setTimeout(hideStatus, 4000);
  }

  // ---------- sending ----------
  function send(text) {
    text = (text || '').trim();
    if (!text || !session) return;
    var clientId = 'c' + Date.now().toString(36) + Math.random().toString(36).slice(2, 10);
    var item = appendMessage('user', text);
    item.setAttribute('data-client-id', clientId);
    var state = document.createElement('span');
    state.className = 'state';
    state.textContent = TEXT[lang].sending;
    item.appendChild(state);
    post(item, text, clientId);
  }

  function post(item, text, clientId) {
    item.classList.remove('failed');
    var state = item.querySelector('.state');
    if (state) state.textContent = TEXT[lang].sending;
    var old = item.querySelector('.retry');
    if (old) old.remove();
    call('POST', '/conversations/' + encodeURIComponent(session.conversationId) + '/activities', {
      type: 'message',
      text: text,
      locale: lang === 'en' ? 'en-MY' : 'ms-MY',
      from: { id: 'me', role: 'user' },
      channelData: { clientActivityID: clientId }
    }).then(function (res) {
      if (res && res.id) seen[res.id] = true;
      delivered(item);
      if (polling) poll();
    }).catch(function () {
      item.classList.add('failed');
      if (state) state.textContent = TEXT[lang].failed;
      var retry = document.createElement('button');
      retry.type = 'button';
      retry.className = 'retry';
      retry.textContent = TEXT[lang].retry;
      // Same client id: if the first attempt did reach the server, it is not run twice.
      retry.addEventListener('click', function () { post(item, text, clientId); });
      item.appendChild(retry);
    });
  }

  function delivered(item) {
    item.removeAttribute('data-client-id');
    var state = item.querySelector('.state');
    if (state) state.remove();
  }

  function cssEscape(value) {
    return window.CSS && CSS.escape ? CSS.escape(value) : String(value).replace(/[^A-Za-z0-9_-]/g, '');
  }

  // ---------- wiring ----------
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = '';
    send(text);
  });

  $('lang-toggle').addEventListener('click', function () {
    // Switch the page at once, and ask the bot to switch too so the conversation follows.
    var message = TEXT[lang].switchMessage;
    setLang(lang === 'ms' ? 'en' : 'ms');
    send(message);
  });

  $('restart').addEventListener('click', restart);

  setLang(lang);
  start();
})();
