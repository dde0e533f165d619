/* Select to annotate, in the preview only (`mkdocs serve` adds this script; a built
   site never has it). Selecting words in a source page's article offers the annotation
   to paste into that source's file: the quote as the matcher will find it (quotes,
   dashes and white space folded as text.py folds them), and, when the words occur more
   than once, the prefix, suffix or occurrence that picks the selected one, as
   anchor.py reads them. Works for a mouse, touch or keyboard selection. */
(function () {
  var FOLD = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u00b4": "'", "`": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"',
    "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"', "\u2010": "-",
    "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-"
  }

  function fold(text) {
    return text.normalize("NFC").replace(/[\u2018\u2019\u201a\u201b\u2032\u00b4`\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u2010-\u2015\u2212]/g,
      function (c) { return FOLD[c] }).replace(/\s+/g, " ")
  }

  /* The article's text as published, and where each text node starts in it. The
     annotation numbers are the page's, not the article's, so they are left out. */
  function articleText(article) {
    var parts = [], nodes = [], length = 0
    var walker = document.createTreeWalker(article, NodeFilter.SHOW_ALL, {
      acceptNode: function (node) {
        if (node.nodeType === 1 && node.closest(".dossier-ref")) return NodeFilter.FILTER_REJECT
        return NodeFilter.FILTER_ACCEPT
      }
    })
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.nodeType === 1 && node.tagName === "P" && length) {
        parts.push("\n\n"); length += 2
      } else if (node.nodeType === 3) {
        nodes.push({ node: node, start: length })
        parts.push(node.data); length += node.data.length
      }
    }
    return { text: parts.join(""), nodes: nodes }
  }

  function offsetOf(mapped, container, offset) {
    if (container.nodeType !== 3) {  // an element boundary: the text node at or after it
      var child = container.childNodes[offset]
      var walker = document.createTreeWalker(child || container, NodeFilter.SHOW_TEXT)
      container = walker.nextNode() || container
      offset = 0
    }
    for (var i = 0; i < mapped.nodes.length; i++) {
      if (mapped.nodes[i].node === container) return mapped.nodes[i].start + offset
    }
    return -1
  }

  function occurrences(text, quote) {
    var found = [], at = text.indexOf(quote)
    while (at !== -1) { found.push(at); at = text.indexOf(quote, at + 1) }
    return found
  }

  function words(text) { return text.trim().split(" ").filter(Boolean) }

  /* The fewest words before (or after) the quote that leave only the chosen start. */
  function context(text, quote, starts, chosen) {
    var before = words(text.slice(0, chosen)), after = words(text.slice(chosen + quote.length))
    for (var n = 1; n <= 6; n++) {
      var prefix = before.slice(-n).join(" ")
      if (prefix && before.length >= n && starts.filter(function (s) {
        return text.slice(Math.max(0, s - prefix.length - 1), s).trimEnd().endsWith(prefix)
      }).length === 1) return { key: "prefix", value: prefix }
      var suffix = after.slice(0, n).join(" ")
      if (suffix && after.length >= n && starts.filter(function (s) {
        return text.slice(s + quote.length, s + quote.length + suffix.length + 1).trimStart().startsWith(suffix)
      }).length === 1) return { key: "suffix", value: suffix }
    }
    return { key: "occurrence", value: starts.indexOf(chosen) + 1 }
  }

  function annotation(article, range) {
    var mapped = articleText(article)
    var start = offsetOf(mapped, range.startContainer, range.startOffset)
    var end = offsetOf(mapped, range.endContainer, range.endOffset)
    if (start < 0 || end <= start) return null
    var norm = fold(mapped.text)
    var quote = fold(mapped.text.slice(start, end)).trim()
    if (!quote) return null
    var lead = fold(mapped.text.slice(0, start) + mapped.text.slice(start, end)).length
      - fold(mapped.text.slice(start, end)).trimStart().length  // where the quote starts
    var starts = occurrences(norm, quote)
    var chosen = starts.reduce(function (best, s) {
      return Math.abs(s - lead) < Math.abs(best - lead) ? s : best
    }, starts[0])
    var lines = ["- quote: " + JSON.stringify(quote)]
    if (starts.length > 1) {
      var pick = context(norm, quote, starts, chosen)
      lines.push("  " + pick.key + ": " + (pick.key === "occurrence" ? pick.value : JSON.stringify(pick.value)))
    }
    lines.push("  stances:", "    - {claim: CLAIM-ID, stance: asserts, by: ACTOR-ID}")
    return { yaml: lines.join("\n") + "\n", count: starts.length }
  }

  function annotationsFile() {
    var id = location.pathname.replace(/\/$/, "").split("/").pop()
    var note = Array.prototype.map.call(document.querySelectorAll(".dossier-edit"),
      function (p) { return p.textContent }).join(" ")
    var named = note.match(/(\S+\/annotations\/[^,\s]+\.ya?ml)/)
    if (named) return named[1]
    var sources = note.match(/(\S*?)sources(\/\S*)?\.ya?ml/)
    return (sources ? sources[1] : "dossier/") + "annotations/" + id + ".yml"
  }

  function panel() {
    var box = document.getElementById("dossier-annotate")
    if (box) return box
    box = document.createElement("aside")
    box.id = "dossier-annotate"
    box.className = "dossier-annotate"
    box.setAttribute("aria-label", "New annotation (preview only)")
    box.hidden = true
    box.innerHTML = '<p class="dossier-annotate__title">New annotation, for <code></code></p>' +
      '<pre><code class="dossier-annotate__yaml"></code></pre>' +
      '<p class="dossier-annotate__status" role="status" aria-live="polite"></p>' +
      '<button type="button" class="md-button dossier-annotate__copy">Copy</button> ' +
      '<button type="button" class="md-button dossier-annotate__close">Close</button>'
    box.querySelector(".dossier-annotate__copy").addEventListener("click", function () {
      var text = box.querySelector(".dossier-annotate__yaml").textContent
      var status = box.querySelector(".dossier-annotate__status")
      var done = function () { status.textContent = "Copied. Paste it into the file named above." }
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(done, function () { status.textContent = "Select the text and copy it." })
      } else {
        var selection = window.getSelection(), range = document.createRange()
        range.selectNodeContents(box.querySelector(".dossier-annotate__yaml"))
        selection.removeAllRanges(); selection.addRange(range)
        status.textContent = document.execCommand("copy") ? "Copied. Paste it into the file named above." : "Press Ctrl+C to copy."
      }
    })
    box.querySelector(".dossier-annotate__close").addEventListener("click", function () { box.hidden = true })
    document.body.appendChild(box)
    return box
  }

  var pending = null
  document.addEventListener("selectionchange", function () {
    clearTimeout(pending)
    pending = setTimeout(function () {
      var article = document.querySelector(".dossier-article")
      var selection = window.getSelection()
      if (!article || !selection || selection.isCollapsed || !selection.rangeCount) return
      var range = selection.getRangeAt(0)
      if (!article.contains(range.commonAncestorContainer)) return
      var made = annotation(article, range)
      if (!made) return
      var box = panel()
      box.querySelector(".dossier-annotate__title code").textContent = annotationsFile()
      box.querySelector(".dossier-annotate__yaml").textContent = made.yaml
      box.querySelector(".dossier-annotate__status").textContent = made.count > 1
        ? "These words occur " + made.count + " times; the lines below pick the one you selected."
        : ""
      box.hidden = false
    }, 250)
  })

  if (typeof document$ !== "undefined") {  // instant navigation: a new page, no old panel
    document$.subscribe(function () {
      var box = document.getElementById("dossier-annotate")
      if (box) box.hidden = true
    })
  }
})()
