// Check-in at the door without reloading the page: a tap posts its form with fetch, reads
// the list the server answers with, and replaces only that child's row, the count and the
// spoken notice. Without this file (or when fetch fails) the plain form post does the same.
"use strict";
(function () {
  const list = document.querySelector(".door-list");
  if (!list || !window.fetch || !window.DOMParser) {
    return;
  }
  const live = document.getElementById("door-live");
  let busy = false;

  list.addEventListener("submit", async function (event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("door-action")) {
      return;
    }
    event.preventDefault();
    if (busy) {
      return; // one tap at a time; the server would change nothing twice anyway
    }
    busy = true;
    const row = form.closest("li");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
      });
      if (!response.ok) {
        throw new Error(String(response.status));
      }
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const fresh = row && page.getElementById(row.id);
      if (!fresh) {
        throw new Error("row missing");
      }
      row.replaceWith(fresh);
      replace(page, "door-count");
      const notice = page.querySelector(".notice");
      if (live && notice) {
        live.textContent = notice.textContent;
      }
      // Keep the keyboard's place; the undo that now stands in the row waits a moment, so
      // a double tap on "Binnen" cannot undo what its first tap did.
      fresh.tabIndex = -1;
      fresh.focus();
      const undo = fresh.querySelector("button.door-undo");
      if (undo) {
        undo.disabled = true;
        window.setTimeout(function () {
          undo.disabled = false;
        }, 1500);
      }
    } catch (problem) {
      form.submit(); // the page way: post, and come back to this row
    } finally {
      busy = false;
    }
  });

  function replace(page, id) {
    const mine = document.getElementById(id);
    const theirs = page.getElementById(id);
    if (mine && theirs) {
      mine.replaceWith(theirs);
    }
  }
})();
