/* The dashboard: the E2E share (completed online / started) overall, per service and over time,
 * why citizens did not finish online, unanswered questions, languages and satisfaction.
 * Redraws from the last data on a language switch or a resize; refetches every minute. */
(function () {
  'use strict';

  var A = window.KhidmatAdmin;
  var C = window.KhidmatCharts;
  var el = A.el;
  var t = A.t;
  var REFRESH_MS = 60000;

  A.addTexts({
    en: {
      dashTitle: 'Online services dashboard',
      refresh: 'Refresh',
      updatedAt: 'Figures as of {time}',
      headlineTitle: 'Headline figures',
      e2eShare: 'Completed fully online',
      e2eExplain: 'of {n} services started in the chat',
      'e2eExplain.one': 'of 1 service started in the chat',
      started: 'Started',
      identified: 'Identity verified',
      eligible: 'Eligible',
      refused: 'Refused',
      paid: 'Paid',
      completed: 'Completed online',
      counter: 'Sent to a counter',
      abandoned: 'Abandoned',
      share: 'Completed online (share)',
      service: 'Service',
      allServices: 'All services',
      byServiceTitle: 'Completed online, by service',
      byServiceHint: 'Share of citizens who started a service and finished it in the chat, without a counter visit.',
      byServiceLabel: 'Completed online by service',
      startedCount: '{n} started',
      notStarted: 'Not started by anyone yet: {list}.',
      funnelTable: 'Funnel by service, as a table',
      trendTitle: 'Completed online over time',
      trendService: 'Service',
      trendLabel: 'Completed online per day, {service}, from {from} to {to}',
      trendNote: '{day}: {share} ({completed} of {started})',
      trendTable: 'Daily figures, as a table',
      day: 'Day',
      reasonsTitle: 'Why citizens did not finish online',
      reasonsLabel: 'Reasons citizens did not finish online',
      reasonsTable: 'Reasons, as a table',
      reason: 'Reason',
      stage: 'Outcome',
      count: 'Citizens',
      noReasons: 'No refusals, counter referrals or abandoned services yet.',
      unansweredTitle: 'Questions the bot could not answer',
      question: 'Question',
      language: 'Language',
      timesAsked: 'Times asked',
      lastAsked: 'Last asked',
      noUnanswered: 'No unanswered questions. Every question was answered from the knowledge base.',
      languagesTitle: 'Languages used',
      languagesLabel: 'Languages used',
      langMs: 'Bahasa Melayu',
      langEn: 'English',
      conversationsCount: '{n} conversations',
      'conversationsCount.one': '1 conversation',
      satisfactionTitle: 'Citizen satisfaction',
      satisfactionLabel: 'Ratings given after a completed service',
      satisfactionAverage: '{average} out of 5',
      satisfactionFrom: 'from {n} ratings',
      'satisfactionFrom.one': 'from 1 rating',
      noRatings: 'No ratings yet.',
      satisfactionTable: 'Ratings by service, as a table',
      ratings: 'Ratings',
      average: 'Average (1–5)',
      rating5: '5 — Very satisfied',
      rating4: '4 — Satisfied',
      rating3: '3 — Neutral',
      rating2: '2 — Dissatisfied',
      rating1: '1 — Very dissatisfied',
      'stage.refused': 'refused',
      'stage.counter': 'sent to a counter',
      'stage.abandoned': 'abandoned',
      'reason.INSURANCE_EXPIRED': 'Vehicle insurance expired',
      'reason.SUMMONS_BLACKLIST': 'Blacklisted for an unpaid summons',
      'reason.INSPECTION_REQUIRED': 'Vehicle inspection needed',
      'reason.VEHICLE_NOT_SUPPORTED_ONLINE': 'Vehicle type not renewable online',
      'reason.LICENCE_VOID': 'Licence expired over 3 years (void)',
      'reason.PROBATIONARY_LICENCE': 'Probationary licence (PDL)',
      'reason.VOCATIONAL_LICENCE': 'Vocational licence',
      'reason.LICENCE_RESTRICTED': 'Licence restricted',
      'reason.CHILD_PASSPORT': 'Child’s passport',
      'reason.FIRST_PASSPORT': 'First passport',
      'reason.NON_CHIP_PASSPORT': 'Passport without a chip',
      'reason.PASSPORT_LOST_OR_DAMAGED': 'Passport lost or damaged',
      'reason.CONCESSION_DOCUMENTS_REQUIRED': 'Documents needed for a concession',
      'reason.PTPTN_BLACKLIST': 'PTPTN travel block',
      'reason.SUMMONS_NOT_COMPOUNDABLE': 'Summons cannot be paid online',
      'reason.NOT_ELIGIBLE_ONLINE': 'Not eligible online',
      'reason.OTP_LOCKED': 'Too many wrong OTP codes',
      'reason.TRANSACTION_EXPIRED': 'Payment not made in time',
      'reason.DECLINED_QUOTE': 'Declined the fee',
      'reason.TOO_MANY_TRIES': 'Could not give a valid answer',
    },
    ms: {
      dashTitle: 'Papan pemuka perkhidmatan dalam talian',
      refresh: 'Muat semula',
      updatedAt: 'Angka setakat {time}',
      headlineTitle: 'Angka utama',
      e2eShare: 'Selesai sepenuhnya dalam talian',
      e2eExplain: 'daripada {n} perkhidmatan yang dimulakan dalam sembang',
      started: 'Dimulakan',
      identified: 'Identiti disahkan',
      eligible: 'Layak',
      refused: 'Ditolak',
      paid: 'Dibayar',
      completed: 'Selesai dalam talian',
      counter: 'Dirujuk ke kaunter',
      abandoned: 'Ditinggalkan',
      share: 'Selesai dalam talian (peratus)',
      service: 'Perkhidmatan',
      allServices: 'Semua perkhidmatan',
      byServiceTitle: 'Selesai dalam talian, mengikut perkhidmatan',
      byServiceHint: 'Peratus rakyat yang memulakan sesuatu perkhidmatan dan menyelesaikannya dalam sembang, tanpa ke kaunter.',
      byServiceLabel: 'Selesai dalam talian mengikut perkhidmatan',
      startedCount: '{n} dimulakan',
      notStarted: 'Belum dimulakan oleh sesiapa: {list}.',
      funnelTable: 'Corong mengikut perkhidmatan, dalam bentuk jadual',
      trendTitle: 'Selesai dalam talian dari semasa ke semasa',
      trendService: 'Perkhidmatan',
      trendLabel: 'Selesai dalam talian setiap hari, {service}, dari {from} hingga {to}',
      trendNote: '{day}: {share} ({completed} daripada {started})',
      trendTable: 'Angka harian, dalam bentuk jadual',
      day: 'Hari',
      reasonsTitle: 'Sebab rakyat tidak selesai dalam talian',
      reasonsLabel: 'Sebab rakyat tidak selesai dalam talian',
      reasonsTable: 'Sebab, dalam bentuk jadual',
      reason: 'Sebab',
      stage: 'Keputusan',
      count: 'Rakyat',
      noReasons: 'Belum ada penolakan, rujukan ke kaunter atau perkhidmatan yang ditinggalkan.',
      unansweredTitle: 'Soalan yang tidak dapat dijawab oleh bot',
      question: 'Soalan',
      language: 'Bahasa',
      timesAsked: 'Kali ditanya',
      lastAsked: 'Terakhir ditanya',
      noUnanswered: 'Tiada soalan yang tidak dijawab. Setiap soalan dijawab daripada pangkalan pengetahuan.',
      languagesTitle: 'Bahasa yang digunakan',
      languagesLabel: 'Bahasa yang digunakan',
      langMs: 'Bahasa Melayu',
      langEn: 'Bahasa Inggeris',
      conversationsCount: '{n} perbualan',
      satisfactionTitle: 'Kepuasan rakyat',
      satisfactionLabel: 'Penilaian selepas perkhidmatan selesai',
      satisfactionAverage: '{average} daripada 5',
      satisfactionFrom: 'daripada {n} penilaian',
      noRatings: 'Belum ada penilaian.',
      satisfactionTable: 'Penilaian mengikut perkhidmatan, dalam bentuk jadual',
      ratings: 'Penilaian',
      average: 'Purata (1–5)',
      rating5: '5 — Sangat berpuas hati',
      rating4: '4 — Berpuas hati',
      rating3: '3 — Sederhana',
      rating2: '2 — Tidak berpuas hati',
      rating1: '1 — Sangat tidak berpuas hati',
      'stage.refused': 'ditolak',
      'stage.counter': 'dirujuk ke kaunter',
      'stage.abandoned': 'ditinggalkan',
      'reason.INSURANCE_EXPIRED': 'Insurans kenderaan tamat tempoh',
      'reason.SUMMONS_BLACKLIST': 'Disenarai hitam kerana saman belum dibayar',
      'reason.INSPECTION_REQUIRED': 'Kenderaan perlu diperiksa',
      'reason.VEHICLE_NOT_SUPPORTED_ONLINE': 'Jenis kenderaan tidak boleh diperbaharui dalam talian',
      'reason.LICENCE_VOID': 'Lesen tamat lebih 3 tahun (terbatal)',
      'reason.PROBATIONARY_LICENCE': 'Lesen percubaan (PDL)',
      'reason.VOCATIONAL_LICENCE': 'Lesen vokasional',
      'reason.LICENCE_RESTRICTED': 'Lesen disekat',
      'reason.CHILD_PASSPORT': 'Pasport kanak-kanak',
      'reason.FIRST_PASSPORT': 'Pasport pertama',
      'reason.NON_CHIP_PASSPORT': 'Pasport tanpa cip',
      'reason.PASSPORT_LOST_OR_DAMAGED': 'Pasport hilang atau rosak',
      'reason.CONCESSION_DOCUMENTS_REQUIRED': 'Dokumen diperlukan untuk konsesi',
      'reason.PTPTN_BLACKLIST': 'Sekatan perjalanan PTPTN',
      'reason.SUMMONS_NOT_COMPOUNDABLE': 'Saman tidak boleh dibayar dalam talian',
      'reason.NOT_ELIGIBLE_ONLINE': 'Tidak layak dalam talian',
      'reason.OTP_LOCKED': 'Terlalu banyak kod OTP yang salah',
      'reason.TRANSACTION_EXPIRED': 'Bayaran tidak dibuat dalam masa',
      'reason.DECLINED_QUOTE': 'Menolak bayaran yang dinyatakan',
      'reason.TOO_MANY_TRIES': 'Tidak dapat memberi jawapan yang sah',
    },
  });

  var data = { funnel: null, unanswered: null, satisfaction: null };
  var failed = { funnel: false, unanswered: false, satisfaction: false };
  var timer = null;

  function $(id) { return document.getElementById(id); }

  function titleOf(service) {
    var found = data.funnel && data.funnel.services.filter(function (entry) { return entry.service === service; })[0];
    return found && found.title ? found.title[A.lang()] : service;
  }

  /** A reason code in words; an unknown code still reads as words ("SOME_CODE" → "Some code"). */
  function reasonText(code) {
    var text = t('reason.' + code);
    if (text !== 'reason.' + code) return text;
    var words = String(code).toLowerCase().replace(/_/g, ' ');
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function failure(container) {
    A.clear(container).appendChild(el('p', { className: 'error' }, [t('loadFailed')]));
  }

  function empty(container, key) {
    A.clear(container).appendChild(el('p', { className: 'empty' }, [t(key)]));
  }

  function renderHeadline() {
    var totals = data.funnel.totals;
    $('tile-share').textContent = A.percent(totals.e2eShare);
    $('tile-share-note').textContent = A.count('e2eExplain', totals.started);
    $('tile-started').textContent = A.number(totals.started);
    $('tile-completed').textContent = A.number(totals.completed);
    $('tile-counter').textContent = A.number(totals.counter);
    $('tile-abandoned').textContent = A.number(totals.abandoned);
    $('tiles').removeAttribute('aria-busy');
    $('updated').textContent = t('updatedAt', { time: A.dateTime(data.funnel.generatedAt) });
  }

  function renderServices() {
    var chart = A.clear($('services-chart'));
    var services = data.funnel.services.slice().sort(function (a, b) {
      return (b.e2eShare === null ? -1 : b.e2eShare) - (a.e2eShare === null ? -1 : a.e2eShare) || b.started - a.started;
    });
    if (!services.length) { empty(chart, 'noData'); A.clear($('services-table')); return; }
    // A bar only for services someone started: empty rows would bury the ones that matter.
    var charted = services.filter(function (entry) { return entry.started > 0; });
    var idle = services.filter(function (entry) { return !entry.started; });
    if (!charted.length) empty(chart, 'noData');
    else C.bars(chart, {
      label: t('byServiceLabel'),
      max: 1,
      items: charted.map(function (entry) {
        return { label: titleOf(entry.service) + ' · ' + t('startedCount', { n: A.number(entry.started) }), value: entry.e2eShare || 0, valueText: A.percent(entry.e2eShare) };
      }),
    });
    if (idle.length) chart.appendChild(el('p', { className: 'hint idle' }, [t('notStarted', { list: idle.map(function (entry) { return titleOf(entry.service); }).join(', ') })]));
    var stages = ['started', 'identified', 'eligible', 'refused', 'paid', 'completed', 'counter', 'abandoned'];
    var rows = services.map(function (entry) {
      return [titleOf(entry.service)].concat(stages.map(function (stage) { return A.number(entry[stage]); }), [A.percent(entry.e2eShare)]);
    });
    var totals = data.funnel.totals;
    rows.push([t('allServices')].concat(stages.map(function (stage) { return A.number(totals[stage]); }), [A.percent(totals.e2eShare)]));
    var headers = [t('service')].concat(stages.map(function (stage) { return t(stage); }), [t('share')]);
    A.clear($('services-table')).appendChild(A.table(null, headers, rows, headers.map(function (_, i) { return i > 0; })));
  }

  /** Every day from the first to the last with data, so a quiet day shows as a gap, not a shortcut. */
  function daysBetween(first, last) {
    var days = [];
    for (var at = new Date(first + 'T00:00:00Z'); at.toISOString().slice(0, 10) <= last && days.length < 400; at.setUTCDate(at.getUTCDate() + 1)) {
      days.push(at.toISOString().slice(0, 10));
    }
    return days;
  }

  function fillServiceSelect() {
    var select = $('trend-service');
    var chosen = select.value || 'all';
    A.clear(select);
    select.appendChild(el('option', { value: 'all' }, [t('allServices')]));
    data.funnel.services.forEach(function (entry) { select.appendChild(el('option', { value: entry.service }, [titleOf(entry.service)])); });
    select.value = [].some.call(select.options, function (option) { return option.value === chosen; }) ? chosen : 'all';
  }

  function renderTrend() {
    var chart = A.clear($('trend-chart'));
    var tableBox = A.clear($('trend-table'));
    var service = $('trend-service').value || 'all';
    var rows = data.funnel.byDay.filter(function (row) { return service === 'all' || row.service === service; });
    if (!rows.length) { empty(chart, 'noData'); return; }
    var perDay = {};
    rows.forEach(function (row) {
      var sum = perDay[row.day] || (perDay[row.day] = { started: 0, completed: 0 });
      sum.started += row.started;
      sum.completed += row.completed;
    });
    var known = Object.keys(perDay).sort();
    var days = daysBetween(known[0], known[known.length - 1]);
    var points = days.map(function (day) {
      var sum = perDay[day] || { started: 0, completed: 0 };
      var share = sum.started ? sum.completed / sum.started : null;
      return { day: day, x: A.day(day), y: share, started: sum.started, completed: sum.completed,
        note: t('trendNote', { day: A.day(day), share: A.percent(share), completed: A.number(sum.completed), started: A.number(sum.started) }) };
    });
    var serviceName = service === 'all' ? t('allServices') : titleOf(service);
    C.line(chart, {
      label: t('trendLabel', { service: serviceName, from: A.day(days[0]), to: A.day(days[days.length - 1]) }),
      points: points,
      yMax: 1,
      yFormat: A.percent,
    });
    var tableRows = points.slice().reverse().map(function (point) {
      return [A.day(point.day), A.number(point.started), A.number(point.completed), A.percent(point.y)];
    });
    tableBox.appendChild(A.table(serviceName, [t('day'), t('started'), t('completed'), t('share')], tableRows, [false, true, true, true]));
  }

  function renderReasons() {
    var chart = A.clear($('reasons-chart'));
    var tableBox = A.clear($('reasons-table'));
    var reasons = data.funnel.refusalReasons.slice().sort(function (a, b) { return b.count - a.count; });
    if (!reasons.length) { empty(chart, 'noReasons'); return; }
    C.bars(chart, {
      label: t('reasonsLabel'),
      items: reasons.slice(0, 8).map(function (entry) {
        return { label: reasonText(entry.reason) + ' (' + t('stage.' + entry.stage) + ') · ' + titleOf(entry.service), value: entry.count, valueText: A.number(entry.count), tone: 'tone-' + entry.stage };
      }),
    });
    tableBox.appendChild(A.table(null, [t('reason'), t('stage'), t('service'), t('count')], reasons.map(function (entry) {
      return [reasonText(entry.reason), t('stage.' + entry.stage), titleOf(entry.service), A.number(entry.count)];
    }), [false, false, false, true]));
  }

  function renderUnanswered() {
    var box = A.clear($('unanswered-table'));
    if (failed.unanswered) return failure(box);
    if (!data.unanswered) return;
    var questions = data.unanswered.questions.slice(0, 10);
    if (!questions.length) return empty(box, 'noUnanswered');
    box.appendChild(A.table(null, [t('question'), t('language'), t('timesAsked'), t('lastAsked')], questions.map(function (question) {
      return [
        el('span', { lang: question.lang }, [question.text]),
        question.lang === 'ms' ? 'BM' : 'EN',
        A.number(question.count),
        A.dateTime(question.lastAt),
      ];
    }), [false, false, true, false]));
  }

  function renderLanguages() {
    var chart = A.clear($('languages-chart'));
    var languages = data.funnel.languages || { ms: 0, en: 0 };
    var total = (languages.ms || 0) + (languages.en || 0);
    if (!total) return empty(chart, 'noData');
    C.bars(chart, {
      label: t('languagesLabel'),
      max: 1,
      items: [['ms', 'langMs'], ['en', 'langEn']].map(function (pair) {
        var count = languages[pair[0]] || 0;
        return { label: t(pair[1]) + ' · ' + A.count('conversationsCount', count), value: count / total, valueText: A.percent(count / total) };
      }),
    });
  }

  function renderSatisfaction() {
    var figure = $('satisfaction-average');
    var chart = A.clear($('satisfaction-chart'));
    var tableBox = A.clear($('satisfaction-table'));
    if (failed.satisfaction) { figure.textContent = t('dash'); return failure(chart); }
    var satisfaction = data.satisfaction;
    if (!satisfaction) return;
    figure.hidden = !satisfaction.count;
    if (!satisfaction.count) return empty(chart, 'noRatings');
    var format = new Intl.NumberFormat(A.lang() === 'ms' ? 'ms-MY' : 'en-MY', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
    A.clear(figure).appendChild(el('span', { className: 'big' }, [t('satisfactionAverage', { average: format.format(satisfaction.average) })]));
    figure.appendChild(el('span', { className: 'tile-note' }, [' ' + A.count('satisfactionFrom', satisfaction.count)]));
    C.bars(chart, {
      label: t('satisfactionLabel'),
      items: ['5', '4', '3', '2', '1'].map(function (stars) {
        var count = satisfaction.ratings[stars] || 0;
        return { label: t('rating' + stars), value: count, valueText: A.number(count) };
      }),
    });
    tableBox.appendChild(A.table(null, [t('service'), t('ratings'), t('average')], satisfaction.byService.map(function (entry) {
      return [titleOf(entry.service), A.number(entry.count), entry.average === null ? t('dash') : format.format(entry.average)];
    }), [false, true, true]));
  }

  function renderFunnelSections() {
    var sections = ['services-chart', 'trend-chart', 'reasons-chart', 'languages-chart'];
    if (failed.funnel) {
      sections.forEach(function (id) { failure($(id)); });
      return;
    }
    if (!data.funnel) return;
    renderHeadline();
    renderServices();
    fillServiceSelect();
    renderTrend();
    renderReasons();
    renderLanguages();
  }

  function renderAll() {
    renderFunnelSections();
    renderUnanswered();
    renderSatisfaction();
  }

  function load() {
    clearTimeout(timer);
    function fetchInto(name, path) {
      return A.api(path).then(
        function (body) { data[name] = body; failed[name] = false; },
        function () { failed[name] = true; },
      );
    }
    return Promise.all([
      fetchInto('funnel', '/admin/api/funnel'),
      fetchInto('unanswered', '/admin/api/unanswered'),
      fetchInto('satisfaction', '/admin/api/satisfaction'),
    ]).then(function () {
      renderAll();
      document.body.setAttribute('data-loaded', 'true');
      timer = setTimeout(load, REFRESH_MS);
    });
  }

  var resizeTimer = null;
  document.addEventListener('DOMContentLoaded', function () {
    $('refresh').addEventListener('click', load);
    $('trend-service').addEventListener('change', renderTrend);
    A.onLangChange(renderAll);
    window.addEventListener('resize', function () {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(renderAll, 150);
    });
    load();
  });
})();
