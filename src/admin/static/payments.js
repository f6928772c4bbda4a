/* Paid, not delivered: retry now or close by hand. No polling (F5). */
(function () {
  'use strict';

  var A = window.KhidmatAdmin;
  var el = A.el;
  var t = A.t;
  var body = null;

  A.addTexts({
    en: {
      payHint: 'Paid, not delivered by the agency. The bot retries up to {n} times, then an officer must act.',
      payEmpty: 'Nothing waiting.',
      retrying: 'Bot retrying',
      gaveUp: 'Bot gave up',
      tries: 'Failed tries',
      failure: 'Last failure',
      started: 'Started',
      updated: 'Updated',
      retry: 'Retry now',
      closeTitle: 'Close by hand',
      refunded: 'Refunded via gateway',
      delivered_by_hand: 'Completed at the counter',
      note: 'Note (not sent to the citizen)',
      record: 'Record and tell the citizen',
      completed: 'delivered, receipt sent',
      resolved: 'recorded, citizen told',
      failed: 'still failing',
      closed: 'already closed',
      failedAction: 'did not work; try again',
      deliveredMeanwhile: 'the agency delivered it on a last try: no refund, the citizen was sent the receipt',
    },
    ms: {
      payHint: 'Dibayar, belum diselesaikan agensi. Bot mencuba hingga {n} kali, kemudian pegawai perlu bertindak.',
      payEmpty: 'Tiada yang menunggu.',
      retrying: 'Bot mencuba semula',
      gaveUp: 'Bot berhenti mencuba',
      tries: 'Percubaan gagal',
      failure: 'Kegagalan terakhir',
      started: 'Dimulakan',
      updated: 'Dikemas kini',
      retry: 'Cuba semula',
      closeTitle: 'Selesaikan secara manual',
      refunded: 'Dipulangkan melalui gerbang',
      delivered_by_hand: 'Diselesaikan di kaunter',
      note: 'Catatan (tidak dihantar kepada rakyat)',
      record: 'Rekod dan maklumkan rakyat',
      completed: 'selesai, resit dihantar',
      resolved: 'direkodkan, rakyat dimaklumkan',
      failed: 'masih gagal',
      closed: 'telah pun ditutup',
      failedAction: 'tidak berjaya; cuba lagi',
      deliveredMeanwhile: 'agensi menyelesaikannya pada cubaan terakhir: tiada bayaran balik, resit telah dihantar kepada rakyat',
    },
  });

  function $(id) { return document.getElementById(id); }

  function act(ref, action, data) {
    $('notice').textContent = '';
    A.api('/admin/api/payments/' + encodeURIComponent(ref) + '/' + action, { body: data || {} }).then(function (done) {
      $('announcer').textContent = ref + ': ' + t(done.status in { completed: 1, resolved: 1 } ? done.status : 'failed');
    }, function (error) {
      var code = error && error.code;
      $('notice').textContent = ref + ': ' + t(code === 'PAYMENT_DELIVERED' ? 'deliveredMeanwhile' : error && error.status === 409 ? 'closed' : 'failedAction');
    }).then(function () {
      $('h-payments').focus();
      load();
    });
  }

  function card(p, i) {
    var id = 'pay-' + i;
    var facts = [['MyKad', p.mykad]].concat(Object.keys(p.details).map(function (key) { return [key, p.details[key]]; }), [
      [t('tries'), p.attempts + ' / ' + body.maxAttempts], [t('failure'), p.failure], [t('started'), A.dateTime(p.createdAt)], [t('updated'), A.dateTime(p.updatedAt)],
    ]);
    var note = el('textarea', { id: id, maxlength: '500', required: 'required' });
    var form = el('form', { className: 'reply', onsubmit: function (event) {
      event.preventDefault();
      act(p.ref, 'resolve', { outcome: form.querySelector('input:checked').value, note: note.value.trim() });
    } }, [
      el('fieldset', null, [el('legend', null, [t('closeTitle')])].concat(['refunded', 'delivered_by_hand'].map(function (outcome) {
        return el('label', null, [el('input', { type: 'radio', name: id + 'o', value: outcome, required: 'required' }), ' ' + t(outcome), ' ']);
      }))),
      el('label', { for: id }, [t('note')]),
      note,
      el('div', { className: 'actions' }, [el('button', { type: 'submit', className: 'secondary' }, [t('record')])]),
    ]);
    return el('li', { className: 'ticket' + (p.gaveUp ? ' mine' : '') }, [
      el('h2', { id: id + 'h' }, [p.title[A.lang()] + ' · RM' + p.amount]),
      el('p', null, [el('span', { className: 'wait' + (p.gaveUp ? ' long' : '') }, [t(p.gaveUp ? 'gaveUp' : 'retrying')]), ' · ', el('code', null, [p.ref]), ' ', el('span', { className: 'pill' }, [p.lang === 'ms' ? 'BM' : 'EN'])]),
      el('div', { className: 'context' }, [el('dl', null, [].concat.apply([], facts.map(function (f) { return [el('dt', null, [f[0]]), el('dd', null, [f[1] == null ? t('dash') : String(f[1])])]; })))]),
      el('button', { type: 'button', className: 'primary', 'aria-describedby': id + 'h', onclick: function () { act(p.ref, 'retry'); } }, [t('retry')]),
      form,
    ]);
  }

  function render() {
    if (!body) return;
    $('pay-hint').textContent = t('payHint', { n: body.maxAttempts });
    var list = A.clear($('payments'));
    body.payments.forEach(function (p, i) { list.appendChild(card(p, i)); });
    $('pay-empty').hidden = body.payments.length > 0;
  }

  function load() {
    A.api('/admin/api/payments/attention').then(function (answer) { body = answer; render(); }, function () {
      $('notice').textContent = t('loadFailed');
    }).then(function () { document.body.setAttribute('data-loaded', 'true'); });
  }

  document.addEventListener('DOMContentLoaded', function () {
    A.onLangChange(render);
    load();
  });
})();
