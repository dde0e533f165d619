"""`dossier import`: saved pages of different layouts become sources with their metadata,
the file as received is kept byte for byte and never published, and the result checks
and builds."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import MINI, compile_at, messages, run_mkdocs_build
from mkdocs_dossier.cli import main

Make = Callable[..., Path]
PAGES = Path(__file__).parent / "data" / "saved-pages"


def run_import(
    project: Path, page: Path, capsys: pytest.CaptureFixture[str], *extra: str
) -> tuple[int, str, str]:
    code = main(["import", str(page), "-f", str(project / "site_config.yml"), *extra])
    out = capsys.readouterr()
    return code, out.out, out.err


def source_yaml(project: Path, ident: str) -> str:
    return (project / "dossier" / "sources" / f"{ident}.yml").read_text(encoding="utf-8")


def test_an_opengraph_jsonld_page_becomes_a_source_that_builds(
    mini: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    page = PAGES / "opengraph-jsonld.html"
    code, out, err = run_import(project, page, capsys)
    assert (code, err) == (0, ""), out
    ident = "jet-downed-near-border-ministry-says"
    compiled = compile_at(project)
    assert messages(compiled) == []
    source = compiled.dossier.sources[ident]
    assert source.title == "Jet downed near border, ministry says"
    assert source.outlet == "paper"  # og:site_name "The Paper" is the actor's name
    assert source.published == "2015-11-24"
    assert source.url == "https://paper.example/world/2015/11/24/jet-downed"
    assert source.byline == "Alice Reporter"
    assert source.language == "en-GB"
    assert source.file == f"articles/{ident}.txt"

    text = (project / "content/articles" / f"{ident}.txt").read_text(encoding="utf-8")
    paragraphs = text.split("\n\n")
    assert paragraphs[0] == "Jet downed near border, ministry says"  # once, not twice
    assert paragraphs[2].startswith("“The aircraft violated our airspace ten times")
    for boilerplate in ("cookies", "Most read", "Celebrity chef", "tracking", "rights reserved"):
        assert boilerplate not in text

    original = project / "dossier/originals" / f"{ident}.html"
    assert original.read_bytes() == page.read_bytes()
    assert re.search(r"# \(sha256 [0-9a-f]{64}\)", source_yaml(project, ident))

    site = tmp_path / "site"
    result = run_mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    built = (site / "sources" / ident / "index.html").read_text(encoding="utf-8")
    assert "The aircraft violated our airspace" in built
    assert not list(site.rglob("*.html.*"))
    assert not (site / "originals").exists()
    for path in site.rglob("*"):  # the saved page, scripts and all, is nowhere in the site
        if path.is_file() and path.suffix in (".html", ".txt", ".json", ".js"):
            assert 'window.alert("tracking")' not in path.read_text(
                encoding="utf-8", errors="ignore"
            )


def test_an_old_table_layout_in_windows_1252_with_mojibake(
    mini: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    page = PAGES / "old-table-layout-cp1252.html"
    code, out, _ = run_import(project, page, capsys)
    assert code == 0, out
    ident = "minister-cancels-visit-after-jet-incident"
    compiled = compile_at(project)
    source = compiled.dossier.sources[ident]
    assert source.title == "Minister cancels visit after jet incident"
    assert source.published == "2015-11-25"
    assert source.byline is not None
    assert source.byline.startswith("John Smith")
    assert (source.outlet, source.url) == (None, None)
    text = compiled.articles[ident].text
    assert "where the cafés were empty" in text  # decoded from Windows-1252
    assert "“We must avoid any escalation,” he added." in text  # &#147; is a curly quote
    assert "Front page" not in text
    assert "Copyright" not in text
    assert (project / "dossier/originals" / f"{ident}.html").read_bytes() == page.read_bytes()

    yaml = source_yaml(project, ident)
    comment = yaml[: yaml.index(f"\n{ident}:")]
    for missing in ("publisher", "canonical URL", "language"):
        assert f"#   - {missing}" in comment
    # What is not found is left out, and `dossier check` says so: warnings, no error.
    shown = f"dossier/sources/{ident}.yml"
    assert [p.message for p in compiled.problems.sorted() if p.position.path == shown] == [
        f"source '{ident}' has no url",
        f"source '{ident}' does not say its language",
    ]
    assert compiled.ok
    assert "mojibake at line 5:11: 'FranÃ§ois' reads as 'François' (cp1252)" in out

    # The proposed repair, uncommented as an editor would, applies to the article.
    reviewed = re.sub(r"^  # (repairs:|  [-# ].*|    .*)$", r"  \1", yaml, flags=re.M)
    assert "\n  repairs:\n    # at line 5:11" in reviewed
    (project / shown).write_text(reviewed, encoding="utf-8")
    compiled = compile_at(project)
    assert compiled.ok, messages(compiled)
    assert [(r.find, r.replace, r.count) for r in compiled.articles[ident].repairs] == [
        ("FranÃ§ois", "François", 1)
    ]
    assert "President François Hollande said" in compiled.articles[ident].text


def test_a_french_page_names_the_outlet_to_add_and_builds_once_added(
    mini: Make, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    code, out, _ = run_import(project, PAGES / "french-meta-author.html", capsys)
    assert code == 0, out
    ident = "le-ministre-annule-sa-visite-en-turquie"
    source = compile_at(project).dossier.sources[ident]
    assert source.title == "Le ministre annule sa visite en Turquie"
    assert (source.language, source.byline, source.published) == (
        "fr-FR",
        "Marie Dupont",
        "2015-11-25",
    )
    assert source.outlet is None
    yaml = source_yaml(project, ident)
    assert "#   - outlet: no actor is named 'Le Quotidien d'Exemple'" in yaml
    assert '  # outlet: the publisher is "Le Quotidien d\'Exemple", which no actor names:' in yaml
    assert "#   - canonical URL" in yaml
    text = compile_at(project).articles[ident].text
    assert "« Nous ne laisserons pas ce crime impuni », a affirmé le président" in text

    # Do what the comment says; the source then builds strictly.
    (project / "dossier/actors.yml").write_text(
        MINI["dossier/actors.yml"] + "quotidien:\n  name: Le Quotidien d'Exemple\n  kind: media\n",
        encoding="utf-8",
    )
    yaml = yaml.replace("  # outlet: <its id>", "  outlet: quotidien")
    yaml += '  url: "https://quotidien.example/monde/ministre"\n'
    (project / "dossier/sources" / f"{ident}.yml").write_text(yaml, encoding="utf-8")
    result = run_mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    built = (tmp_path / "site/sources" / ident / "index.html").read_text(encoding="utf-8")
    assert "Le Quotidien d&#x27;Exemple" in built or "Le Quotidien d'Exemple" in built


def test_a_text_file_is_copied_byte_for_byte(
    mini: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    page = PAGES / "plain.txt"
    code, out, _ = run_import(project, page, capsys)
    assert code == 0, out
    ident = "ministro-cancela-visita-a-turquia"
    article = project / "content/articles" / f"{ident}.txt"
    assert article.read_bytes() == page.read_bytes()
    assert not (project / "dossier/originals").exists()  # the article is the original
    compiled = compile_at(project)
    assert compiled.ok, messages(compiled)
    assert compiled.dossier.sources[ident].title == "Ministro cancela visita à Turquia"
    assert "#   - language" in source_yaml(project, ident)


def test_a_second_import_refuses_to_overwrite(
    mini: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    project = mini()
    page = PAGES / "plain.txt"
    assert run_import(project, page, capsys)[0] == 0
    article = project / "content/articles/ministro-cancela-visita-a-turquia.txt"
    article.write_text("edited\n", encoding="utf-8")
    code, out, err = run_import(project, page, capsys)
    assert code == 2
    assert err == (
        "dossier: a source 'ministro-cancela-visita-a-turquia' exists already "
        "(the id made from the title); pass --id with another\n"
    )
    assert "Traceback" not in err + out
    assert article.read_text(encoding="utf-8") == "edited\n"
    stray = project / "content/articles/second.txt"
    stray.write_text("a file no source reads yet\n", encoding="utf-8")
    code, _, err = run_import(project, page, capsys, "--id", "second")
    assert code == 2
    assert err.startswith("dossier: content/articles/second.txt already exists; pass --id")
    assert stray.read_text(encoding="utf-8") == "a file no source reads yet\n"
    stray.unlink()
    code, _, err = run_import(project, page, capsys, "--id", "Not An Id")
    assert code == 2
    assert "'Not An Id' cannot be a source id" in err
    code, _, err = run_import(project, page, capsys, "--id", "a")
    assert (code, err) == (
        2,
        "dossier: a source 'a' exists already (that id); pass --id with another\n",
    )
    assert run_import(project, page, capsys, "--id", "second-copy")[0] == 0
    assert compile_at(project).ok


def test_no_inline_text_is_dropped_and_other_languages_become_hints(
    mini: Make, capsys: pytest.CaptureFixture[str]
) -> None:
    """A French page: "Publié le <time>13 août 2026</time>" keeps its date, a resident's
    Arabic words marked `<span lang="ar" dir="rtl">` become a commented quote with its
    language, a line whose date element is empty is warned about, and importing the same
    page again names the source that already holds it."""
    project = mini()
    page = PAGES / "french-inline-marks.html"
    code, out, err = run_import(project, page, capsys)
    assert (code, err) == (0, ""), out
    ident = "trois-morts-dans-l-attaque"
    text = (project / "content/articles" / f"{ident}.txt").read_text(encoding="utf-8")
    assert "Publié le 13 août 2026 à 09h00" in text
    assert "Un habitant a dit en arabe : نحن خائفون جدا, avant de partir." in text
    assert source_yaml(project, ident).count('language: "fr"') == 1
    hints = (project / "dossier/annotations" / f"{ident}.yml").read_text(encoding="utf-8")
    assert '# - quote: "نحن خائفون جدا"\n#   language: ar  # right to left' in hints
    assert "warning: the page's line 'Mis à jour le' has an empty <time>" in out

    code, out, err = run_import(project, page, capsys, "--id", "again")
    assert code == 0, err
    assert (
        "warning: the page's address https://journal.example/2026/08/13/trois-morts is "
        f"already source '{ident}'" in out
    )
    text_only = project / "again.txt"
    text_only.write_text(text, encoding="utf-8")
    code, out, err = run_import(project, text_only, capsys, "--id", "third")
    assert code == 0, err
    assert f"warning: the same text is already source '{ident}'" in out
