/* The site's own script (overrides/partials/javascripts/base.html explains both parts):
   the search index and worker held back until search opens, and copy buttons. */
(() => {
  let open = false;
  const held = [];
  const release = () => {
    if (!open) {
      open = true;
      held.splice(0).forEach(go => go());
    }
  };

  // The index: Material's request is opened, but sent only then.
  const xhr = XMLHttpRequest.prototype, openXhr = xhr.open, send = xhr.send;
  xhr.open = function (method, url) {
    this.__mdLazy = /\/search\/search_index\.json$/.test(String(url));
    return openXhr.apply(this, arguments);
  };
  xhr.send = function () {
    if (this.__mdLazy && !open) {
      held.push(() => send.apply(this, arguments));
      return;
    }
    return send.apply(this, arguments);
  };

  // The worker: for its address only, a stand-in until then (messages pass both ways).
  const RealWorker = window.Worker;
  if (RealWorker)
    window.Worker = class extends EventTarget {
      constructor(url, options) {
        if (!/\/workers\/search\.[^/]*\.js$/.test(String(url)))
          return new RealWorker(url, options);  // any other worker, as before
        super();
        const queue = [];
        let worker, ended = false;
        const start = () => {
          if (worker || ended) return;
          worker = new RealWorker(url, options);
          worker.addEventListener("message", e => this.dispatchEvent(new MessageEvent("message", {data: e.data})));
          worker.addEventListener("error", e => this.dispatchEvent(new ErrorEvent("error", {
            message: e.message, filename: e.filename, lineno: e.lineno, colno: e.colno})));
          queue.splice(0).forEach(args => worker.postMessage(...args));
        };
        this.postMessage = (...args) => worker ? worker.postMessage(...args) : (queue.push(args), start());
        this.terminate = () => { ended = true; worker && worker.terminate(); };
        open ? start() : held.push(start);
      }
    };

  addEventListener("focusin", e => e.target.matches && e.target.matches(".md-search__input") && release());
  addEventListener("change", e => e.target.id === "__search" && e.target.checked && release());

  // Copy buttons (the campaign kit): a button[data-copy] puts its text on the clipboard
  // and says so for two seconds. Listening on the document also serves the pages that
  // instant navigation brings in later.
  const copied = new WeakMap();
  addEventListener("click", async e => {
    const button = e.target.closest && e.target.closest("button[data-copy]");
    if (!button) return;
    const text = button.dataset.copy;
    try {
      await navigator.clipboard.writeText(text);
    } catch (_) {  // no clipboard API (an older browser, some file:// pages): select and copy
      const area = document.createElement("textarea");
      area.value = text;
      area.className = "copy-buffer";
      area.setAttribute("readonly", "");
      document.body.append(area);
      area.select();
      document.execCommand("copy");
      area.remove();
    }
    if (!copied.has(button)) copied.set(button, button.textContent);
    button.textContent = button.dataset.copied;
    setTimeout(() => { button.textContent = copied.get(button); }, 2000);
  });
})();
