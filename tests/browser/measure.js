// measure.js — injected by tests/e2e_browser.sh into a copy of report.html
// (the report itself carries no script): records errors from the first moment,
// then, once everything has loaded, measures the page at the window's width
// and writes the numbers into a <pre> with the id __measure, as "key value"
// lines, which --dump-dom prints. Nothing here changes the page before it is
// measured.
(function () {
	// px: two texts of a chart closer than this read as one ("select/cases=0select"
	// in the cost chart before labels were rotated: 7 px apart in Chromium)
	var GAP = 8;
	var errors = [];
	var origError = console.error;
	console.error = function () {
		errors.push('console.error: ' + Array.prototype.join.call(arguments, ' '));
		return origError.apply(console, arguments);
	};
	window.addEventListener('error', function (e) {
		var t = e.target;
		errors.push(t && t !== window ? 'failed to load ' + (t.tagName || '?') + ' ' +
			String(t.src || t.href || '').slice(0, 60) : 'error: ' + e.message);
	}, true);

	function top(el) { return el.getBoundingClientRect().top + window.scrollY; }

	// elements sticking out of the page, not inside a box that scrolls sideways
	function wide(out, tag) {
		var w = document.documentElement.clientWidth;
		var all = document.body.getElementsByTagName('*');
		for (var i = 0; i < all.length; i++) {
			var el = all[i], r = el.getBoundingClientRect();
			if (r.width === 0 || r.right <= w + 1) continue;
			var p = el.parentElement, scrolls = false;
			for (; p && p !== document.body; p = p.parentElement) {
				var ox = getComputedStyle(p).overflowX;
				if (ox === 'auto' || ox === 'scroll' || ox === 'hidden') { scrolls = true; break; }
			}
			if (!scrolls) out.push(tag + ' ' + el.tagName + (el.id ? '#' + el.id : '') +
				' right=' + Math.round(r.right) + ' > ' + w);
		}
	}

	// images and inline SVGs without a size (only those laid out now)
	function unsized(out, tag) {
		var imgs = document.images;
		for (var i = 0; i < imgs.length; i++) {
			var im = imgs[i], r = im.getBoundingClientRect();
			if (!im.closest('details:not([open])') &&
			    (!im.complete || im.naturalWidth === 0 || r.width < 1 || r.height < 1))
				out.push(tag + ' img "' + im.alt + '" natural=' + im.naturalWidth + ' shown=' +
					Math.round(r.width) + 'x' + Math.round(r.height));
		}
		var svgs = document.querySelectorAll('body svg');
		for (var j = 0; j < svgs.length; j++) {
			var s = svgs[j].getBoundingClientRect();
			if (!svgs[j].closest('details:not([open])') && !svgs[j].closest('#__box') &&
			    (s.width < 1 || s.height < 1))
				out.push(tag + ' inline svg without a size');
		}
	}

	// the four corners of a text's box on the screen, rotation included
	// (getBoundingClientRect would give the upright box around a slanted label)
	function quad(el) {
		var b = el.getBBox(), m = el.getScreenCTM();
		if (!m || b.width === 0) return null;
		// the glyphs' middle band: the box less a fifth above and below (ascent
		// and descent room), so stacked legend lines do not count as touching
		var y0 = b.y + b.height * 0.2, y1 = b.y + b.height * 0.8;
		var pts = [[b.x, y0], [b.x + b.width, y0], [b.x + b.width, y1], [b.x, y1]];
		return pts.map(function (p) {
			return new DOMPoint(p[0], p[1]).matrixTransform(m);
		});
	}

	// whether two convex quads overlap or come closer than GAP: texts that
	// nearly touch read as one ("select/cases=0select"); separating-axis test
	function intersect(p, q) {
		var polys = [p, q];
		for (var s = 0; s < 2; s++) {
			var poly = polys[s];
			for (var i = 0; i < 4; i++) {
				var a = poly[i], b = poly[(i + 1) % 4];
				var nx = b.y - a.y, ny = a.x - b.x, len = Math.hypot(nx, ny);
				if (len === 0) continue;
				nx /= len; ny /= len;
				var pmin = Infinity, pmax = -Infinity, qmin = Infinity, qmax = -Infinity;
				p.forEach(function (v) { var d = v.x * nx + v.y * ny; pmin = Math.min(pmin, d); pmax = Math.max(pmax, d); });
				q.forEach(function (v) { var d = v.x * nx + v.y * ny; qmin = Math.min(qmin, d); qmax = Math.max(qmax, d); });
				if (qmin - pmax >= GAP || pmin - qmax >= GAP) return false; /* a gap */
			}
		}
		return true;
	}

	// text of a chart (SVG images) that overlaps other text of it
	function overlaps(out) {
		var box = document.createElement('div');
		box.id = '__box';
		box.style.cssText = 'position:absolute;left:0;top:0;visibility:hidden';
		document.body.appendChild(box);
		var imgs = document.images, checked = 0;
		for (var i = 0; i < imgs.length; i++) {
			var src = imgs[i].getAttribute('src') || '';
			var head = 'data:image/svg+xml;base64,';
			if (src.indexOf(head) !== 0) continue;
			var text = decodeURIComponent(escape(atob(src.slice(head.length))));
			var svg = new DOMParser().parseFromString(text, 'image/svg+xml').documentElement;
			var vb = (svg.getAttribute('viewBox') || '0 0 960 540').split(/\s+/);
			svg.setAttribute('width', vb[2]);
			svg.setAttribute('height', vb[3]);
			svg = document.importNode(svg, true);
			box.appendChild(svg);
			var ts = svg.querySelectorAll('text'), rs = [];
			for (var k = 0; k < ts.length; k++) {
				var q = quad(ts[k]);
				if (q && ts[k].textContent.trim())
					rs.push({ t: ts[k].textContent.trim(), q: q });
			}
			for (var a = 0; a < rs.length; a++)
				for (var b = 0; b < a; b++)
					if (intersect(rs[a].q, rs[b].q))
						out.push('overlap in "' + imgs[i].alt + '": "' + rs[a].t + '" and "' +
							rs[b].t + '"');
			box.removeChild(svg);
			checked++;
		}
		box.remove();
		return checked;
	}

	window.addEventListener('load', function () {
		setTimeout(function () {
			var lines = [], bad = [];
			var sum = document.getElementById('summary');
			lines.push('height ' + document.documentElement.scrollHeight);
			lines.push('summary_top ' + (sum ? Math.round(top(sum)) : -1));
			lines.push('images ' + document.images.length);
			wide(bad, 'folded:');
			unsized(bad, 'folded:');
			var ds = document.querySelectorAll('details');
			for (var i = 0; i < ds.length; i++) ds[i].open = true;
			lines.push('height_open ' + document.documentElement.scrollHeight);
			wide(bad, 'open:');
			unsized(bad, 'open:');
			lines.push('charts_checked ' + overlaps(bad));
			for (var j = 0; j < bad.length; j++) lines.push('bad ' + bad[j]);
			for (var e = 0; e < errors.length; e++) lines.push('error ' + errors[e]);
			lines.push('done 1');
			var pre = document.createElement('pre');
			pre.id = '__measure';
			pre.textContent = '\n' + lines.join('\n') + '\n';
			document.body.appendChild(pre);
		}, 0);
	});
})();
