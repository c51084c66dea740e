// The web chat page: every message or button press is one POST that returns the turn's
// replies. Text is only ever set as textContent (never as HTML); a bot's https address
// becomes a link element whose text is the address itself.
// The visitor is a signed token in an HttpOnly cookie. Where the browser keeps no cookie in
// the widget's frame (Safari blocks third-party cookies), the token the server gives a new
// visitor is kept in this frame's own storage and sent in a header; downloads then go
// through fetch with that header, as a link or an image cannot carry it. Each answer says
// whether the cookie came back ("cookie"): only when it did not is the token kept; when it
// did, nothing is (and an old token is removed); "forgotten" (the family had its data
// deleted) removes it too.
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
  const STORE = "talentbot_visitor";
  const HEADER = "X-Talentbot-Visitor";
  let busy = false;

  function stored() {
    try {
      return window.localStorage.getItem(STORE) || "";
    } catch (error) {
      return ""; // storage turned off: the cookie is all there is
    }
  }

  function keep(value) {
    try {
      if (value) window.localStorage.setItem(STORE, value);
      else window.localStorage.removeItem(STORE);
    } catch (error) {
      // storage turned off or full: nothing to keep
    }
  }

  let token = stored(); // sent in the header: only while the cookie does not come back

  function learn(data) {
    if (data.forgotten || data.cookie === true) {
      token = "";
      keep("");
      return;
    }
    if (typeof data.visitor === "string") token = data.visitor;
    if (data.cookie === false && token) keep(token);
  }

  function withVisitor(headers) {
    if (token) headers[HEADER] = token;
    return headers;
  }

  function viaHeader(url, apply) {
    fetch(url, { headers: withVisitor({}), credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) throw new Error("no file");
        return response.blob();
      })
      .then(
        (blob) =>
          new Promise((done) => {
            const reader = new FileReader();
            reader.onload = () => done(reader.result);
            reader.readAsDataURL(blob);
          })
      )
      .then(apply)
      .catch(() => {});
  }

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
    let image = null;
    if (file.mime_type.startsWith("image/")) {
      image = document.createElement("img");
      image.alt = say.imageAlt;
      image.width = 200;
      box.append(image, document.createElement("br"));
    }
    const link = document.createElement("a");
    if (token) {
      viaHeader(file.url, (data) => {
        if (image) image.src = data;
        link.href = data;
      });
    } else {
      if (image) image.src = file.url;
      link.href = file.url;
    }
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
        headers: withVisitor({ "Content-Type": "application/json" }),
        credentials: "same-origin",
        body: JSON.stringify(body),
      });
      const data = await response.json();
      learn(data);
      replies = data.replies;
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

  fetch("/chat/api/history", { headers: withVisitor({}), credentials: "same-origin" })
    .then((response) => response.json())
    .then((data) => {
      learn(data);
      data.lines.forEach(show);
      begin.hidden = data.lines.length > 0;
      scrollDown();
    })
    .catch(() => {
      begin.hidden = false;
    });
})();
