// The screening and hotline call forms without a connection (kuska.web.offline, docs/screening.md "Offline").
//
// - Registers the service worker (offline-worker.js) and, while online, keeps the pages the section #offline names
//   (every questionnaire in every language of the questions, the call form) in the cache it answers from.
// - Offline, a form sent is kept in IndexedDB, encrypted with AES-GCM under a key made when this page opened: a
//   non-extractable CryptoKey that lives in this page's memory only and is never written anywhere. Moving between
//   the kept pages while offline replaces the page's main part in place, so the key lives on; closing the page
//   ends it, and answers kept under it can no longer be read.
// - Online again, the answers this page kept are sent, each with its id (a UUID made on the device), to the same
//   address as the form; the server records an id once and answers a repeat with the first result, and the device
//   deletes the answers as soon as the server has them.
// Every text shown comes from the page (data-msg-* of #offline), in the page's language.
"use strict";

(() => {
  const CACHE = "kuska-offline-1";
  const DATABASE = "kuska-offline";
  const STORE = "waiting";
  const FORMS = { screening: "screening", call: "call" };
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();

  let key = null; // this page's key: non-extractable, in memory only
  const keyId = self.crypto && self.crypto.randomUUID ? self.crypto.randomUUID() : "";
  let sending = false;
  let refusals = [];

  const section = () => document.getElementById("offline");
  const message = (name, count) =>
    (section()?.dataset[name] || "").replace("{count}", String(count ?? ""));

  // -- IndexedDB -------------------------------------------------------------------------------------------------

  function database() {
    return new Promise((resolve, reject) => {
      const opening = indexedDB.open(DATABASE, 1);
      opening.onupgradeneeded = () => opening.result.createObjectStore(STORE, { keyPath: "id" });
      opening.onsuccess = () => resolve(opening.result);
      opening.onerror = () => reject(opening.error);
    });
  }

  async function store(mode, work) {
    const db = await database();
    try {
      return await new Promise((resolve, reject) => {
        const transaction = db.transaction(STORE, mode);
        const request = work(transaction.objectStore(STORE));
        transaction.oncomplete = () => resolve(request ? request.result : undefined);
        transaction.onerror = () => reject(transaction.error);
      });
    } finally {
      db.close();
    }
  }

  const everything = () => store("readonly", (s) => s.getAll());
  const put = (entry) => store("readwrite", (s) => s.put(entry));
  const remove = (id) => store("readwrite", (s) => s.delete(id));

  // -- encryption ------------------------------------------------------------------------------------------------

  async function encrypt(id, pairs) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const data = await crypto.subtle.encrypt(
      { name: "AES-GCM", iv, additionalData: encoder.encode(id) },
      key,
      encoder.encode(JSON.stringify(pairs)),
    );
    return { iv, data };
  }

  async function decrypt(entry) {
    const plain = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv: entry.iv, additionalData: encoder.encode(entry.id) },
      key,
      entry.data,
    );
    return JSON.parse(decoder.decode(plain));
  }

  // -- what the page shows ---------------------------------------------------------------------------------------

  function say(text, focus) {
    const status = document.getElementById("offline-status");
    if (!status) {
      return;
    }
    status.textContent = text;
    if (focus) {
      section().hidden = false;
      status.focus();
    }
  }

  async function refresh(lead) {
    const shown = section();
    if (!shown) {
      return;
    }
    const entries = key ? await everything() : [];
    const waiting = entries.filter((e) => e.key === keyId && e.state === "waiting").length;
    const refused = entries.filter((e) => e.key === keyId && e.state === "refused");
    const others = entries.filter((e) => e.key !== keyId).length;
    const lines = [];
    if (lead) {
      lines.push(lead);
    } else if (!navigator.onLine) {
      lines.push(message("msgOffline"));
    }
    if (waiting) {
      lines.push(message("msgWaiting", waiting));
    }
    if (refused.length) {
      lines.push(message("msgRefused", refused.length));
    }
    if (others) {
      lines.push(message("msgOthers", others));
    }
    document.getElementById("offline-status").textContent = lines.join(" ");
    const problems = document.getElementById("offline-problems");
    problems.replaceChildren(
      ...refusals.map((text) => {
        const item = document.createElement("li");
        item.textContent = text;
        return item;
      }),
    );
    document.getElementById("offline-send").hidden = !waiting || !navigator.onLine;
    document.getElementById("offline-open").hidden = !refused.length;
    document.getElementById("offline-discard").hidden = !others;
    shown.dataset.waiting = String(waiting);
    shown.hidden = !lines.length;
  }

  // -- keeping a form sent offline -------------------------------------------------------------------------------

  async function keep(form) {
    const pairs = [];
    for (const [name, value] of new FormData(form)) {
      if (name !== "csrfmiddlewaretoken") {
        pairs.push([name, String(value)]);
      }
    }
    if (form.id === FORMS.screening) {
      pairs.push(["record", "yes"]);
    }
    const id = crypto.randomUUID();
    const sealed = await encrypt(id, pairs);
    await put({
      id,
      key: keyId,
      state: "waiting",
      url: new URL(form.action, location.href).pathname,
      saved: Date.now(),
      ...sealed,
    });
    form.reset();
    await refresh(message("msgKept"));
    say(document.getElementById("offline-status").textContent, true);
  }

  // -- sending what waits ----------------------------------------------------------------------------------------

  // A form's CSRF token as the server gives it now (the session may have changed since the page was kept); null
  // when the user must sign in again.
  async function token(url) {
    const response = await fetch(url, { redirect: "manual", cache: "no-store" });
    if (!response.ok || response.type !== "basic") {
      return null;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    return page.querySelector('input[name="csrfmiddlewaretoken"]')?.value || null;
  }

  async function send() {
    if (sending || !key || !navigator.onLine) {
      return;
    }
    sending = true;
    let sent = 0;
    let lead = "";
    try {
      const mine = (await everything()).filter((e) => e.key === keyId && e.state === "waiting");
      if (!mine.length) {
        return;
      }
      say(message("msgSending"));
      const tokens = new Map();
      for (const entry of mine) {
        if (!tokens.has(entry.url)) {
          tokens.set(entry.url, await token(entry.url));
        }
        if (!tokens.get(entry.url)) {
          lead = message("msgSignIn");
          break;
        }
        const body = new URLSearchParams(await decrypt(entry));
        body.set("csrfmiddlewaretoken", tokens.get(entry.url));
        body.set("client_id", entry.id);
        const response = await fetch(entry.url, {
          method: "POST",
          body,
          redirect: "manual",
          headers: { Accept: "application/json" },
        });
        if (response.status === 200 || response.status === 201) {
          await remove(entry.id); // the server has it: the device keeps nothing
          sent += 1;
        } else if (response.status === 400) {
          const answer = await response.json().catch(() => ({ problems: [] }));
          refusals.push(...(answer.problems || []));
          await put({ ...entry, state: "refused" });
        } else if (response.type === "opaqueredirect" || response.status === 403) {
          lead = message("msgSignIn");
          break;
        } else {
          break; // the server failed: the answers wait for the next try
        }
      }
    } catch {
      // no connection after all: the answers wait
    } finally {
      sending = false;
      if (sent && !lead) {
        lead = message("msgSent", sent);
      }
      await refresh(lead);
    }
  }

  // Sends a refused answer as the form itself, so that the server shows it with its reasons to correct; the device
  // no longer keeps it (it is in the page).
  async function openRefused() {
    const entry = (await everything()).find((e) => e.key === keyId && e.state === "refused");
    if (!entry) {
      return;
    }
    const pairs = await decrypt(entry);
    const csrf = await token(entry.url);
    if (!csrf) {
      await refresh(message("msgSignIn"));
      return;
    }
    const form = document.createElement("form");
    form.method = "post";
    form.action = entry.url;
    form.hidden = true;
    for (const [name, value] of [...pairs, ["csrfmiddlewaretoken", csrf]]) {
      const input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      input.value = value;
      form.append(input);
    }
    document.body.append(form);
    await remove(entry.id);
    refusals = [];
    form.submit();
  }

  async function discardOthers() {
    for (const entry of await everything()) {
      if (entry.key !== keyId) {
        await remove(entry.id);
      }
    }
    await refresh();
  }

  // -- moving between the kept pages without a connection --------------------------------------------------------

  function kept() {
    return (section()?.dataset.pages || "").split(" ").filter(Boolean);
  }

  // Replaces the page's main part with a kept page's, the key living on; then gives the form the values it had
  // (a switch of the language of the questions keeps every answer).
  async function visit(url, values, focusId) {
    // through the worker when it controls the page, else straight from the pages kept
    const response = await fetch(url).catch(async () => (await caches.match(url, { ignoreVary: true })) || Response.error());
    if (!response.ok) {
      await refresh(message("msgUnavailable"));
      return;
    }
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    document.querySelector("main").replaceChildren(...page.querySelector("main").childNodes);
    document.title = page.title;
    history.pushState({ offline: true }, "", url);
    const form = document.querySelector("main form");
    for (const [name, value] of values || []) {
      for (const field of form ? form.elements : []) {
        if (field.name !== name || field.type === "hidden") {
          continue;
        }
        if (field.type === "radio" || field.type === "checkbox") {
          field.checked = field.value === value;
        } else {
          field.value = value;
        }
      }
    }
    await refresh();
    const focus = (focusId && document.getElementById(focusId)) || document.querySelector("main h1");
    if (focus) {
      focus.tabIndex = focus.tabIndex < 0 ? -1 : focus.tabIndex;
      focus.focus();
    }
  }

  function onSubmit(event) {
    const form = event.target;
    const submitter = event.submitter;
    if (navigator.onLine || !(form instanceof HTMLFormElement)) {
      return;
    }
    if (form.method === "get") {
      const url = `${new URL(form.action, location.href).pathname}?${new URLSearchParams(new FormData(form))}`;
      if (kept().includes(url)) {
        event.preventDefault();
        visit(url);
      }
      return;
    }
    if (form.id === FORMS.screening && submitter && submitter.name === "switch") {
      event.preventDefault();
      const values = [...new FormData(form)];
      const questionnaire = form.elements.questionnaire.value;
      const url = `${new URL(form.action, location.href).pathname}?${new URLSearchParams({
        questionnaire,
        questions_in: submitter.value,
      })}`;
      visit(url, values, submitter.id);
      return;
    }
    if (form.id === FORMS.call && submitter && submitter.name === "switch") {
      // the call's questions in another language, or another questionnaire: a page not kept on the device
      event.preventDefault();
      refresh(message("msgUnavailable"));
      return;
    }
    const recording =
      (form.id === FORMS.screening && submitter && submitter.name === "record") || form.id === FORMS.call;
    if (recording) {
      event.preventDefault();
      if (!key) {
        refresh(message("msgUnsafe"));
        return;
      }
      keep(form);
    }
  }

  function onClick(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (target?.closest("#offline-send")) {
      send();
      return;
    }
    if (target?.closest("#offline-open")) {
      openRefused();
      return;
    }
    if (target?.closest("#offline-discard")) {
      discardOthers();
      return;
    }
    const link = target?.closest("a[href]");
    if (!link || navigator.onLine) {
      return;
    }
    const url = new URL(link.href, location.href);
    const path = url.pathname + url.search;
    if (url.origin === location.origin && kept().includes(path)) {
      event.preventDefault();
      visit(path);
    }
  }

  // -- while online: the worker, and the pages it keeps ----------------------------------------------------------

  async function keepPages() {
    const shown = section();
    if (!shown || !navigator.onLine || !self.caches) {
      return;
    }
    const cache = await caches.open(CACHE);
    let all = true;
    // one after the other: the server answers the person's other requests in between
    for (const url of kept()) {
      try {
        const response = await fetch(url, { redirect: "manual", cache: "no-store" });
        if (response.ok && response.type === "basic") {
          await cache.put(url, response);
          continue;
        }
      } catch {
        // kept another time
      }
      all = false;
    }
    shown.dataset.ready = String(all);
  }

  async function start() {
    const shown = section();
    if (!shown) {
      return;
    }
    if (self.isSecureContext && self.crypto?.subtle && self.indexedDB && keyId) {
      key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, false, [
        "encrypt",
        "decrypt",
      ]);
    }
    document.addEventListener("submit", onSubmit);
    document.addEventListener("click", onClick);
    window.addEventListener("online", () => send());
    window.addEventListener("offline", () => refresh());
    window.addEventListener("popstate", () => {
      if (navigator.onLine) {
        location.reload();
      } else {
        visit(location.pathname + location.search);
      }
    });
    // leaving the page ends its key: warn while answers only it can read still wait
    window.addEventListener("beforeunload", (event) => {
      if (section()?.dataset.waiting && section().dataset.waiting !== "0") {
        event.preventDefault();
        event.returnValue = "";
      }
    });
    await refresh();
    if (navigator.serviceWorker && shown.dataset.worker) {
      try {
        await navigator.serviceWorker.register(shown.dataset.worker, { scope: "/" });
        await navigator.serviceWorker.ready;
      } catch {
        // without the worker the forms still work online
      }
    }
    await keepPages();
    await send();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
