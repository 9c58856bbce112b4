// Coprod's only script. Every page works without it; it adds NHS.UK component
// behaviour, re-initialises components after htmx swaps, and warns before the
// session ends so that nobody loses what they typed.
import { initAll } from "../dist/nhsuk/nhsuk-frontend.min.js";

initAll();

document.body.addEventListener("htmx:afterSwap", (event) => {
  initAll({ scope: event.target });
});

const WARN_BEFORE_SECONDS = 5 * 60;

function csrfToken(form) {
  const input = form.querySelector("input[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function setUpSessionWarning() {
  const seconds = Number(document.body.dataset.sessionSeconds || 0);
  const warning = document.getElementById("session-warning");
  if (!seconds || !warning) return;

  const countdown = warning.querySelector("[data-session-countdown]");
  const form = warning.querySelector("form");
  let expiresAt = Date.now() + seconds * 1000;
  let timer = null;

  function describe(remaining) {
    const minutes = Math.ceil(remaining / 60);
    return minutes <= 1 ? "less than a minute" : `${minutes} minutes`;
  }

  function tick() {
    const remaining = Math.round((expiresAt - Date.now()) / 1000);
    if (remaining <= WARN_BEFORE_SECONDS && warning.hidden) {
      warning.hidden = false;
      warning.querySelector("button").focus();
    }
    if (!warning.hidden && countdown) {
      countdown.textContent = describe(Math.max(remaining, 0));
    }
    timer = window.setTimeout(tick, 15 * 1000);
  }

  form.addEventListener("submit", async (event) => {
    // Stay on the page so that nothing typed into it is lost.
    event.preventDefault();
    const response = await fetch(form.action, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken(form), Accept: "application/json" },
      credentials: "same-origin",
    });
    if (response.ok) {
      expiresAt = Date.now() + seconds * 1000;
      warning.hidden = true;
    }
  });

  // Any htmx request also restarts the server's idle clock.
  document.body.addEventListener("htmx:afterRequest", () => {
    expiresAt = Date.now() + seconds * 1000;
  });

  window.clearTimeout(timer);
  tick();
}

setUpSessionWarning();
