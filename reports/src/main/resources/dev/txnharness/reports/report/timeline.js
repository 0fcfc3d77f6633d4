/* The violation timeline of index.html: zoom, pan, a per-client and a per-key view, labels only
 * where they fit, the op's full call and reply on click. Plain JS and SVG, no library, no network:
 * the report must open offline. Data: the <script type="application/json" class="tl-data"> of
 * each .tl (TimelineData.java). The server-drawn SVG (.tl-static) stays as the no-script view.
 * After each drawing the .tl element says what it shows in data-* attributes (range, labels drawn,
 * labels overlapping, narrowest box), which the browser test reads. */
(function () {
  'use strict';
  var NS = 'http://www.w3.org/2000/svg';
  var LEFT = 118, AXIS = 26, ROW = 34, BAR = 20, TOP_PAD = 3, RIGHT = 14, MINW = 4, OV_LANE = 5;

  function el(name, attrs, parent, text) {
    var e = document.createElementNS(NS, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function html(name, attrs, parent, text) {
    var e = document.createElement(name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text != null) e.textContent = text;
    if (parent) parent.appendChild(e);
    return e;
  }
  function dur(ns) { // as Timeline.duration
    if (ns < 1e3) return Math.round(ns) + ' ns';
    if (ns < 1e6) return (ns / 1e3).toFixed(0) + ' µs';
    if (ns < 1e9) return (ns / 1e6).toFixed(1) + ' ms';
    return (ns / 1e9).toFixed(2) + ' s';
  }
  function niceStep(raw) {
    var p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    var ms = [1, 2, 5, 10];
    for (var i = 0; i < ms.length; i++) if (ms[i] * p >= raw) return ms[i] * p;
    return 10 * p;
  }
  /** A tick's label: one unit for the whole axis, as many decimals as the step needs. */
  function tickLabel(t, step, axis) {
    if (axis === 'order') return 'event ' + Math.round(t);
    if (axis === 'logical') return 'step ' + Math.round(t);
    var u = step >= 1e8 ? [1e9, 's'] : step >= 1e5 ? [1e6, 'ms'] : step >= 100 ? [1e3, 'µs'] : [1, 'ns'];
    var dec = Math.max(0, Math.ceil(-Math.log10(step / u[0]) - 1e-9));
    return '+' + (t / u[0]).toFixed(dec) + ' ' + u[1];
  }
  function ordinal(n) {
    var s = (n % 100 >= 11 && n % 100 <= 13) ? 'th' : ({1: 'st', 2: 'nd', 3: 'rd'})[n % 10] || 'th';
    return n + s;
  }

  function init(root, index) {
    var data = JSON.parse(root.querySelector('script.tl-data').textContent);
    var ops = data.ops, span, minRange, axisName;
    ops.forEach(function (o) { o.rs = o.s; o.re = o.e; });
    var byId = {};
    ops.forEach(function (o, i) { o.i = i; if (o.id >= 0) byId[o.id] = o; });
    var st = {view: 'client', key: null, v0: 0, v1: 0, sel: data.blocked != null && byId[data.blocked] ? byId[data.blocked].i : null}; // sel: an index in ops (an op that failed has no id)
    /** x is real time (the default), or the order of events: invokes and returns one slot each (Porcupine's compressed view). */
    function setAxis(order) {
      st.axis = order ? 'order' : 'time';
      axisName = order ? 'order' : data.logical ? 'logical' : 'time';
      span = order ? data.events : data.span;
      minRange = Math.min(span, order ? 6 : Math.max(span / 20000, data.logical ? 8 : 100));
      ops.forEach(function (o) { o.s = order ? o.si : o.rs; o.e = order ? o.ei : o.re; });
      st.v0 = 0; st.v1 = span;
    }
    setAxis(false);
    var fixed = root.querySelector('.tl-static');
    if (fixed) fixed.hidden = true;

    // controls
    var bar = html('div', {'class': 'tl-bar'}, null);
    root.insertBefore(bar, root.firstChild);
    var view = html('select', {'class': 'tl-view', 'aria-label': 'lanes'}, bar);
    html('option', {value: 'client'}, view, 'lanes per client');
    html('option', {value: 'key'}, view, 'lanes per key');
    var axis = html('select', {'class': 'tl-axis', 'aria-label': 'x axis'}, bar);
    html('option', {value: 'time'}, axis, 'x: real time');
    html('option', {value: 'order'}, axis, 'x: event order');
    var keySel = html('select', {'class': 'tl-key', 'aria-label': 'show only ops touching key'}, bar);
    html('option', {value: '*'}, keySel, 'all keys');
    data.keys.forEach(function (k) { html('option', {value: k}, keySel, 'only key ' + (k === '' ? '(no key)' : k)); });
    function button(label, title, cls, f) {
      var b = html('button', {type: 'button', title: title, 'class': cls}, bar, label);
      b.addEventListener('click', f);
      return b;
    }
    button('−', 'zoom out (or the mouse wheel over the timeline)', 'tl-out', function () { zoom(2, (st.v0 + st.v1) / 2); });
    button('+', 'zoom in (or the mouse wheel over the timeline)', 'tl-in', function () { zoom(0.5, (st.v0 + st.v1) / 2); });
    button('◀', 'pan left (or drag the timeline)', 'tl-left', function () { pan(-(st.v1 - st.v0) / 2); });
    button('▶', 'pan right (or drag the timeline)', 'tl-right', function () { pan((st.v1 - st.v0) / 2); });
    button('whole history', 'show the whole history', 'tl-fit', function () { setRange(0, span); });
    if (data.blocked != null) button('failure point', 'zoom to the op that could not be placed and the ops competing with it', 'tl-focus', focusFailure);
    var range = html('span', {'class': 'tl-range'}, bar);
    var legend = html('span', {'class': 'tl-legend'}, bar);
    legend.innerHTML = '<span class="sw compete"></span>competing for the failure point (concurrent with it, or still pending when it returned)';

    var wrap = html('div', {'class': 'tl-wrap'}, root);
    var svg = el('svg', {'class': 'timeline tl-main', role: 'img'}, wrap);
    var ov = el('svg', {'class': 'tl-overview', role: 'img', 'aria-label': 'overview: drag to choose the range shown above'}, wrap);
    var detail = html('div', {'class': 'tl-detail'}, root);
    var measure = el('text', {'class': 'tl-label'}, svg, 'MMMMMMMMMMMMMMMMMMMM');
    var cw = measure.getComputedTextLength() / 20 || 6.7;
    svg.removeChild(measure);

    axis.addEventListener('change', function () { setAxis(axis.value === 'order'); draw(); });
    view.addEventListener('change', function () { st.view = view.value; draw(); });
    keySel.addEventListener('change', function () { st.key = keySel.value === '*' ? null : keySel.value; draw(); });

    function clamp(v0, v1) {
      var w = Math.max(minRange, Math.min(span, v1 - v0));
      var c = (v0 + v1) / 2;
      v0 = Math.max(0, Math.min(span - w, c - w / 2));
      return [v0, v0 + w];
    }
    function setRange(v0, v1) { var r = clamp(v0, v1); st.v0 = r[0]; st.v1 = r[1]; draw(); }
    function zoom(f, at) { setRange(at - (at - st.v0) * f, at + (st.v1 - at) * f); }
    function pan(d) { setRange(st.v0 + d, st.v1 + d); }
    /** The blocked op and the competing ops near it (a long op that started or ends far away only reaches in). */
    function focusFailure() {
      var b = byId[data.blocked], near = 6 * Math.max(b.e - b.s, minRange), lo = b.s, hi = b.e;
      ops.forEach(function (o) {
        if (o.m !== 'compete') return;
        if (o.s < lo && o.s >= b.s - near) lo = o.s;
        if (o.e > hi && o.e <= b.e + near) hi = o.e;
      });
      var m = Math.max((hi - lo) * 0.25, minRange / 2);
      setRange(lo - m, hi + m);
    }

    function plotWidth() { return Math.max(700, (wrap.clientWidth || 1100) - 2) - LEFT - RIGHT; }
    function visible(o) { return st.key == null || o.k.indexOf(st.key) >= 0; }

    /** Lanes of the current view; in each lane rows so that no two ops of a row overlap in time. */
    function lanes() {
      var ls = [], by = {};
      function lane(id, name) {
        if (!by[id]) { by[id] = {name: name, ops: []}; ls.push(by[id]); }
        return by[id];
      }
      if (st.view === 'client') {
        data.clients.forEach(function (c) { lane('c' + c, 'client ' + c); });
        ops.forEach(function (o) { if (visible(o)) by['c' + o.c].ops.push(o); });
      } else {
        data.keys.forEach(function (k) { if (st.key == null || st.key === k) lane('k' + k, k === '' ? '(no key)' : 'key ' + k); });
        ops.forEach(function (o) { o.k.forEach(function (k) { if (by['k' + k]) by['k' + k].ops.push(o); }); });
      }
      ls.forEach(function (l) {
        var ends = [];
        l.rows = l.ops.slice().sort(function (a, b) { return a.s - b.s; }).map(function (o) {
          var r = 0;
          while (r < ends.length && ends[r] > o.s) r++;
          ends[r] = o.e;
          return [o, r];
        });
        l.height = Math.max(1, ends.length);
      });
      return ls;
    }

    function draw() {
      var plot = plotWidth(), k = plot / (st.v1 - st.v0);
      var ls = lanes();
      var rows = ls.reduce(function (n, l) { return n + l.height; }, 0);
      var W = LEFT + plot + RIGHT, H = AXIS + rows * ROW + 6;
      while (svg.firstChild) svg.removeChild(svg.firstChild);
      svg.setAttribute('width', W); svg.setAttribute('height', H); svg.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
      svg.setAttribute('aria-label', 'timeline, ' + (st.view === 'client' ? 'lanes per client' : 'lanes per key'));
      var defs = el('defs', {}, svg);
      var clip = el('clipPath', {id: 'tl-clip-' + index}, defs);
      el('rect', {x: LEFT, y: 0, width: plot, height: H}, clip);
      // the time axis: about one tick per 110 px, so its labels never collide
      var step = niceStep((st.v1 - st.v0) / Math.max(1, plot / 110));
      for (var t = Math.ceil(st.v0 / step) * step; t <= st.v1; t += step) {
        var x = LEFT + (t - st.v0) * k;
        el('line', {'class': 'tick', x1: x, x2: x, y1: 18, y2: H}, svg);
        if (x + 80 < LEFT + plot + RIGHT) el('text', {'class': 'tlabel', x: x + 3, y: 13}, svg, tickLabel(t, step, axisName));
      }
      var y = AXIS, g = el('g', {'clip-path': 'url(#tl-clip-' + index + ')'}, null), drawn = 0, narrowest = Infinity;
      ls.forEach(function (l, li) {
        el('rect', {'class': 'lane' + (li % 2 ? ' odd' : ''), x: 0, y: y, width: W, height: l.height * ROW}, svg);
        var name = l.name.length * cw > LEFT - 12 ? l.name.slice(0, Math.max(1, Math.floor((LEFT - 12) / cw) - 1)) + '…' : l.name;
        el('title', {}, el('text', {'class': 'lname', x: 6, y: y + TOP_PAD + 14}, svg, name), l.name);
        l.rows.forEach(function (pr) {
          var o = pr[0], top = y + pr[1] * ROW + TOP_PAD;
          var x0 = LEFT + (o.s - st.v0) * k, x1 = LEFT + (o.e - st.v0) * k;
          if (x1 < LEFT || x0 > LEFT + plot) return;
          var w = Math.max(MINW, x1 - x0);
          narrowest = Math.min(narrowest, w);
          drawn++;
          var cls = 'op o-' + o.o + ' ' + o.m + (o.i === st.sel ? ' sel' : '');
          var og = el('g', {'class': cls, 'data-id': o.id, 'data-i': o.i}, g);
          el('rect', {x: x0, y: top, width: w, height: BAR, rx: 3}, og);
          var text = (o.n ? o.n + '. ' : '') + o.call + ' → ' + o.reply;
          el('title', {}, og, '#' + o.id + ' client ' + o.c + ': ' + o.call + ' → ' + o.reply + ' (' + o.o + ', at +' + dur(o.rs)
            + ', took ' + (o.o === 'info' ? '?' : dur(o.re - o.rs)) + ')' + (o.n ? ' — linearized ' + ordinal(o.n) : '')
            + (o.why ? ' — ' + (o.m === 'blocked' ? 'COULD NOT BE PLACED' : 'competing: ' + o.why) : ''));
          // a label only inside the visible part of its own box: boxes of a row never overlap, so labels never do
          var vx0 = Math.max(x0, LEFT), vx1 = Math.min(x0 + w, LEFT + plot);
          var fit = Math.floor((vx1 - vx0 - 8) / cw);
          if (fit >= text.length) el('text', {'class': 'tl-label', x: vx0 + 4, y: top + 14}, og, text);
          else if (fit >= 8) el('text', {'class': 'tl-label', x: vx0 + 4, y: top + 14}, og, text.slice(0, fit - 1) + '…');
          if (o.m === 'blocked') {
            var words = '▲ #' + o.id + ' could not be placed', tw = words.length * cw * 10 / 11;
            var lx = vx0, anchor = 'start';
            if (lx + tw > LEFT + plot) { lx = Math.max(LEFT + tw, vx1); anchor = 'end'; }
            el('text', {'class': 'tl-label blocked-label', x: lx, y: top + BAR + 9, 'text-anchor': anchor}, og, words);
          }
        });
        y += l.height * ROW;
      });
      svg.appendChild(g);
      if (data.blocked != null && byId[data.blocked]) {
        var fx = LEFT + (byId[data.blocked].e - st.v0) * k;
        if (fx >= LEFT && fx <= LEFT + plot) {
          el('title', {}, el('line', {'class': 'failure-line', x1: fx, x2: fx, y1: 18, y2: H}, svg),
            'the failure point: #' + data.blocked + ' returned here and no order of the pending ops explains its reply');
        }
      }
      drawOverview(plot);
      range.textContent = 'showing ' + tickLabel(st.v0, niceStep(st.v1 - st.v0) / 100, axisName) + ' … '
        + tickLabel(st.v1, niceStep(st.v1 - st.v0) / 100, axisName) + ' of ' + (axisName === 'order' ? span + ' events' : axisName === 'logical' ? span + ' steps' : dur(span))
        + ' (' + drawn + ' op boxes)';
      root.dataset.view = st.view;
      root.dataset.axis = st.axis;
      root.dataset.key = st.key == null ? '*' : st.key;
      root.dataset.v0 = Math.round(st.v0);
      root.dataset.v1 = Math.round(st.v1);
      root.dataset.span = span;
      root.dataset.drawn = drawn;
      root.dataset.narrowest = drawn ? narrowest.toFixed(1) : '0';
      check();
      showDetail();
    }

    /** Counts the labels drawn and the pairs of them whose boxes intersect (there should be none). */
    function check() {
      var boxes = [];
      svg.querySelectorAll('text').forEach(function (t) {
        var b = t.getBBox();
        if (b.width > 0) boxes.push(b);
      });
      var overlaps = 0;
      boxes.sort(function (a, b) { return a.x - b.x; });
      for (var i = 0; i < boxes.length; i++) {
        for (var j = i + 1; j < boxes.length && boxes[j].x < boxes[i].x + boxes[i].width - 0.5; j++) {
          var a = boxes[i], b = boxes[j];
          if (b.y < a.y + a.height - 0.5 && a.y < b.y + b.height - 0.5) overlaps++;
        }
      }
      root.dataset.labels = svg.querySelectorAll('text.tl-label').length;
      root.dataset.texts = boxes.length;
      root.dataset.overlaps = overlaps;
    }

    function drawOverview(plot) {
      while (ov.firstChild) ov.removeChild(ov.firstChild);
      var W = LEFT + plot + RIGHT, n = data.clients.length, H = 8 + n * OV_LANE, k = plot / span;
      ov.setAttribute('width', W); ov.setAttribute('height', H); ov.setAttribute('viewBox', '0 0 ' + W + ' ' + H);
      el('text', {'class': 'lname', x: 6, y: H - 3}, ov, 'overview');
      el('rect', {'class': 'ov-bg', x: LEFT, y: 0, width: plot, height: H}, ov);
      ops.forEach(function (o) {
        if (!visible(o)) return;
        el('rect', {'class': 'ov-op o-' + o.o + ' ' + o.m, x: LEFT + o.s * k, y: 4 + data.clients.indexOf(o.c) * OV_LANE,
          width: Math.max(1, (o.e - o.s) * k), height: OV_LANE - 1}, ov);
      });
      el('rect', {'class': 'ov-brush', x: LEFT + st.v0 * k, y: 0.5, width: Math.max(2, (st.v1 - st.v0) * k), height: H - 1}, ov);
      ov.onmousedown = function (ev) {
        ev.preventDefault();
        var x0 = ev.clientX, r = ov.getBoundingClientRect();
        var sel = el('rect', {'class': 'ov-sel', x: x0 - r.left, y: 0, width: 0, height: H}, ov);
        function t(x) { return (x - r.left - LEFT) / k; }
        function move(e) { sel.setAttribute('x', Math.min(x0, e.clientX) - r.left); sel.setAttribute('width', Math.abs(e.clientX - x0)); }
        function up(e) {
          document.removeEventListener('mousemove', move);
          document.removeEventListener('mouseup', up);
          if (Math.abs(e.clientX - x0) > 3) setRange(t(Math.min(x0, e.clientX)), t(Math.max(x0, e.clientX)));
          else { var w = st.v1 - st.v0, c = t(x0); setRange(c - w / 2, c + w / 2); }
        }
        document.addEventListener('mousemove', move);
        document.addEventListener('mouseup', up);
      };
    }

    function showDetail() {
      var o = st.sel == null ? null : ops[st.sel];
      detail.textContent = '';
      if (!o) { html('p', {'class': 'note'}, detail, 'Click an op to see its full call and reply.'); return; }
      var head = (o.id >= 0 ? '#' + o.id : 'not a call (it failed: surely not applied),') + ' client ' + o.c + ' — ' + o.o + ', invoked at +' + dur(o.rs) + ', took '
        + (o.o === 'info' ? '? (no reply)' : dur(o.re - o.rs)) + '; keys: ' + o.k.map(function (k) { return k === '' ? '(none)' : k; }).join(', ');
      html('p', {}, detail, head);
      if (o.n || o.why) html('p', {'class': o.m}, detail, (o.n ? 'linearized ' + ordinal(o.n) + ' in the longest linearizable prefix. ' : '')
        + (o.m === 'blocked' ? 'The checker could not place it.' : o.why ? 'Competing for the failure point: ' + o.why + '.' : ''));
      html('div', {'class': 'h'}, detail, 'call');
      html('pre', {'class': 'call'}, detail, o.call.split('; ').join('\n'));
      html('div', {'class': 'h'}, detail, 'reply');
      html('pre', {'class': 'reply'}, detail, o.cli || o.reply);
    }

    // mouse: the wheel zooms around the pointer (shift+wheel pans), a drag pans, a click selects
    svg.addEventListener('wheel', function (ev) {
      var r = svg.getBoundingClientRect(), plot = plotWidth();
      var at = st.v0 + (ev.clientX - r.left - LEFT) / plot * (st.v1 - st.v0);
      ev.preventDefault();
      if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) pan((ev.deltaX || ev.deltaY) / plot * (st.v1 - st.v0));
      else zoom(Math.exp(ev.deltaY * 0.002), Math.max(st.v0, Math.min(st.v1, at)));
    }, {passive: false});
    svg.addEventListener('mousedown', function (ev) {
      var x0 = ev.clientX, v0 = st.v0, v1 = st.v1, moved = false, plot = plotWidth();
      function move(e) {
        if (Math.abs(e.clientX - x0) > 3) moved = true;
        if (moved) setRange(v0 - (e.clientX - x0) / plot * (v1 - v0), v1 - (e.clientX - x0) / plot * (v1 - v0));
      }
      function up(e) {
        document.removeEventListener('mousemove', move);
        document.removeEventListener('mouseup', up);
        if (moved) return;
        var g = e.target.closest ? e.target.closest('g.op') : null;
        if (g) { st.sel = +g.getAttribute('data-i'); draw(); }
      }
      document.addEventListener('mousemove', move);
      document.addEventListener('mouseup', up);
    });

    // a link can choose the view: index.html#history-2/view=key/key=ctr/x=order/zoom=8 or /focus or /from=T/to=T, and /solo
    var opts = {};
    location.hash.slice(1).split('/').slice(1).forEach(function (p) { var kv = p.split('='); opts[kv[0]] = kv.length > 1 ? decodeURIComponent(kv[1]) : ''; });
    var target = location.hash.slice(1).split('/')[0];
    if (target && target !== root.getAttribute('data-history') && target !== 'all') opts = {};
    if (opts.solo != null) { // the timeline alone on the page (for a screenshot, or a projector)
      Array.prototype.forEach.call(document.body.children, function (c) { c.style.display = 'none'; });
      document.body.insertBefore(root, document.body.firstChild);
    }
    if (opts.x === 'order') { setAxis(true); axis.value = 'order'; }
    if (opts.view === 'key') { st.view = 'key'; view.value = 'key'; }
    if (opts.key != null && data.keys.indexOf(opts.key) >= 0) { st.key = opts.key; keySel.value = opts.key; }
    if (opts.focus != null) focusFailure();
    else if (opts.zoom) { var f = +opts.zoom, c = data.blocked != null ? byId[data.blocked].e : span / 2; setRange(c - span / f / 2, c + span / f / 2); }
    else if (opts.from != null || opts.to != null) setRange(+(opts.from || 0), +(opts.to || span));
    else draw();
    window.addEventListener('resize', draw);
  }

  function start() { document.querySelectorAll('.tl').forEach(init); }
  // after the whole page is parsed: /solo hides what follows the timelines too
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
