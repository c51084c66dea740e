// The web chat page: every message or button press is one POST that returns the turn's
// replies. Text is only ever set as textContent (never as HTML); a bot's https address
// becomes a link element whose text is the address itself.
"use strict";

(function () {
  const root = document.getElementById("chat");
  const log = document.getElementById("log");
  const form = document.getElementById("composer");
  const input = document.getElementById("message");
  const begin = document.getElementById("begin");
  const status = document.getElementById("status");
  const say = root.dataset;
  const URL_PATTERN = /https:\/\/[^\s]+/g;
  let busy = false;

  function textWithLinks(parent, text, linkify) {
    if (!linkify) {
      parent.textContent = text;
      return;
    }
    let last = 0;
    for (const match of text.matchAll(URL_PATTERN)) {
      parent.append(document.createTextNode(text.slice(last, match.index)));
      const link = document.createElement("a");
      link.href = match[0];
      link.textContent = match[0];
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      parent.append(link);
      last = match.index + match[0].length;
    }
    parent.append(document.createTextNode(text.slice(last)));
  }

  function attachmentOf(line) {
    const file = line.attachment;
    const box = document.createElement("p");
    box.className = "attachment";
    if (!file.url) {
      box.textContent = say.expired.replace("{filename}", file.filename);
      return box;
    }
    if (file.mime_type.startsWith("image/")) {
      const image = document.createElement("img");
      image.src = file.url;
      image.alt = say.imageAlt;
      image.width = 200;
      box.append(image, document.createElement("br"));
    }
    const link = document.createElement("a");
    link.href = file.url;
    link.download = file.filename;
    link.className = "button";
    link.textContent = "📎 " + say.download.replace("{filename}", file.filename);
    box.append(link);
    return box;
  }

  function buttonsOf(line) {
    const group = document.createElement("div");
    group.className = "choices";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", say.buttons);
    for (const row of line.buttons) {
      const rowBox = document.createElement("div");
      rowBox.className = "choice-row";
      for (const choice of row) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = choice.label;
        button.addEventListener("click", () => send({ button: choice.token }, choice.label));
        rowBox.append(button);
      }
      group.append(rowBox);
    }
    return group;
  }

  function show(line) {
    const item = document.createElement("div");
    item.className = "line " + (line.author === "visitor" ? "visitor" : "bot");
    const who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = (line.author === "visitor" ? say.you : say.bot) + " ";
    const text = document.createElement("p");
    text.className = "text";
    textWithLinks(text, line.text, line.author !== "visitor");
    text.prepend(who);
    item.append(text);
    if (line.attachment) item.append(attachmentOf(line));
    if (line.buttons && line.buttons.length) item.append(buttonsOf(line));
    log.append(item);
    return item;
  }

  function scrollDown() {
    log.scrollTop = log.scrollHeight;
  }

  async function send(message, shownAs) {
    if (busy) return;
    busy = true;
    status.textContent = say.sending;
    begin.hidden = true;
    if (shownAs) show({ author: "visitor", text: shownAs, buttons: [] });
    const body = Object.assign(
      { library: say.library, language: say.language, embed: say.embedded === "1" },
      message
    );
    let replies;
    try {
      const response = await fetch("/chat/api/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify(body),
      });
      replies = (await response.json()).replies;
      if (!Array.isArray(replies)) throw new Error("no replies");
    } catch (error) {
      replies = [{ author: "bot", text: say.error, buttons: [] }];
    }
    const shown = replies.map(show);
    status.textContent = "";
    busy = false;
    scrollDown();
    const first = shown.length && shown[shown.length - 1].querySelector(".choices button");
    if (message.button && first) first.focus();
    else input.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text || busy) return;
    input.value = "";
    send({ text: text }, text);
  });

  document.getElementById("start").addEventListener("click", () => send({ text: "/start" }));

  fetch("/chat/api/history", { credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      data.lines.forEach(show);
      begin.hidden = data.lines.length > 0;
      scrollDown();
    })
    .catch(() => {
      begin.hidden = false;
    });
})();
