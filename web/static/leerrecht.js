// Leerrecht: small progressive enhancements; every page works without this script.
// A form with data-voortgang="ID" shows the element ID (a status with a progress bar) while the
// browser sends the file and the server reads and stores every row, and its button cannot be
// pressed twice: a DUO file of thousands of meldingen takes a few seconds.
(function () {
  'use strict';
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute('data-voortgang')) return;
    var file = form.querySelector('input[type=file]');
    if (file && file.files.length === 0) return;  // the server answers with the error summary
    var status = document.getElementById(form.getAttribute('data-voortgang'));
    if (status) status.hidden = false;
    var button = form.querySelector('button[type=submit]');
    // After this event the submission has started; disabling now does not stop it.
    if (button) setTimeout(function () { button.disabled = true; }, 0);
  });
})();
