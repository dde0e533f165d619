"""The preview of `mkdocs serve`: a rebuild after an edit redoes only what the edit changed.

Flow, one module a step, around the pure compile and render steps:
`memo` (a step's result reused while its input is unchanged) -> `tracking` (what each
page reads of the compiled dossier, and what an edit changed) -> `incremental` (which
pages and parts to render again) -> `stash` (the finished pages kept between rebuilds,
put back after MkDocs has built the others) with `template_cache` (templates compiled
once); `collector` keeps the garbage collector out of the way meanwhile. `mkdocs build`
uses none of it but `collector`. The plugin's `incremental: false` turns it off.
"""
