// The offline forms' service worker (kuska.web.offline, docs/screening.md "Offline"). Served from the site's root
// so that its scope covers the screening and call forms. It answers only the GET requests of the paths its own
// URL names (?path=…): from the network first, keeping each good answer in the cache; from the cache when the
// network fails. Every other request, and every POST, goes to the network untouched: answers kept on the device
// are sent by the page's own script (offline.js), never stored or replayed here.
"use strict";

const CACHE = "kuska-offline-1";
const PATHS = new Set(new URL(self.location.href).searchParams.getAll("path"));

self.addEventListener("install", () => {
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name !== CACHE) {
          await caches.delete(name);
        }
      }
      await self.clients.claim();
    })(),
  );
});

async function answer(request) {
  try {
    const response = await fetch(request);
    // a page or file as the signed-in user sees it, never a redirect (to sign in) or an error
    if (response.ok && response.type === "basic" && !response.redirected) {
      const cache = await caches.open(CACHE);
      await cache.put(request.url, response.clone());
    }
    return response;
  } catch (failure) {
    const kept = await caches.match(request.url, { ignoreVary: true });
    if (kept) {
      return kept;
    }
    throw failure;
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || !PATHS.has(url.pathname)) {
    return;
  }
  event.respondWith(answer(request));
});
