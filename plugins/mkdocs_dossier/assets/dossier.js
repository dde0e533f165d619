/* document$ is Material's page observable: it fires on load and after each instant
   navigation, so everything here runs again on every page the reader reaches. */
document$.subscribe(function () {
  /* The theme's search dialog has no accessible name; give it one. */
  var search = document.querySelector('.md-search[role="dialog"]')
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search")
  }
  document.querySelectorAll(".dossier-map").forEach(dossierZoom)
})

/* Pan and zoom a map: wheel, pinch and drag, +/- and reset buttons, arrow and +/- keys.
   The layer (basemap and markers) is scaled; markers and labels are scaled back by
   --dossier-inv so they keep their size. Without this script the static map shows all. */
function dossierZoom(map) {
  if (map.dataset.zoom) return
  map.dataset.zoom = "1"
  var layer = map.querySelector(".dossier-map-layer")
  var figure = map.closest("figure")
  var bar = figure && figure.querySelector(".dossier-scalebar")
  var km = parseFloat(map.dataset.km)
  var MAX = 12
  var k = 1, tx = 0, ty = 0

  map.tabIndex = 0
  map.setAttribute("role", "group")
  map.setAttribute("aria-label", "Map: arrow keys move it, + and - zoom, 0 resets")

  function apply() {
    var w = map.clientWidth, h = map.clientHeight
    tx = Math.min(0, Math.max(w - w * k, tx))
    ty = Math.min(0, Math.max(h - h * k, ty))
    layer.style.transform = "translate(" + tx + "px," + ty + "px) scale(" + k + ")"
    map.style.setProperty("--dossier-inv", String(1 / k))
    map.dataset.k = String(k)
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
    button("+", "Zoom in", function () { zoomAt(1.5, centre()[0], centre()[1]) }),
    button("\u2212", "Zoom out", function () { zoomAt(1 / 1.5, centre()[0], centre()[1]) }),
    button("Reset", "Reset the map", function () { k = 1; tx = 0; ty = 0; apply() })
  )
  map.before(tools)

  map.addEventListener("wheel", function (e) {
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
