/* The dossier's behaviour in the browser. Everything here is an enhancement: without
   script, the numbers after each quote lead to the list of annotations, and every item
   of every list stays shown.

   document$ is Material's page observable: it fires on load and after each instant
   navigation, so per-page set-up runs there; listeners on document are added once. */

/* One of the plugin's words in the site's language: words.js, made at build from the
   site language's catalog (render/i18n.py), sets window.dossierWords; a word it lacks
   stays English. %(name)s in the word takes values[name]. */
function dossierT(text, values) {
  var words = window.dossierWords || {}
  var said = Object.prototype.hasOwnProperty.call(words, text) ? words[text] : text
  return said.replace(/%\((\w+)\)s/g, function (whole, name) {
    return values && Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole
  })
}

document$.subscribe(function () {
  /* The theme's search dialog has no accessible name; give it one. */
  var search = document.querySelector('.md-search[role="dialog"]')
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", dossierT("Search"))
  }
  document.querySelectorAll(".dossier-map").forEach(dossierZoom)
  /* A source page folds its facts, notes and filters so a phone starts with the text;
     a wide screen has room for them, open. */
  if (window.matchMedia("(min-width: 60em)").matches) {
    document.querySelectorAll("details.dossier-about").forEach(function (about) {
      about.open = true
    })
  }
})

window.addEventListener("beforeprint", function () {
  document.querySelectorAll("details.dossier-about").forEach(function (about) {
    about.open = true
  })
})

/* The card beside a highlighted quote. Its content is a <template> the build rendered
   for each quote (data-card = the quote's anchor id); it is cloned, never built from
   strings. Click, tap, Enter or Space on a highlight opens it; Escape, its close button
   or a click outside closes it and gives focus back to the highlight. */
;(function () {
  if (window.__dossierCards) return // the script ran already (instant navigation)
  window.__dossierCards = true

  var PHONE = "(max-width: 44.9375em)" // Material's breakpoint below which there is no sidebar
  var GAP = 6
  var open = null // {el, ident}: the card shown, and its quote

  function template(ident) {
    return document.querySelector('template[data-card="' + CSS.escape(ident) + '"]')
  }

  /* The quotes covering a highlighted piece, innermost first, each once. */
  function covering(mark) {
    var found = []
    for (var m = mark; m; m = m.parentElement && m.parentElement.closest("mark.dossier-hl")) {
      var ident = m.getAttribute("data-q")
      if (ident && found.indexOf(ident) < 0 && !m.classList.contains("dossier-hl--off")) {
        found.push(ident)
      }
    }
    return found
  }

  function headerBottom() {
    var header = document.querySelector(".md-header")
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0
  }

  /* One line of the highlight: the one clicked, or the last of the first piece. */
  function lineRect(piece, x, y) {
    var rects = piece.getClientRects()
    for (var i = 0; i < rects.length; i++) {
      var r = rects[i]
      if (x >= r.left && x <= r.right && y >= r.top && y <= r.bottom) return r
    }
    return rects.length ? rects[rects.length - 1] : piece.getBoundingClientRect()
  }

  /* The whole quote, where it is short and on screen, so the card covers none of it;
     else the line that was clicked. */
  function extent(ident, line) {
    var top = line.top, bottom = line.bottom, left = line.left, right = line.right
    var sel = 'mark.dossier-hl[data-q="' + CSS.escape(ident) + '"]'
    document.querySelectorAll(sel).forEach(function (m) {
      var r = m.getBoundingClientRect()
      top = Math.min(top, r.top)
      bottom = Math.max(bottom, r.bottom)
      left = Math.min(left, r.left)
      right = Math.max(right, r.right)
    })
    var tall = bottom - top > window.innerHeight * 0.4
    if (tall || top < headerBottom() || bottom > window.innerHeight) return line
    return { top: top, bottom: bottom, left: line.left, right: right }
  }

  /* Beside the highlight and inside the viewport, so nothing scrolls. On a phone the card
     is a sheet docked at the bottom, or at the top when the highlight is low down. */
  function place(el, rect) {
    var top0 = headerBottom() + GAP
    var height = window.innerHeight
    var width = document.documentElement.clientWidth
    var below = height - rect.bottom - 2 * GAP
    var above = rect.top - top0 - GAP
    if (window.matchMedia(PHONE).matches) {
      el.classList.add("dossier-card--sheet")
      if (below >= above) {
        el.style.bottom = "0px"
        el.style.maxHeight = Math.max(below, 120) + "px"
      } else {
        el.style.top = top0 - GAP + "px"
        el.style.maxHeight = Math.max(above, 120) + "px"
      }
      return
    }
    var room = Math.max(below, above)
    el.style.maxHeight = Math.max(room, 120) + "px"
    var h = el.offsetHeight
    var w = el.offsetWidth
    var top = h <= below || below >= above ? rect.bottom + GAP : rect.top - GAP - h
    var left = Math.min(Math.max(rect.left, GAP), width - w - GAP)
    var origin = el.offsetParent ? el.offsetParent.getBoundingClientRect() : { top: 0, left: 0 }
    el.style.top = top - origin.top + "px"
    el.style.left = left - origin.left + "px"
  }

  function show(ident, all, rect) {
    var source = template(ident)
    if (!source) return
    close(false)
    var el = document.createElement("div")
    el.className = "dossier-card"
    el.setAttribute("role", "dialog")
    el.setAttribute("aria-labelledby", "dossier-card-title")
    el.tabIndex = -1
    el.lang = document.documentElement.lang || "en"

    var head = document.createElement("div")
    head.className = "dossier-card-head"
    var title = document.createElement("p")
    title.id = "dossier-card-title"
    title.className = "dossier-card-title"
    title.textContent = dossierT("Annotation %(n)s", { n: source.getAttribute("data-n") })
    var shut = document.createElement("button")
    shut.type = "button"
    shut.className = "dossier-card-close"
    shut.setAttribute("aria-label", dossierT("Close"))
    shut.textContent = "×"
    shut.addEventListener("click", function () {
      close(true)
    })
    head.append(title, shut)
    el.append(head)

    if (all.length > 1) {
      var overlap = document.createElement("div")
      overlap.className = "dossier-card-overlap"
      var note = document.createElement("p")
      note.textContent = dossierT(
        "These words carry %(count)s annotations; shown: annotation %(n)s.",
        { count: all.length, n: source.getAttribute("data-n") }
      )
      overlap.append(note)
      all.forEach(function (other) {
        var tpl = template(other)
        if (!tpl) return
        var button = document.createElement("button")
        button.type = "button"
        button.className = "dossier-card-switch"
        button.textContent = dossierT("Annotation %(n)s", { n: tpl.getAttribute("data-n") })
        button.setAttribute("aria-pressed", other === ident ? "true" : "false")
        button.addEventListener("click", function () {
          if (other !== ident) show(other, all, rect)
        })
        overlap.append(button)
      })
      el.append(overlap)
    }
    el.append(source.content.cloneNode(true))
    var copy = el.querySelector(".dossier-copy-link")
    if (copy) copy.addEventListener("click", function () {
      copyLink(el, ident)
    })
    el.querySelectorAll("a").forEach(function (a) {
      a.addEventListener("click", function () {
        setTimeout(close, 0, false) // after the link is followed
      })
    })

    // After the quote's number, so reading and Tab order go on from the quote.
    var ref = document.querySelector('a.dossier-ref[href$="#ann-' + CSS.escape(ident) + '"]')
    var host = ref || document.getElementById(ident)
    if (!host) return
    host.after(el)
    place(el, extent(ident, rect))
    open = { el: el, ident: ident }
    el.focus({ preventScroll: true })
  }

  /* The quote's link, without the page's filters: on the clipboard, said in the card's
     status line; where the browser gives no clipboard (an http page, a refusal), shown
     in the card's field, selected, to copy by hand. */
  function copyLink(card, ident) {
    var url = location.origin + location.pathname + "#" + encodeURIComponent(ident)
    var status = card.querySelector(".dossier-copy-status")
    var fallback = card.querySelector(".dossier-copy-fallback")
    function byHand() {
      if (!fallback) return
      var field = fallback.querySelector("input")
      field.value = url
      fallback.hidden = false
      field.focus()
      field.select()
      if (status) status.textContent = dossierT("Copy the link below.")
    }
    if (!navigator.clipboard || !window.isSecureContext) return byHand()
    navigator.clipboard.writeText(url).then(function () {
      if (status) status.textContent = dossierT("Link copied.")
    }, byHand)
  }

  /* Arriving by a quote's link (#q-…), or following one on the page: every piece of the
     quote is outlined (CSS :target reaches only the first, which holds the id) and its
     card opens. */
  function arrive() {
    document.querySelectorAll("mark.dossier-hl--target").forEach(function (m) {
      m.classList.remove("dossier-hl--target")
    })
    var ident
    try {
      ident = decodeURIComponent(location.hash.slice(1))
    } catch (err) {
      return // not a link this page made
    }
    var mark = ident && document.getElementById(ident)
    if (!mark || !mark.matches(".dossier-article mark.dossier-hl")) return
    document.querySelectorAll('mark.dossier-hl[data-q="' + CSS.escape(ident) + '"]').forEach(function (m) {
      m.classList.add("dossier-hl--target")
    })
    if (!template(ident) || mark.classList.contains("dossier-hl--off")) return
    mark.scrollIntoView({ block: "center" })
    var all = covering(mark)
    if (all.indexOf(ident) > 0) all.splice(all.indexOf(ident), 1)
    if (all[0] !== ident) all.unshift(ident)
    var rects = mark.getClientRects()
    show(ident, all, rects.length ? rects[rects.length - 1] : mark.getBoundingClientRect())
  }

  window.addEventListener("hashchange", arrive)

  function close(refocus) {
    if (!open) return
    var was = open
    open = null
    was.el.remove()
    var highlight = document.getElementById(was.ident)
    if (highlight && refocus) highlight.focus({ preventScroll: true })
  }

  document.addEventListener("click", function (ev) {
    var target = ev.target
    if (!(target instanceof Element) || !target.isConnected) return // a card just replaced
    if (open && open.el.contains(target)) return
    var mark = target.closest(".dossier-article mark.dossier-hl")
    var selecting = !window.getSelection().isCollapsed // a drag to select text is no click
    if (mark && !target.closest("a") && !selecting) {
      var all = covering(mark)
      if (all.length && template(all[0])) {
        ev.preventDefault()
        show(all[0], all, lineRect(mark, ev.clientX, ev.clientY))
        return
      }
    }
    if (open) {
      var focusable = target.closest("a, button, input, select, textarea, [tabindex]")
      close(!focusable)
    }
  })

  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && open) {
      ev.preventDefault()
      close(true)
      return
    }
    var target = ev.target
    if ((ev.key === "Enter" || ev.key === " ") && target instanceof Element &&
        target.matches(".dossier-article mark.dossier-hl[tabindex]")) {
      ev.preventDefault()
      var all = covering(target)
      if (all.indexOf(target.id) > 0) all.splice(all.indexOf(target.id), 1)
      if (all[0] !== target.id) all.unshift(target.id)
      var rects = target.getClientRects()
      show(target.id, all, rects.length ? rects[rects.length - 1] : target.getBoundingClientRect())
    }
  })

  window.addEventListener("resize", function () {
    close(false)
  })

  document$.subscribe(function () {
    open = null // the old page, and its card, are gone
    var article = document.querySelector(".dossier-article")
    if (!article) return
    // A highlight is a mark, which may hold links, so it cannot be a button: its hint
    // says what Enter does (aria-describedby is allowed on any element).
    var hint = document.createElement("span")
    hint.id = "dossier-card-hint"
    hint.hidden = true
    hint.textContent = dossierT("Enter shows what this quote carries.")
    article.append(hint)
    article.querySelectorAll("mark.dossier-hl[id]").forEach(function (mark) {
      if (!template(mark.id)) return
      mark.tabIndex = 0
      mark.setAttribute("aria-describedby", hint.id)
      mark.classList.add("dossier-hl--live")
    })
    // After the filters have read the URL (their set-up runs after this one) and the
    // browser has scrolled to the quote.
    setTimeout(arrive, 0)
  })
})()

/* Filters: show only the items of one voice, one side, one claim, or the disputed ones.
   The choice lives in the URL's query (shareable; the back button steps through it) and
   the status line, a live region, says what is shown. */
;(function () {
  if (window.__dossierFilters) return
  window.__dossierFilters = true
  var NAMES = ["voice", "side", "claim", "disputed"]

  function form() {
    return document.querySelector("form.dossier-filters")
  }

  function fromUrl(f) {
    var query = new URLSearchParams(location.search)
    NAMES.forEach(function (name) {
      var control = f.elements[name]
      if (!control) return
      var value = query.get(name) || ""
      if (control.type === "checkbox") {
        control.checked = value === control.value
      } else {
        var known = Array.prototype.some.call(control.options, function (o) {
          return o.value === value
        })
        control.value = known ? value : ""
      }
    })
  }

  function toUrl(f) {
    var url = new URL(location.href)
    NAMES.forEach(function (name) {
      var control = f.elements[name]
      var value = !control ? "" : control.type === "checkbox" ? (control.checked ? control.value : "") : control.value
      if (value) url.searchParams.set(name, value)
      else url.searchParams.delete(name)
    })
    if (url.href !== location.href) history.pushState(null, "", url.href)
  }

  function setMarks(ident, on) {
    var sel = CSS.escape(ident)
    document.querySelectorAll('mark.dossier-hl[data-q="' + sel + '"]').forEach(function (m) {
      m.classList.toggle("dossier-hl--off", !on)
      if (m.id && m.classList.contains("dossier-hl--live")) m.tabIndex = on ? 0 : -1
    })
    var ref = document.querySelector('a.dossier-ref[href$="#ann-' + sel + '"]')
    if (ref) ref.classList.toggle("dossier-ref--off", !on)
  }

  function apply(f, announce) {
    var want = {}
    var said = []
    NAMES.forEach(function (name) {
      var control = f.elements[name]
      if (!control) return
      if (control.type === "checkbox") {
        if (control.checked) {
          want[name] = control.value
          said.push("disputed only")
        }
      } else if (control.value) {
        want[name] = control.value
        said.push(name + ": " + control.options[control.selectedIndex].text)
      }
    })
    var items = document.querySelectorAll("[data-filter-item]")
    var shown = 0
    items.forEach(function (item) {
      var ok = Object.keys(want).every(function (name) {
        return (item.getAttribute("data-" + name) || "").split(" ").indexOf(want[name]) >= 0
      })
      item.hidden = !ok
      if (ok) shown++
      var ident = item.getAttribute("data-passage")
      if (ident) setMarks(ident, ok)
    })
    document.querySelectorAll("[data-filter-group]").forEach(function (group) {
      group.hidden = !group.querySelector("[data-filter-item]:not([hidden])")
    })
    var status = document.querySelector(".dossier-filter-status")
    if (!status) return
    var noun = f.getAttribute("data-noun") || "items"
    if (said.length) {
      status.textContent = dossierT("Showing %(shown)s of %(total)s %(noun)s (%(filters)s).", {
        shown: shown, total: items.length, noun: noun, filters: said.join("; ")
      })
    } else if (announce) {
      status.textContent = dossierT("Showing all %(total)s %(noun)s.", { total: items.length, noun: noun })
    } else {
      status.textContent = ""
    }
  }

  document$.subscribe(function () {
    var f = form()
    if (!f) return
    f.hidden = false
    document.querySelectorAll(".dossier-about-filters").forEach(function (note) {
      note.hidden = false // the folded part now holds working filters: the summary says so
    })
    fromUrl(f)
    apply(f, false)
    f.addEventListener("change", function () {
      apply(f, true)
      toUrl(f)
    })
    f.addEventListener("submit", function (ev) {
      ev.preventDefault()
    })
    f.querySelector(".dossier-filter-clear").addEventListener("click", function () {
      f.reset()
      apply(f, true)
      toUrl(f)
    })
  })

  window.addEventListener("popstate", function () {
    var f = form()
    if (!f) return
    fromUrl(f)
    apply(f, true)
  })
})()

/* Pan and zoom a map: wheel, pinch and drag, +/- and reset buttons, arrow and +/- keys.
   The layer (basemap and markers) is scaled; markers and labels are scaled back by
   --dossier-inv so they keep their size. Without this script the static map shows all. */
function dossierZoom(map) {
  if (map.dataset.zoom || map.closest(".dossier-front-map")) return // the home page's stays small and still
  map.dataset.zoom = "1"
  var layer = map.querySelector(".dossier-map-layer")
  var figure = map.closest("figure")
  var bar = figure && figure.querySelector(".dossier-scalebar")
  var km = parseFloat(map.dataset.km)
  var MAX = 12
  var k = 1, tx = 0, ty = 0
  var relabel = 0

  map.tabIndex = 0
  map.setAttribute("role", "group")
  map.setAttribute("aria-label", dossierT("Map: arrow keys move it, + and - zoom, 0 resets"))
  map.title = dossierT("Click the map, or hold Ctrl, to zoom with the wheel")

  function apply() {
    var w = map.clientWidth, h = map.clientHeight
    tx = Math.min(0, Math.max(w - w * k, tx))
    ty = Math.min(0, Math.max(h - h * k, ty))
    layer.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + k + ")"
    map.style.setProperty("--dossier-inv", String(1 / k))
    map.dataset.k = String(k)
    clearTimeout(relabel)
    relabel = setTimeout(function () { dossierRevealLabels(map, k) }, 120)
    if (bar && km) {
      var across = km / k
      var power = Math.pow(10, Math.floor(Math.log10(across / 4)))
      var length = [5, 2, 1].map(function (s) { return s * power }).filter(function (v) {
        return v <= across / 4
      })[0]
      bar.querySelector(".dossier-scalebar-bar").style.width = (length / across * 100).toFixed(2) + "%"
      bar.querySelector(".dossier-scalebar-text").textContent = length >= 1 ? length + " km" : Math.round(length * 1000) + " m"
    }
  }

  function zoomAt(factor, x, y) {
    var next = Math.min(MAX, Math.max(1, k * factor))
    tx = x - (x - tx) * next / k
    ty = y - (y - ty) * next / k
    k = next
    apply()
  }

  function centre() {
    return [map.clientWidth / 2, map.clientHeight / 2]
  }

  function button(text, label, action) {
    var b = document.createElement("button")
    b.type = "button"
    b.textContent = text
    b.setAttribute("aria-label", label)
    b.addEventListener("click", action)
    return b
  }

  var tools = document.createElement("div")
  tools.className = "dossier-map-tools"
  tools.append(
    button("+", dossierT("Zoom in"), function () { zoomAt(1.5, centre()[0], centre()[1]) }),
    button("\u2212", dossierT("Zoom out"), function () { zoomAt(1 / 1.5, centre()[0], centre()[1]) }),
    button(dossierT("Reset"), dossierT("Reset the map"), function () { k = 1; tx = 0; ty = 0; apply() })
  )
  map.before(tools)

  /* The wheel scrolls the page, as readers expect, unless the map has focus (a click or
     Tab puts it there) or Ctrl/Cmd is held (a trackpad's pinch sends Ctrl + wheel). */
  map.addEventListener("wheel", function (e) {
    if (!e.ctrlKey && !e.metaKey && !map.contains(document.activeElement)) return
    e.preventDefault()
    var r = map.getBoundingClientRect()
    zoomAt(Math.exp(-e.deltaY * 0.002), e.clientX - r.left, e.clientY - r.top)
  }, { passive: false })

  map.addEventListener("keydown", function (e) {
    if (e.target !== map) return
    var step = 60
    var moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] }
    if (moves[e.key]) {
      tx += moves[e.key][0]
      ty += moves[e.key][1]
      apply()
    } else if (e.key === "+" || e.key === "=") {
      zoomAt(1.5, centre()[0], centre()[1])
    } else if (e.key === "-" || e.key === "_") {
      zoomAt(1 / 1.5, centre()[0], centre()[1])
    } else if (e.key === "0") {
      k = 1; tx = 0; ty = 0; apply()
    } else {
      return
    }
    e.preventDefault()
  })

  /* Drag with one pointer, pinch with two. A drag that moved does not follow a link. */
  var pointers = new Map()
  var moved = false
  var pinch = null
  map.addEventListener("pointerdown", function (e) {
    pointers.set(e.pointerId, [e.clientX, e.clientY])
    moved = false
    if (pointers.size === 2) {
      var p = Array.from(pointers.values())
      pinch = { d: Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1]), k: k }
    }
  })
  map.addEventListener("pointermove", function (e) {
    var last = pointers.get(e.pointerId)
    if (!last) return
    var r = map.getBoundingClientRect()
    if (pointers.size === 2 && pinch) {
      pointers.set(e.pointerId, [e.clientX, e.clientY])
      var p = Array.from(pointers.values())
      var d = Math.hypot(p[0][0] - p[1][0], p[0][1] - p[1][1])
      var mx = (p[0][0] + p[1][0]) / 2 - r.left, my = (p[0][1] + p[1][1]) / 2 - r.top
      zoomAt(pinch.k * d / pinch.d / k, mx, my)
      moved = true
      return
    }
    var dx = e.clientX - last[0], dy = e.clientY - last[1]
    if (!moved && Math.hypot(dx, dy) < 4) return
    if (!moved && !map.hasPointerCapture(e.pointerId)) map.setPointerCapture(e.pointerId)
    moved = true
    pointers.set(e.pointerId, [e.clientX, e.clientY])
    tx += dx
    ty += dy
    apply()
  })
  function up(e) {
    pointers.delete(e.pointerId)
    if (pointers.size < 2) pinch = null
  }
  map.addEventListener("pointerup", up)
  map.addEventListener("pointercancel", up)
  map.addEventListener("click", function (e) {
    if (moved) {
      e.preventDefault()
      e.stopPropagation()
      moved = false
    }
  }, true)
  new ResizeObserver(apply).observe(map)
}

/* Zoomed in, a place whose label had no room at full view may have room: each hidden
   label of a marker in view is tried on its right, then on its left, and shown where it
   stays inside the map and overlaps no marker, number or shown label. At full view the
   build's layout stands as it is. */
function dossierRevealLabels(map, k) {
  map.querySelectorAll(".dossier-marker--zoomed").forEach(function (a) {
    a.classList.remove("dossier-marker--zoomed", "dossier-marker--zoomed-left")
  })
  map.dataset.labelled = String(k) // the zoom the labels are placed for
  if (k <= 1.01) return
  var box = map.getBoundingClientRect()
  function inside(r) {
    return r.left >= box.left + 2 && r.right <= box.right - 2 && r.top >= box.top + 2 && r.bottom <= box.bottom - 2
  }
  function shown(el) { // hidden: clipped to nothing (still the link's name) or not displayed
    var style = getComputedStyle(el)
    return style.display !== "none" && style.clipPath === "none" ? el.getBoundingClientRect() : null
  }
  var taken = [], hidden = []
  map.querySelectorAll("a.dossier-marker").forEach(function (a) {
    var r = a.getBoundingClientRect()
    if (!inside(r)) return
    taken.push({ r: r, a: a })
    var lab = a.querySelector(".dossier-lab"), num = a.querySelector(".dossier-num")
    var labBox = lab && shown(lab), numBox = num && shown(num)
    if (labBox) taken.push({ r: labBox, a: a })
    else if (lab) hidden.push(a)
    if (numBox) taken.push({ r: numBox, a: a, num: true })
  })
  function free(r, a) {
    return inside(r) && taken.every(function (t) {
      if (t.a === a && t.num) return true // its own number goes when its label shows
      return r.right <= t.r.left || t.r.right <= r.left || r.bottom <= t.r.top || t.r.bottom <= r.top
    })
  }
  hidden.sort(function (p, q) { return p.getBoundingClientRect().left - q.getBoundingClientRect().left })
  hidden.forEach(function (a) {
    var lab = a.querySelector(".dossier-lab")
    var sides = ["dossier-marker--zoomed", "dossier-marker--zoomed-left"]
    a.classList.add(sides[0])
    var r = lab.getBoundingClientRect()
    if (!free(r, a)) {
      a.classList.add(sides[1])
      r = lab.getBoundingClientRect()
    }
    if (free(r, a)) {
      taken = taken.filter(function (t) { return !(t.a === a && t.num) })
      taken.push({ r: r, a: a })
    } else {
      a.classList.remove(sides[0], sides[1])
    }
  })
}
