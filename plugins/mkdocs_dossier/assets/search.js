/* Site search in the theme's header box (`theme/partials/search.html`), on the index
   Pagefind built at the end of the build (`sitesearch`).

   Nothing is fetched until a reader searches: the first focus of the box loads
   pagefind/pagefind.js, and each query fetches only the index chunks and page fragments
   it needs. Results come in the theme's own result markup, each with its kind (Claim,
   Source, Actor, Place), title and a snippet with the matched words; text from the index
   is only ever set as text, the snippet's <mark>s rebuilt as elements.
   A query in double quotes matches as a phrase; its results, equally good, come in the
   order of their kind (a claim first, an index last: `render.searchable`). Words typed
   without quotes bring the pages where they stand together first: the one whose title
   they are, then by kind (a quote's words find the claim it weighs); then the pages
   that have them all, apart, by relevance, where short common words weigh little.

   The header stays across instant navigation, so this runs once; document$ only
   closes the search after a page change (the theme does the same for its own). */
;(function () {
  if (window.__dossierSearch) return // the script ran already
  window.__dossierSearch = true

  var box = document.querySelector("[data-dossier-search]")
  var config = document.getElementById("__config")
  if (!box || !config) return
  var settings = JSON.parse(config.textContent)
  var words = settings.translations || {}
  var root = new URL(String(settings.base || ".").replace(/\/?$/, "/"), location.href)
  var form = box.querySelector("[data-dossier-search-form]")
  var input = box.querySelector("[data-dossier-search-query]")
  var meta = box.querySelector("[data-dossier-search-meta]")
  var list = box.querySelector("[data-dossier-search-results]")
  var toggle = document.getElementById("__search")
  var SHOWN = 10 // results shown for a query: each one costs a fragment's download
  var LOOK = 20 // of the pages with the words together, those whose titles are read
  var WAIT = 150 // ms after the last key before a query goes out
  var engine = null // the promise of Pagefind, once loaded
  var asked = 0 // the number of the latest query: an older answer is dropped
  var timer = 0

  function say(key, count) {
    var text = words[key] || ""
    return count === undefined ? text : text.replace("#", String(count))
  }

  function load() {
    if (engine) return engine
    if (location.protocol === "file:") {
      engine = Promise.reject(new Error("file"))
    } else {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        // termSimilarity at its most: a word typed in full outweighs the longer words it
        // begins ("in", "interest").
        var options = { baseUrl: root.pathname, excerptLength: 24, ranking: { termSimilarity: 10 } }
        return Promise.resolve(pagefind.options(options))
          .then(function () { return pagefind })
      })
    }
    engine.catch(function () {}) // reported when a query needs it
    return engine
  }

  function open(on) {
    if (toggle && toggle.checked !== on) {
      toggle.checked = on
      toggle.dispatchEvent(new Event("change"))
    }
    input.setAttribute("aria-expanded", on && list.children.length ? "true" : "false")
  }

  function bare(word) {
    return plain(word).replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "").replace(/'s$/, "")
  }

  /* Whether a word the index matched is one the reader typed: the same word, a longer
     form of it (its stem matched: "crashed", "crash"), or, for the last word typed, one
     it begins (the reader is still typing). Pagefind matches every word as a prefix, so
     "in" would otherwise mark "interest". */
  function typed(word, terms) {
    var found = bare(word)
    return terms.some(function (term, at) {
      return found === term ||
        (found.length >= 4 && term.indexOf(found) === 0) ||
        (at === terms.length - 1 && term.length >= 3 && found.indexOf(term) === 0)
    })
  }

  /* The snippet as nodes: text, and <mark> around the words typed; nothing else. */
  function snippet(excerpt, terms, language) {
    var p = document.createElement("p")
    p.dir = "auto" // a quote in Arabic or Hebrew keeps its own order, its marks at its ends
    if (language) p.lang = language // a source page's snippet is its article's words
    var parsed = new DOMParser().parseFromString(excerpt || "", "text/html").body
    parsed.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK" && typed(node.textContent, terms)) {
        var mark = document.createElement("mark")
        mark.textContent = node.textContent
        p.appendChild(mark)
      } else {
        p.appendChild(document.createTextNode(node.textContent || ""))
      }
    })
    return p
  }

  function item(data, terms) {
    var li = document.createElement("li")
    li.className = "md-search-result__item"
    var link = document.createElement("a")
    link.className = "md-search-result__link"
    link.href = new URL(data.url, root).href
    var article = document.createElement("article")
    article.className = "md-search-result__article md-typeset dossier-search-result"
    var kind = document.createElement("span")
    kind.className = "dossier-search-kind"
    kind.textContent = (data.meta && data.meta.kind) || dossierT("Page")
    var title = document.createElement("h1")
    title.dir = "auto"
    title.textContent = (data.meta && data.meta.title) || data.url
    article.appendChild(kind)
    article.appendChild(title)
    article.appendChild(snippet(data.excerpt, terms, data.meta && data.meta.lang))
    link.appendChild(article)
    li.appendChild(link)
    return li
  }

  /* The results for `text`; the list says which query it shows (`data-query`). */
  function show(text, found, datas) {
    var terms = plain(text).split(" ").map(bare).filter(Boolean)
    list.replaceChildren.apply(list, datas.map(function (data) { return item(data, terms) }))
    list.dataset.query = text
    meta.textContent =
      found === 0 ? say("search.result.none")
      : found === 1 ? say("search.result.one")
      : say("search.result.other", found)
    input.setAttribute("aria-expanded", datas.length ? "true" : "false")
  }

  function query() {
    var text = input.value.trim()
    var number = ++asked
    if (!text) {
      list.replaceChildren()
      list.dataset.query = ""
      meta.textContent = say("search.result.placeholder")
      input.setAttribute("aria-expanded", "false")
      return
    }
    var byKind = { sort: { rank: "asc" } } // results that match equally well
    var quoted = /^".+"$/.test(text)
    var several = !quoted && text.indexOf('"') < 0 && /\s/.test(text)
    load()
      .then(function (pagefind) {
        return Promise.all([
          several ? pagefind.search('"' + text + '"', byKind) : null,
          pagefind.search(text, quoted ? byKind : {}),
        ])
      })
      .then(function (answers) {
        if (number !== asked) return null
        var together = quoted ? answers[1].results : answers[0] ? answers[0].results : []
        var all = quoted ? [] : answers[1].results
        var phrase = {}
        together.forEach(function (result) { phrase[result.id] = true })
        var apart = all.filter(function (result) { return !phrase[result.id] })
        var relevance = {}
        all.forEach(function (result, at) { relevance[result.id] = at })
        var kindAt = {}
        together.forEach(function (result, at) { kindAt[result.id] = at })
        var rel = function (result) {
          return result.id in relevance ? relevance[result.id] : all.length + kindAt[result.id]
        }
        // The most relevant of them: the page a name is the title of is among these.
        var head = together.slice().sort(function (a, b) { return rel(a) - rel(b) }).slice(0, LOOK)
        return Promise.all(head.map(function (result) { return result.data() }))
          .then(function (datas) {
            var first = ordered(text.replace(/^"|"$/g, ""), head, datas, rel, kindAt)
            var more = apart.slice(0, Math.max(0, SHOWN - first.length))
            return Promise.all(more.map(function (result) { return result.data() }))
              .then(function (rest) {
                var total = together.length + apart.length
                if (number === asked) show(text, total, first.slice(0, SHOWN).concat(rest))
              })
          })
      })
      .catch(function () {
        if (number !== asked) return
        list.replaceChildren()
        list.dataset.query = text
        meta.textContent = location.protocol === "file:"
          ? dossierT("Search needs the site served over HTTP (for example: python3 -m http.server in its folder).")
          : dossierT("Search is not available right now.")
      })
  }

  function plain(words) {
    return String(words || "").toLowerCase().replace(/[\u2018\u2019]/g, "'")
      .replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, " ").trim()
  }

  /* The pages with the words together, in the order a reader expects: those whose title
     holds them (the person, place or claim so named) first, by relevance; then the
     others by kind (a phrase search weighs nothing, and comes sorted by kind: `kindAt`),
     so a quote's words bring the claim it weighs, then its source. */
  function ordered(words, head, datas, relevance, kindAt) {
    var wanted = plain(words)
    var entries = head.map(function (result, at) {
      var title = plain(datas[at].meta && datas[at].meta.title)
      return {
        data: datas[at],
        named: title.indexOf(wanted) >= 0,
        byKind: kindAt[result.id],
        byRelevance: relevance(result),
      }
    })
    entries.sort(function (a, b) {
      if (a.named !== b.named) return a.named ? -1 : 1
      return a.named ? a.byRelevance - b.byRelevance : a.byKind - b.byKind
    })
    return entries.map(function (entry) { return entry.data })
  }

  function links() {
    return Array.prototype.slice.call(list.querySelectorAll("a.md-search-result__link"))
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault()
    var first = links()[0]
    if (first) first.click()
  })
  form.addEventListener("reset", function () {
    setTimeout(query, 0) // after the box is emptied
    input.focus()
  })
  input.addEventListener("focus", function () {
    load()
    open(true)
  })
  input.addEventListener("input", function () {
    clearTimeout(timer)
    timer = setTimeout(query, WAIT)
  })
  if (toggle) {
    toggle.addEventListener("change", function () {
      if (toggle.checked && document.activeElement !== input) input.focus()
    })
  }
  list.addEventListener("click", function (event) {
    if (event.target instanceof Element && event.target.closest("a")) open(false)
  })

  document.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey || event.isComposing) return
    var active = document.activeElement
    var searching = toggle ? toggle.checked : box.contains(active)
    if (!searching) {
      var typing = active && (/^(INPUT|TEXTAREA|SELECT)$/.test(active.tagName) || active.isContentEditable)
      if (!typing && (event.key === "/" || event.key === "s" || event.key === "f")) {
        event.preventDefault()
        input.focus()
        input.select()
      }
      return
    }
    var all = links()
    var at = all.indexOf(active)
    if (event.key === "Escape") {
      event.preventDefault()
      open(false)
      input.blur()
    } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      if (!all.length) return
      event.preventDefault()
      var step = event.key === "ArrowDown" ? 1 : -1
      if (at < 0) all[step > 0 ? 0 : all.length - 1].focus()
      else if (at + step < 0) input.focus()
      else all[Math.min(all.length - 1, at + step)].focus()
    }
  })

  if (window.document$) {
    window.document$.subscribe(function () { open(false) })
  }
})()
