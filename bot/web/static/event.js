// The print button of the printable list: without JavaScript it stays hidden and the
// browser's own print command prints the same page.
"use strict";
document.querySelectorAll("button[data-print]").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () {
    window.print();
  });
});
