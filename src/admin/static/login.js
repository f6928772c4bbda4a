/* The login page: its texts in both languages, and the error after a refused token (?error=1). */
(function () {
  'use strict';

  var A = window.KhidmatAdmin;
  A.addTexts({
    en: {
      loginTitle: 'Officer log in',
      tokenLabel: 'Admin token',
      tokenHint: 'The ADMIN_TOKEN your administrator gave you. You stay logged in on this browser until you log out.',
      loginButton: 'Log in',
      loginFailed: 'That token was not accepted. Check it and try again.',
      loginThrottled: 'Too many attempts from this computer. Wait a minute, then try again.',
    },
    ms: {
      loginTitle: 'Log masuk pegawai',
      tokenLabel: 'Token pentadbir',
      tokenHint: 'ADMIN_TOKEN yang diberikan oleh pentadbir anda. Anda kekal log masuk di pelayar ini sehingga anda log keluar.',
      loginButton: 'Log masuk',
      loginFailed: 'Token itu tidak diterima. Semak dan cuba lagi.',
      loginThrottled: 'Terlalu banyak cubaan dari komputer ini. Tunggu seminit, kemudian cuba lagi.',
    },
  });

  document.addEventListener('DOMContentLoaded', function () {
    // error=1: the token was wrong; error=2: too many tries in a minute (the server slows guessing).
    var code = (/(?:^|[?&])error=(\d)(?:&|$)/.exec(window.location.search) || [])[1];
    var error = document.getElementById('login-error');
    error.hidden = !code;
    if (code) error.setAttribute('data-i18n', code === '2' ? 'loginThrottled' : 'loginFailed');
    A.translatePage(error.parentNode);
    var token = document.getElementById('token');
    if (code) token.setAttribute('aria-invalid', 'true');
    token.focus();
  });
})();
