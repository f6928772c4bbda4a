/* The handoff console: the queue of citizens who asked for a person, taking one, chatting with them
 * on whatever channel they use (polled every 2.5 s), and returning the conversation to the bot.
 * New citizen messages and new arrivals are announced in a polite live region. */
(function () {
  'use strict';

  var A = window.KhidmatAdmin;
  var el = A.el;
  var t = A.t;
  var QUEUE_MS = 5000;
  var MESSAGES_MS = 2500;
  var LONG_WAIT_MINUTES = 10;
  var OFFICER_KEY = 'khidmat.admin.officer';

  A.addTexts({
    en: {
      handoffTitle: 'Handoff console',
      officerLabel: 'Your name (recorded when you take a conversation)',
      officerMissing: 'Enter your name before taking a conversation.',
      queueTitle: 'Citizens asking for an officer',
      queueEmpty: 'Nobody is waiting. New requests appear here by themselves.',
      hoursOpen: 'Office hours: open now.',
      hoursClosed: 'Office hours: closed now — the bot offers an appointment or a callback instead.',
      waiting: 'Waiting {n} min',
      waitingNew: 'Waiting under a minute',
      withOfficer: 'With {officer}',
      take: 'Take',
      takeLabel: 'Take the conversation with {who}',
      open: 'Open',
      openLabel: 'Open the conversation with {who}',
      citizenOn: 'a citizen on {channel}',
      noService: 'No service chosen yet',
      conversationTitle: 'Conversation',
      conversationWith: 'Conversation with {who}',
      noConversation: 'Take a conversation from the queue to start.',
      contextTitle: 'What the citizen told the bot (MyKad masked)',
      service: 'Service',
      reason: 'Why they asked',
      language: 'Language',
      since: 'Asked at',
      noDetails: 'Nothing collected yet.',
      messagesTitle: 'Messages',
      replyLabel: 'Reply to the citizen',
      replyHint: 'Enter sends; Shift+Enter starts a new line. The citizen gets it on their own channel.',
      send: 'Send',
      release: 'Return to the bot',
      released: 'The conversation is back with the bot.',
      gone: 'This conversation is no longer in the queue (returned to the bot or ended by the citizen).',
      takenByOther: 'Another officer has already taken this conversation.',
      actionFailed: 'That did not work. Please try again.',
      sendFailed: 'The message was not sent. Your text is kept; try again.',
      newCitizenMessage: 'Citizen says: {text}',
      newInQueue: '{n} citizens waiting for an officer.',
      'newInQueue.one': '1 citizen waiting for an officer.',
      from_citizen: 'Citizen',
      from_officer: 'Officer',
      from_bot: 'Khidmat (bot)',
      lang_ms: 'Bahasa Melayu',
      lang_en: 'English',
      'reason.asked': 'Asked for a person',
      'reason.unhelped': 'The bot could not help twice',
      'channel.webchat': 'web chat',
      'channel.directline': 'web chat',
      'channel.telegram': 'Telegram',
      'channel.whatsapp': 'WhatsApp',
      'channel.msteams': 'Microsoft Teams',
      'channel.emulator': 'Bot Framework Emulator',
      'channel.test': 'test channel',
      'svc.jpj.roadtax.renew': 'Road tax (LKM) renewal',
      'svc.jpj.licence.renew': 'Driving licence renewal',
      'svc.jpj.summons.check': 'Check and pay summonses',
      'svc.jpj.demerit.check': 'Check KEJARA demerit points',
      'svc.jim.passport.renew': 'Passport renewal',
      'svc.jim.passport.status': 'Passport application status',
      'svc.jim.travel.check': 'Travel restriction check',
      'svc.appointment.book': 'Counter appointment booking',
    },
    ms: {
      handoffTitle: 'Konsol serahan',
      officerLabel: 'Nama anda (direkodkan apabila anda mengambil perbualan)',
      officerMissing: 'Masukkan nama anda sebelum mengambil perbualan.',
      queueTitle: 'Rakyat yang meminta pegawai',
      queueEmpty: 'Tiada yang menunggu. Permintaan baharu akan muncul di sini dengan sendirinya.',
      hoursOpen: 'Waktu pejabat: dibuka sekarang.',
      hoursClosed: 'Waktu pejabat: ditutup sekarang — bot menawarkan janji temu atau panggilan balik.',
      waiting: 'Menunggu {n} min',
      waitingNew: 'Menunggu kurang seminit',
      withOfficer: 'Bersama {officer}',
      take: 'Ambil',
      takeLabel: 'Ambil perbualan dengan {who}',
      open: 'Buka',
      openLabel: 'Buka perbualan dengan {who}',
      citizenOn: 'rakyat di {channel}',
      noService: 'Belum memilih perkhidmatan',
      conversationTitle: 'Perbualan',
      conversationWith: 'Perbualan dengan {who}',
      noConversation: 'Ambil perbualan daripada baris gilir untuk bermula.',
      contextTitle: 'Apa yang rakyat beritahu bot (MyKad bertopeng)',
      service: 'Perkhidmatan',
      reason: 'Sebab meminta',
      language: 'Bahasa',
      since: 'Diminta pada',
      noDetails: 'Belum ada maklumat dikumpul.',
      messagesTitle: 'Mesej',
      replyLabel: 'Balas kepada rakyat',
      replyHint: 'Enter menghantar; Shift+Enter untuk baris baharu. Rakyat menerimanya di saluran mereka sendiri.',
      send: 'Hantar',
      release: 'Kembalikan kepada bot',
      released: 'Perbualan telah dikembalikan kepada bot.',
      gone: 'Perbualan ini tiada lagi dalam baris gilir (dikembalikan kepada bot atau ditamatkan oleh rakyat).',
      takenByOther: 'Pegawai lain telah mengambil perbualan ini.',
      actionFailed: 'Tindakan itu tidak berjaya. Sila cuba lagi.',
      sendFailed: 'Mesej tidak dihantar. Teks anda disimpan; cuba lagi.',
      newCitizenMessage: 'Rakyat berkata: {text}',
      newInQueue: '{n} rakyat menunggu pegawai.',
      from_citizen: 'Rakyat',
      from_officer: 'Pegawai',
      from_bot: 'Khidmat (bot)',
      lang_ms: 'Bahasa Melayu',
      lang_en: 'Bahasa Inggeris',
      'reason.asked': 'Meminta untuk bercakap dengan pegawai',
      'reason.unhelped': 'Bot tidak dapat membantu dua kali',
      'channel.webchat': 'sembang web',
      'channel.directline': 'sembang web',
      'channel.telegram': 'Telegram',
      'channel.whatsapp': 'WhatsApp',
      'channel.msteams': 'Microsoft Teams',
      'channel.emulator': 'Bot Framework Emulator',
      'channel.test': 'saluran ujian',
      'svc.jpj.roadtax.renew': 'Pembaharuan cukai jalan (LKM)',
      'svc.jpj.licence.renew': 'Pembaharuan lesen memandu (LMM)',
      'svc.jpj.summons.check': 'Semak dan bayar saman',
      'svc.jpj.demerit.check': 'Semak mata demerit KEJARA',
      'svc.jim.passport.renew': 'Pembaharuan pasport',
      'svc.jim.passport.status': 'Status permohonan pasport',
      'svc.jim.travel.check': 'Semakan sekatan perjalanan',
      'svc.appointment.book': 'Tempahan janji temu kaunter',
    },
  });

  var state = {
    queue: null,
    current: null,      // the handoff open in the conversation view
    lastSeq: 0,
    messages: [],
    primed: false,      // the first page of messages is history: shown, not announced
    queueTimer: null,
    messageTimer: null,
    polling: false,
    waitingCount: null,
    queueSignature: '',
  };

  function $(id) { return document.getElementById(id); }

  /** A known code in words, or the text as it came (the API may send free text). */
  function known(prefix, value) {
    var text = t(prefix + value);
    return text === prefix + value ? String(value) : text;
  }

  function channelName(channel) { return known('channel.', channel); }
  function serviceName(service) { return service ? known('svc.', service) : t('noService'); }
  function whoOf(handoff) { return t('citizenOn', { channel: channelName(handoff.channel) }); }

  function announce(text) {
    var region = $('announcer');
    // A fresh text node each time, so a repeated message is still read out.
    A.clear(region).appendChild(document.createTextNode(text));
  }

  function notice(text) { $('notice').textContent = text || ''; }

  function officerName() { return $('officer').value.trim(); }

  function renderHours(hours) {
    var box = $('hours');
    if (!hours) { box.hidden = true; return; }
    box.hidden = false;
    box.className = 'hours' + (hours.open ? '' : ' closed');
    A.clear(box);
    box.appendChild(el('strong', null, [t(hours.open ? 'hoursOpen' : 'hoursClosed')]));
    if (hours.text && hours.text[A.lang()]) box.appendChild(document.createTextNode(' ' + hours.text[A.lang()]));
  }

  function ticket(handoff) {
    var mine = isMine(handoff);
    var who = whoOf(handoff);
    var wait = el('span', { className: 'wait' + (handoff.waitingMinutes >= LONG_WAIT_MINUTES ? ' long' : '') }, [handoff.waitingMinutes < 1 ? t('waitingNew') : t('waiting', { n: A.number(handoff.waitingMinutes) })]);
    var action = null;
    if (handoff.status === 'waiting') {
      action = el('button', { type: 'button', className: 'primary', 'aria-label': t('takeLabel', { who: who }), 'data-key': 'take:' + handoff.id, onclick: function () { take(handoff); } }, [t('take')]);
    } else if (mine) {
      action = el('button', { type: 'button', className: 'secondary', 'aria-label': t('openLabel', { who: who }), 'data-key': 'open:' + handoff.id, onclick: function () { openConversation(handoff); } }, [t('open')]);
    }
    return el('li', { className: 'ticket' + (mine ? ' mine' : ''), 'data-id': handoff.id }, [
      el('h3', null, [serviceName(handoff.context && handoff.context.service)]),
      el('p', null, [
        handoff.status === 'waiting' ? wait : el('span', { className: 'wait' }, [t('withOfficer', { officer: handoff.officer || '?' })]),
        ' · ',
        el('span', { className: 'pill' }, [channelName(handoff.channel)]),
        el('span', { className: 'pill', lang: handoff.lang }, [handoff.lang === 'ms' ? 'BM' : 'EN']),
      ]),
      el('p', { className: 'meta' }, [known('reason.', handoff.reason)]),
      action,
    ]);
  }

  function isMine(handoff) {
    return handoff.status === 'active' && !!handoff.officer && handoff.officer === officerName();
  }

  function renderQueue(force) {
    if (!state.queue) return;
    // Waiting first, longest wait at the top; taken conversations after them.
    var handoffs = state.queue.handoffs.slice().sort(function (a, b) {
      if (a.status !== b.status) return a.status === 'waiting' ? -1 : 1;
      return b.waitingMinutes - a.waitingMinutes;
    });
    var waiting = handoffs.filter(function (handoff) { return handoff.status === 'waiting'; }).length;
    if (state.waitingCount !== null && waiting > state.waitingCount) announce(A.count('newInQueue', waiting));
    state.waitingCount = waiting;
    renderHours(state.queue.officeHours);
    // Rebuilding an unchanged list would pull the keyboard focus (and a half-done click) out from under the officer.
    var signature = JSON.stringify([A.lang(), handoffs.map(function (handoff) { return [handoff, isMine(handoff)]; })]);
    if (!force && signature === state.queueSignature) return;
    state.queueSignature = signature;
    var focused = document.activeElement && document.activeElement.getAttribute('data-key');
    var list = A.clear($('queue'));
    handoffs.forEach(function (handoff) { list.appendChild(ticket(handoff)); });
    $('queue-count').textContent = A.number(waiting);
    $('queue-empty').hidden = handoffs.length > 0;
    var again = focused && list.querySelector('[data-key="' + focused + '"]');
    if (again) again.focus();
    else if (focused) $('h-queue').focus();
  }

  function loadQueue() {
    clearTimeout(state.queueTimer);
    return A.api('/admin/api/handoffs').then(function (body) {
      state.queue = body;
      renderQueue();
      if (state.current) {
        var still = body.handoffs.filter(function (handoff) { return handoff.id === state.current.id; })[0];
        if (!still) closeConversation(t('gone'));
        else { state.current = still; renderContext(); }
      }
    }, function () {
      notice(t('loadFailed'));
    }).then(function () {
      document.body.setAttribute('data-queue-loaded', 'true');
      state.queueTimer = setTimeout(loadQueue, QUEUE_MS);
    });
  }

  function take(handoff) {
    var name = officerName();
    $('officer-error').hidden = !!name;
    if (!name) {
      $('officer').setAttribute('aria-invalid', 'true');
      $('officer').focus();
      return;
    }
    $('officer').removeAttribute('aria-invalid');
    notice('');
    A.api('/admin/api/handoffs/' + encodeURIComponent(handoff.id) + '/take', { body: { officer: name } }).then(function (taken) {
      openConversation(taken || handoff);
      loadQueue();
    }, function (error) {
      notice(error && error.status === 409 ? t('takenByOther') : t('actionFailed'));
      loadQueue();
    });
  }

  function renderContext() {
    var handoff = state.current;
    if (!handoff) return;
    $('h-conversation').textContent = t('conversationWith', { who: whoOf(handoff) });
    $('conversation-meta').textContent = t('since') + ': ' + A.dateTime(handoff.since);
    var list = A.clear($('context'));
    function pair(term, value, lang) {
      list.appendChild(el('dt', null, [term]));
      list.appendChild(el('dd', lang ? { lang: lang } : null, [value]));
    }
    pair(t('service'), serviceName(handoff.context && handoff.context.service));
    pair(t('language'), t('lang_' + handoff.lang));
    pair(t('reason'), known('reason.', handoff.reason));
    var details = (handoff.context && handoff.context.details) || {};
    var keys = Object.keys(details);
    keys.forEach(function (key) { pair(key, String(details[key])); });
    if (!keys.length) pair(t('contextTitle'), t('noDetails'));
  }

  function renderMessage(message) {
    var box = $('messages');
    var nearBottom = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
    box.appendChild(el('p', { className: 'msg ' + message.from, 'data-seq': message.seq }, [
      el('span', { className: 'who' }, [t('from_' + message.from)]),
      el('span', { lang: message.from === 'officer' ? undefined : state.current && state.current.lang }, [message.text]),
      el('time', { datetime: message.at }, [A.time(message.at)]),
    ]));
    if (nearBottom || message.from === 'officer') box.scrollTop = box.scrollHeight;
  }

  function pollMessages() {
    clearTimeout(state.messageTimer);
    var handoff = state.current;
    if (!handoff || state.polling) return Promise.resolve();
    state.polling = true;
    return A.api('/admin/api/handoffs/' + encodeURIComponent(handoff.id) + '/messages?after=' + state.lastSeq).then(function (body) {
      if (state.current !== handoff && (!state.current || state.current.id !== handoff.id)) return;
      body.messages.forEach(function (message) {
        if (message.seq <= state.lastSeq) return;   // an overlapping poll already showed it
        state.lastSeq = message.seq;
        state.messages.push(message);
        renderMessage(message);
        if (state.primed && message.from === 'citizen') announce(t('newCitizenMessage', { text: message.text }));
      });
      state.primed = true;
    }, function () { /* the next poll tries again */ }).then(function () {
      state.polling = false;
      $('messages').setAttribute('data-last-seq', String(state.lastSeq));
      if (state.current && state.current.id === handoff.id) state.messageTimer = setTimeout(pollMessages, MESSAGES_MS);
    });
  }

  function openConversation(handoff) {
    var same = state.current && state.current.id === handoff.id;
    state.current = handoff;
    if (!same) {
      state.lastSeq = 0;
      state.messages = [];
      state.primed = false;
      A.clear($('messages'));
    }
    $('no-conversation').hidden = true;
    $('conversation').hidden = false;
    renderContext();
    $('h-conversation').focus();
    pollMessages();
  }

  function closeConversation(message) {
    clearTimeout(state.messageTimer);
    state.current = null;
    $('conversation').hidden = true;
    $('no-conversation').hidden = false;
    $('h-conversation').textContent = t('conversationTitle');
    if (message) announce(message);
  }

  function send(event) {
    event.preventDefault();
    var handoff = state.current;
    var box = $('reply-text');
    var text = box.value.trim();
    if (!handoff || !text) return;
    $('send').disabled = true;
    A.api('/admin/api/handoffs/' + encodeURIComponent(handoff.id) + '/messages', { body: { text: text } }).then(function () {
      box.value = '';
      notice('');
      // Shown when the poll brings it back with its seq, so the order is the server's.
      return pollMessages();
    }, function () {
      notice(t('sendFailed'));
    }).then(function () {
      $('send').disabled = false;
      box.focus();
    });
  }

  function release() {
    var handoff = state.current;
    if (!handoff) return;
    A.api('/admin/api/handoffs/' + encodeURIComponent(handoff.id) + '/release', { body: {} }).then(function () {
      notice('');
      closeConversation(t('released'));
      $('h-queue').focus();
      loadQueue();
    }, function () {
      notice(t('actionFailed'));
    });
  }

  function rerender() {
    renderQueue(true);
    if (state.current) {
      renderContext();
      A.clear($('messages'));
      state.messages.forEach(renderMessage);
    } else {
      $('h-conversation').textContent = t('conversationTitle');
    }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var officer = $('officer');
    try { officer.value = window.localStorage.getItem(OFFICER_KEY) || ''; } catch (e) { /* not remembered */ }
    officer.addEventListener('input', function () {
      try { window.localStorage.setItem(OFFICER_KEY, officerName()); } catch (e) { /* not remembered */ }
      if (officerName()) { $('officer-error').hidden = true; officer.removeAttribute('aria-invalid'); }
      renderQueue();
    });
    $('reply').addEventListener('submit', send);
    $('reply-text').addEventListener('keydown', function (event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        $('reply').requestSubmit();
      }
    });
    $('release').addEventListener('click', release);
    A.onLangChange(rerender);
    loadQueue();
  });
})();
