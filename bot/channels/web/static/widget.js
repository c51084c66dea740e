// The web chat on a library's own website:
//   <script src="https://bot.example.org/chat/widget.js" data-library="lelystad" defer></script>
// A button opens a panel with the chat in a frame (/chat?embed=1&library=...), loaded only
// when it is first opened. Styles are set through the DOM, so a strict CSP on the site holds.
"use strict";

(function () {
  const TEXTS = /*TEXTS*/null;
  const script = document.currentScript;
  if (!script || !TEXTS) return;
  const base = new URL(script.src).origin;
  const library = script.dataset.library || "";
  const pageLanguage = (script.dataset.lang || document.documentElement.lang || "nl").slice(0, 2);
  const language = TEXTS[pageLanguage] ? pageLanguage : "nl";
  const t = TEXTS[language];
  const PANEL = "talentbot-chat-panel";

  function styled(element, styles) {
    Object.assign(element.style, styles);
    return element;
  }

  const toggle = styled(document.createElement("button"), {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000",
    minHeight: "48px", padding: "12px 18px", borderRadius: "24px", border: "2px solid #ffffff",
    background: "#00528a", color: "#ffffff", font: "600 16px system-ui, sans-serif",
    cursor: "pointer", boxShadow: "0 2px 8px rgba(0,0,0,0.3)",
  });
  toggle.type = "button";
  toggle.textContent = t.open;
  toggle.setAttribute("aria-expanded", "false");
  toggle.setAttribute("aria-controls", PANEL);

  const panel = styled(document.createElement("section"), {
    position: "fixed", right: "8px", bottom: "76px", zIndex: "2147483000",
    width: "min(420px, calc(100vw - 16px))", height: "min(640px, calc(100vh - 92px))",
    display: "none", flexDirection: "column", background: "#ffffff",
    border: "1px solid #6b6b6b", borderRadius: "12px", overflow: "hidden",
    boxShadow: "0 4px 16px rgba(0,0,0,0.3)",
  });
  panel.id = PANEL;
  panel.setAttribute("aria-label", t.title);

  const close = styled(document.createElement("button"), {
    alignSelf: "flex-end", minHeight: "44px", minWidth: "44px", margin: "2px",
    border: "2px solid #00528a", borderRadius: "8px", background: "#ffffff", color: "#00528a",
    font: "600 16px system-ui, sans-serif", cursor: "pointer",
  });
  close.type = "button";
  close.textContent = "✕";
  close.setAttribute("aria-label", t.close);
  panel.append(close);

  let frame = null;
  function open() {
    if (!frame) {
      frame = styled(document.createElement("iframe"), { flex: "1 1 auto", border: "0", width: "100%" });
      frame.title = t.title;
      const query = new URLSearchParams({ embed: "1", library: library, lang: language });
      frame.src = base + "/chat?" + query.toString();
      panel.append(frame);
    }
    panel.style.display = "flex";
    toggle.setAttribute("aria-expanded", "true");
    frame.focus();
  }
  function shut() {
    panel.style.display = "none";
    toggle.setAttribute("aria-expanded", "false");
    toggle.focus();
  }
  toggle.addEventListener("click", () => (panel.style.display === "none" ? open() : shut()));
  close.addEventListener("click", shut);
  panel.addEventListener("keydown", (event) => { if (event.key === "Escape") shut(); });

  function mount() { document.body.append(panel, toggle); }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
