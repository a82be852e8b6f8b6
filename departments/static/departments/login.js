// The login page in DEBUG: a demo login's button fills in the form.
document.querySelectorAll(".demo-login").forEach(function (button) {
  button.addEventListener("click", function () {
    document.getElementById("id_username").value = button.dataset.username;
    document.getElementById("id_password").value = button.dataset.password;
    document.getElementById("id_password").focus();
  });
});
