// Broadcasts, as an enhancement: the composer shows the number of families as staff choose
// (the "Bekijk aantal" button does the same without JavaScript), and a broadcast's page
// follows its progress every two seconds (a reload does the same without JavaScript).
"use strict";

(function () {
  function audienceOf(form) {
    const option = form.elements.doelgroep.value;
    if (option !== "age") {
      return option;
    }
    const low = form.elements.van.value.trim();
    const high = form.elements.tot.value.trim() || low;
    return low ? "age:" + low + "-" + high : "";
  }

  async function getJson(url) {
    const response = await fetch(url, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    });
    const type = response.headers.get("content-type") || "";
    return type.includes("application/json") ? response.json() : null;
  }

  function followCount(form) {
    const shown = document.getElementById("bereik");
    let asked = 0;
    async function update() {
      const audience = audienceOf(form);
      if (!audience) {
        return;
      }
      asked += 1;
      const mine = asked;
      try {
        const data = await getJson(
          form.dataset.aantal + "?audience=" + encodeURIComponent(audience),
        );
        if (data && mine === asked) {
          shown.textContent = data.text; // an answer to an older choice is dropped
        }
      } catch (error) {
        // offline for a moment: the button still counts
      }
    }
    form.elements.doelgroep.addEventListener("change", update);
    for (const name of ["van", "tot"]) {
      if (form.elements[name]) {
        form.elements[name].addEventListener("input", update);
      }
    }
  }

  function followProgress(section) {
    if (section.dataset.klaar) {
      return;
    }
    const bar = section.querySelector("progress");
    const timer = window.setInterval(async function () {
      try {
        const data = await getJson(section.dataset.voortgang);
        if (!data) {
          return;
        }
        for (const field of section.querySelectorAll("[data-veld]")) {
          field.textContent = data[field.dataset.veld];
        }
        bar.max = Math.max(data.total, 1);
        bar.value = data.processed;
        if (data.finished) {
          window.clearInterval(timer);
          // The page then shows the delivery report (without the notice of the moment it was sent).
          window.location.replace(window.location.pathname);
        }
      } catch (error) {
        // try again at the next tick
      }
    }, 2000);
  }

  const form = document.querySelector("form[data-aantal]");
  if (form) {
    followCount(form);
  }
  const progress = document.querySelector("[data-voortgang]");
  if (progress) {
    followProgress(progress);
  }
})();
