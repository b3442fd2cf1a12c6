// Progressive enhancement only: every page works without this file.
import { initAll } from "/static/build/js/govuk-frontend.min.js";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// WCAG 2.2.1: warn two minutes before the session times out and offer to extend it.
const warning = document.querySelector(".app-session-warning");
if (warning) {
  const minutes = Number(warning.dataset.sessionMinutes);
  const warnAfterMs = Math.max(minutes - 2, 1) * 60 * 1000;
  let timer = window.setTimeout(showWarning, warnAfterMs);

  function showWarning() {
    warning.hidden = false;
    warning.querySelector("button").focus();
  }

  warning.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    const response = await fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      warning.hidden = true;
      window.clearTimeout(timer);
      timer = window.setTimeout(showWarning, warnAfterMs);
    } else {
      form.submit();
    }
  });
}
