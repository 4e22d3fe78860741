/* The personal agenda offline: a service worker for /forums/ that keeps the last copy of each
   agenda page (and the style and script files it uses) and serves it when the network is gone.
   Pages are fetched from the network first, so online readers always see the latest version. */
"use strict";

const CACHE = "silkbridge-agenda-{{ version }}";
const AGENDA = /^\/forums\/[^/]+\/participants\/\d+\/agenda\/$/;
const OFFLINE_TEXT = {{ offline_text }};

self.addEventListener("install", () => self.skipWaiting());

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((key) => key.startsWith("silkbridge-agenda-") && key !== CACHE)
          .map((key) => caches.delete(key))))
      .then(() => self.clients.claim()));
});

function isAgenda(url) {
  return url.origin === self.location.origin && AGENDA.test(url.pathname);
}

function isStatic(url) {
  return url.origin === self.location.origin && url.pathname.startsWith("{{ static_prefix }}");
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) {
      await cache.put(request, response.clone());
    }
    return response;
  } catch (error) {
    const cached = await cache.match(request);
    if (cached) {
      return cached;
    }
    return new Response(OFFLINE_TEXT, {
      status: 503,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request);
  if (cached) {
    return cached;
  }
  const response = await fetch(request);
  if (response.ok) {
    await cache.put(request, response.clone());
  }
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (request.mode === "navigate" && isAgenda(url)) {
    event.respondWith(networkFirst(request));
  } else if (isStatic(url)) {
    event.respondWith(cacheFirst(request));
  }
});
