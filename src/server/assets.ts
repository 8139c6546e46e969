// The status page's two assets, served by the doctor itself (CONTRACT §14: nothing from another origin, no
// inline script). Kept in code, not files, so the compiled image needs nothing beside dist/.

export const PAGE_CSS = `:root{color-scheme:light dark;--bg:#f7f7f8;--fg:#1b1d21;--card:#fff;--muted:#5d6470;--line:#d9dce1;
--pass:#1a7f37;--warn:#9a6700;--fail:#cf222e;--code:#eef0f3}
@media (prefers-color-scheme:dark){:root{--bg:#121417;--fg:#e6e8eb;--card:#1b1f24;--muted:#9aa3ae;--line:#30363d;
--pass:#3fb950;--warn:#d29922;--fail:#f85149;--code:#262c33}}
*{box-sizing:border-box}
body{margin:0 auto;max-width:60rem;padding:1rem;background:var(--bg);color:var(--fg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;overflow-wrap:anywhere}
h1{font-size:1.5rem;margin:.2rem 0}h2{font-size:1.2rem;margin:0 0 .5rem}h3{font-size:1rem;margin:1rem 0 .3rem}
header.overall,article.node,section.engine{background:var(--card);border:1px solid var(--line);border-radius:.5rem;
padding:1rem;margin:0 0 1rem;border-left:.4rem solid var(--line)}
.s-pass{border-left-color:var(--pass)!important}.s-warn{border-left-color:var(--warn)!important}
.s-fail{border-left-color:var(--fail)!important}
.badge{display:inline-block;font-size:.8rem;font-weight:600;padding:0 .5rem;border-radius:1rem;color:#fff;vertical-align:middle}
.badge.s-pass{background:var(--pass)}.badge.s-warn{background:var(--warn)}.badge.s-fail{background:var(--fail)}
.badge.s-skip{background:var(--muted)}
.lead{font-size:1.05rem;margin:.3rem 0}.counts,.muted,.how,.cause,footer{color:var(--muted)}.how,.cause{font-size:.9rem}
dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;margin:.5rem 0}
dl.facts dt{color:var(--muted)}dl.facts dd{margin:0}
@media (max-width:36rem){dl.facts{grid-template-columns:1fr}dl.facts dd{margin-bottom:.4rem}body{padding:.5rem}}
code,pre{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.9em}
code{background:var(--code);padding:0 .25rem;border-radius:.25rem}
ul.findings{list-style:none;padding:0;margin:0}li.finding{border-left:.25rem solid var(--line);padding:.2rem 0 .2rem .7rem;margin:.5rem 0}
li.finding p{margin:.2rem 0}ol.steps{padding-left:1.2rem;margin:.3rem 0}.where{font-size:.85rem;color:var(--muted)}
pre.copy{position:relative;background:var(--code);padding:.5rem 4.5rem .5rem .6rem;border-radius:.3rem;margin:.2rem 0;
white-space:pre-wrap;overflow-wrap:anywhere}pre.copy code{background:none;padding:0}
button.copy{position:absolute;top:.3rem;right:.3rem;font:inherit;font-size:.8rem;padding:.1rem .5rem;border:1px solid var(--line);
border-radius:.3rem;background:var(--card);color:var(--fg);cursor:pointer}
ol.timeline{list-style:none;padding:0;margin:.3rem 0}
ol.timeline li{border-left:.25rem solid var(--line);padding:.1rem 0 .1rem .6rem;margin:.2rem 0}
ol.timeline time{color:var(--muted);font-size:.9rem}.change{font-weight:500}
details.history summary{cursor:pointer;font-weight:600;margin-top:.8rem}a{color:inherit}
footer{font-size:.85rem;text-align:center}
nav.overview{background:var(--card);border:1px solid var(--line);border-radius:.5rem;padding:.5rem 1rem;margin:0 0 1rem;overflow-x:auto}
nav.overview table{border-collapse:collapse;width:100%}nav.overview th{text-align:left;color:var(--muted);font-weight:500}
nav.overview td,nav.overview th{padding:.2rem .5rem .2rem 0;vertical-align:top}nav.overview td:nth-child(2){white-space:nowrap}
`;

// Copy buttons for every step, and a refresh that swaps <main> only when the page changed and the reader is
// not selecting text. Uses DOMParser on the doctor's own page: scripts in a parsed document never run.
export const PAGE_JS = `'use strict';
(function () {
  function copyText(text, button) {
    function done(ok) {
      button.textContent = ok ? 'Copied' : 'Select and copy';
      setTimeout(function () { button.textContent = 'Copy'; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(fallback(text)); });
    } else {
      done(fallback(text));
    }
  }
  function fallback(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    area.style.position = 'fixed';
    area.style.top = '-1000px';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  function addButtons(root) {
    var blocks = root.querySelectorAll('pre.copy');
    for (var i = 0; i < blocks.length; i++) {
      if (blocks[i].querySelector('button.copy')) continue;
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy';
      button.textContent = 'Copy';
      button.setAttribute('aria-label', 'Copy this command');
      (function (pre, b) {
        b.addEventListener('click', function () { copyText(pre.querySelector('code').textContent, b); });
      })(blocks[i], button);
      blocks[i].appendChild(button);
    }
  }
  function refresh() {
    var selection = window.getSelection();
    if (selection && String(selection).length > 0) return;
    fetch(location.pathname, { cache: 'no-store', credentials: 'same-origin' }).then(function (res) {
      return res.ok || res.status === 503 ? res.text() : null;
    }).then(function (text) {
      if (!text) return;
      var next = new DOMParser().parseFromString(text, 'text/html');
      ['main', 'header', 'footer'].forEach(function (tag) {
        var now = document.querySelector(tag), fresh = next.querySelector(tag);
        if (now && fresh && now.innerHTML !== fresh.innerHTML) now.replaceWith(document.importNode(fresh, true));
      });
      document.title = next.title;
      document.body.className = next.body.className;
      addButtons(document);
    }).catch(function () {});
  }
  addButtons(document);
  var seconds = Number(document.body.getAttribute('data-refresh')) || 30;
  setInterval(refresh, seconds * 1000);
})();
`;
