"""An MkDocs plugin that turns articles and YAML annotations into an annotated news dossier.

Data flows one way: load -> model -> anchor -> index -> render; see `pipeline.py`.
Only `plugin.py` knows about MkDocs.
"""
