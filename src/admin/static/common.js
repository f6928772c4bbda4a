/* Khidmat operator pages: what every page shares — the ms/en texts, the language toggle, the API
 * call that sends an officer back to the login page on 401, and number/date formatting.
 * No framework and nothing loaded from elsewhere, so the pages run under a strict CSP. */
(function () {
  'use strict';

  var STORAGE_KEY = 'khidmat.admin.lang';
  var texts = { en: {}, ms: {} };
  var listeners = [];

  // Strings shared by every page; each page adds its own with addTexts().
  addTexts({
    en: {
      brand: 'Khidmat operations',
      navDashboard: 'Dashboard',
      navHandoff: 'Handoff console',
      navPayments: 'Payments needing attention',
      navLabel: 'Operator pages',
      logout: 'Log out',
      switchTo: 'Switch language to ',
      otherLang: 'Bahasa Melayu',
      skip: 'Skip to main content',
      loadFailed: 'Could not load this part. It will be tried again shortly.',
      noData: 'No data yet.',
      dash: '—',
    },
    ms: {
      brand: 'Operasi Khidmat',
      navDashboard: 'Papan pemuka',
      navHandoff: 'Konsol serahan',
      navPayments: 'Bayaran perlu tindakan',
      navLabel: 'Halaman pegawai',
      logout: 'Log keluar',
      switchTo: 'Tukar bahasa ke ',
      otherLang: 'English',
      skip: 'Langkau ke kandungan utama',
      loadFailed: 'Bahagian ini tidak dapat dimuatkan. Ia akan dicuba semula sebentar lagi.',
      noData: 'Belum ada data.',
      dash: '—',
    },
  });

  function addTexts(more) {
    for (var lang in more) Object.assign(texts[lang], more[lang]);
  }

  function readLang() {
    try {
      var saved = window.localStorage.getItem(STORAGE_KEY);
      if (saved === 'ms' || saved === 'en') return saved;
    } catch (e) { /* storage blocked: fall back to English, the officers' default */ }
    return 'en';
  }

  var lang = readLang();

  /** The text for a key in the current language, with {name} placeholders filled. */
  function t(key, values) {
    var text = texts[lang][key];
    if (text === undefined) text = key;
    if (values) text = text.replace(/\{(\w+)\}/g, function (whole, name) { return name in values ? String(values[name]) : whole; });
    return text;
  }

  /** A count in words: "{key}.one" when n is 1 and such a text exists (English), else "{key}". */
  function count(key, n) {
    var one = key + '.one';
    return t(n === 1 && texts[lang][one] !== undefined ? one : key, { n: number(n) });
  }

  /** Keys present in one language but not the other (the browser test asserts there are none). */
  function missingTexts() {
    var missing = [];
    // "key.one" is a plural form only English needs; Malay nouns do not change with the number.
    Object.keys(texts.en).forEach(function (key) { if (!(key in texts.ms) && !/\.one$/.test(key)) missing.push('ms.' + key); });
    Object.keys(texts.ms).forEach(function (key) { if (!(key in texts.en)) missing.push('en.' + key); });
    return missing;
  }

  /** Fills every [data-i18n] element, and [data-i18n-attr="attr:key"] attributes, in the current language. */
  function translatePage(root) {
    var scope = root || document;
    var nodes = scope.querySelectorAll('[data-i18n]');
    for (var i = 0; i < nodes.length; i++) nodes[i].textContent = t(nodes[i].getAttribute('data-i18n'));
    var attributed = scope.querySelectorAll('[data-i18n-attr]');
    for (var j = 0; j < attributed.length; j++) {
      attributed[j].getAttribute('data-i18n-attr').split(';').forEach(function (pair) {
        var parts = pair.split(':');
        attributed[j].setAttribute(parts[0], t(parts[1]));
      });
    }
    if (!root) {
      document.documentElement.lang = lang;
      var title = document.querySelector('meta[name="khidmat-title"]');
      if (title) document.title = t(title.getAttribute('content')) + ' · Khidmat';
      var target = document.getElementById('lang-target');
      if (target) target.lang = lang === 'en' ? 'ms' : 'en';
    }
  }

  function setLang(next) {
    lang = next;
    try { window.localStorage.setItem(STORAGE_KEY, next); } catch (e) { /* the choice lasts this page only */ }
    translatePage();
    listeners.forEach(function (listener) { listener(lang); });
  }

  function onLangChange(listener) { listeners.push(listener); }

  function locale() { return lang === 'ms' ? 'ms-MY' : 'en-MY'; }

  /** 0.384 → "38%"; null (nothing started) → "—". */
  function percent(share) {
    if (share === null || share === undefined || !isFinite(share)) return t('dash');
    return new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 0 }).format(share);
  }

  function number(value) {
    return new Intl.NumberFormat(locale()).format(value || 0);
  }

  function dateTime(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return t('dash');
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(date);
  }

  function time(iso) {
    var date = new Date(iso);
    if (isNaN(date.getTime())) return t('dash');
    return new Intl.DateTimeFormat(locale(), { hour: '2-digit', minute: '2-digit' }).format(date);
  }

  function day(isoDay) {
    var date = new Date(isoDay + 'T00:00:00Z');
    if (isNaN(date.getTime())) return isoDay;
    return new Intl.DateTimeFormat(locale(), { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(date);
  }

  /** An error the pages show in place of a section; a 401 never gets here (it redirects). */
  function ApiError(status, path, code) {
    this.name = 'ApiError';
    this.status = status;
    this.code = code || null;
    this.message = path + ' answered ' + status;
  }
  ApiError.prototype = Object.create(Error.prototype);

  /** Calls the admin JSON API with the session cookie; a 401 means the session ended: log in again. */
  function api(path, options) {
    var init = { method: 'GET', credentials: 'same-origin', headers: { accept: 'application/json' } };
    if (options && options.body !== undefined) {
      init.method = options.method || 'POST';
      init.headers['content-type'] = 'application/json';
      init.body = JSON.stringify(options.body);
    } else if (options && options.method) {
      init.method = options.method;
    }
    return fetch(path, init).then(function (response) {
      if (response.status === 401) {
        window.location.assign('/admin/login');
        // Never settles: the page is leaving, so no section should show an error meanwhile.
        return new Promise(function () {});
      }
      if (!response.ok) {
        return response.json().catch(function () { return null; }).then(function (body) {
          throw new ApiError(response.status, path, body && body.error && body.error.code);
        });
      }
      return response.status === 204 ? null : response.json();
    });
  }

  /** Builds an element: el('td', {className: 'num'}, ['text', child]). Text is always text, never markup. */
  function el(tag, props, children) {
    var node = document.createElement(tag);
    if (props) {
      for (var key in props) {
        if (props[key] === undefined || props[key] === null) continue;
        if (key === 'className' || key === 'textContent' || key === 'hidden' || key === 'disabled' || key === 'value') node[key] = props[key];
        else if (key.slice(0, 2) === 'on') node.addEventListener(key.slice(2), props[key]);
        else node.setAttribute(key, props[key]);
      }
    }
    (children || []).forEach(function (child) {
      if (child === null || child === undefined) return;
      node.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
    });
    return node;
  }

  /** A small table: headers and rows of cells (strings or nodes); numeric columns right-aligned. */
  function table(caption, headers, rows, numeric) {
    var head = el('tr', null, headers.map(function (text, index) {
      return el('th', { scope: 'col', className: numeric && numeric[index] ? 'num' : undefined }, [text]);
    }));
    var body = rows.map(function (cells) {
      return el('tr', null, cells.map(function (cell, index) {
        return index === 0 ? el('th', { scope: 'row' }, [cell]) : el('td', { className: numeric && numeric[index] ? 'num' : undefined }, [cell]);
      }));
    });
    return el('table', { className: 'data' }, [caption ? el('caption', null, [caption]) : null, el('thead', null, [head]), el('tbody', null, body)]);
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  // The bar every operator page shares, built here once rather than copied into each page.
  var PAGES = [['/admin', 'navDashboard'], ['/admin/handoff', 'navHandoff'], ['/admin/payments', 'navPayments']];
  function fillBar(bar) {
    var links = PAGES.map(function (page) {
      return el('a', { href: page[0], 'aria-current': page[0] === location.pathname ? 'page' : null, 'data-i18n': page[1] });
    });
    bar.append(
      el('p', { className: 'brand', 'data-i18n': 'brand' }),
      el('nav', { 'data-i18n-attr': 'aria-label:navLabel' }, links),
      el('div', { className: 'tools' }, [
        el('button', { type: 'button', id: 'lang-toggle', className: 'tool' }, [
          el('span', { className: 'visually-hidden', 'data-i18n': 'switchTo' }),
          el('span', { id: 'lang-target', 'data-i18n': 'otherLang' }),
        ]),
        el('form', { method: 'post', action: '/admin/logout' }, [el('button', { type: 'submit', className: 'tool', 'data-i18n': 'logout' })]),
      ])
    );
  }

  document.addEventListener('DOMContentLoaded', function () {
    var bar = document.querySelector('header.bar');
    if (bar && !bar.firstChild) fillBar(bar);
    translatePage();
    var toggle = document.getElementById('lang-toggle');
    if (toggle) toggle.addEventListener('click', function () { setLang(lang === 'en' ? 'ms' : 'en'); });
  });

  window.KhidmatAdmin = {
    addTexts: addTexts,
    t: t,
    count: count,
    lang: function () { return lang; },
    setLang: setLang,
    onLangChange: onLangChange,
    missingTexts: missingTexts,
    translatePage: translatePage,
    percent: percent,
    number: number,
    dateTime: dateTime,
    time: time,
    day: day,
    api: api,
    ApiError: ApiError,
    el: el,
    table: table,
    clear: clear,
  };
})();
