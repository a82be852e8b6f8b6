// django-celery-beat's periodic task form: the crontab's reading beside its help text
// (moved out of the template, whose inline script the Content-Security-Policy refuses).
(function ($) {
  var data = document.getElementById("readable-crontabs");
  if (!$ || !data) {
    return;
  }
  var readableCrontabs = JSON.parse(data.textContent);
  var help = $(".field-crontab .help");
  var originalCrontabHelp = help.html();
  $(".field-crontab_translation").hide();
  $(".field-crontab").change(function () {
    var reading = readableCrontabs[$("#id_crontab").val()] || "";
    help.html(originalCrontabHelp).append("<br>", document.createTextNode(reading));
  });
})(window.django && window.django.jQuery);
