// The submissions form (web:submit): files larger together than the server accepts are refused before they are
// sent, with the page's own message (the server would refuse them too, with an answer that is no page).
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("submission");
  const refusal = document.getElementById("too-large");
  if (!form || !refusal) {
    return;
  }
  const limit = Number(form.dataset.limitBytes);
  form.addEventListener("submit", (event) => {
    let total = 0;
    for (const input of form.querySelectorAll('input[type="file"]')) {
      for (const file of input.files) {
        total += file.size;
      }
    }
    if (limit && total > limit) {
      event.preventDefault();
      refusal.hidden = false;
      refusal.focus();
    } else {
      refusal.hidden = true;
    }
  });
});
