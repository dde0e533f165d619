"""Every kind of mistake in dossier/ is reported as path:line:col with a hint, all at once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from conftest import MINI, compile_at, messages

Make = Callable[..., Path]


def only_error(make: Make, changes: dict[str, str | None]) -> str:
    compiled = compile_at(make(changes))
    errors = [str(p) for p in compiled.problems.errors]
    assert len(errors) == 1, "\n".join(errors)
    return errors[0]


def test_the_mini_dossier_is_clean(mini: Make) -> None:
    compiled = compile_at(mini())
    assert compiled.ok, messages(compiled)
    assert compiled.index is not None
    assert compiled.index.claims["entered-airspace"].status == "disputed"


def test_yaml_syntax_error_has_position(mini: Make) -> None:
    text = "paper:\n  name: The Paper\n  kind: [media\n"
    error = only_error(mini, {"dossier/actors.yml": text})
    assert error.startswith("dossier/actors.yml:4:1: error: YAML syntax error")


def test_unknown_key_with_did_you_mean(mini: Make) -> None:
    text = MINI["dossier/actors.yml"].replace("  aliases: [Ankara]", "  aliasses: [Ankara]")
    error = only_error(mini, {"dossier/actors.yml": text})
    assert error.startswith("dossier/actors.yml:7:3: error: unknown key 'aliasses'")
    assert "did you mean 'aliases'?" in error


def test_unknown_key_in_nested_stance(mini: Make) -> None:
    text = MINI["dossier/annotations/a.yml"].replace("by: turkey", "bye: turkey")
    error = only_error(mini, {"dossier/annotations/a.yml": text})
    assert error.startswith("dossier/annotations/a.yml:3:50: error: unknown key 'bye'")
    assert "did you mean 'by'?" in error


def test_a_misspelt_required_key_is_one_error(mini: Make) -> None:
    text = MINI["dossier/actors.yml"].replace("  name: Turkey", "  nme: Turkey")
    error = only_error(mini, {"dossier/actors.yml": text})
    assert error.startswith("dossier/actors.yml:5:3: error: unknown key 'nme'")
    assert "did you mean 'name'?" in error


def test_wrong_type_names_the_field(mini: Make) -> None:
    text = MINI["dossier/locations.yml"].replace("[43.58528, 39.72028]", "[north, 39.72028]")
    error = only_error(mini, {"dossier/locations.yml": text})
    assert error.startswith("dossier/locations.yml:4:17: error: coordinates[0]: ")
    assert "valid number" in error


def test_wrong_choice_suggests_the_closest(mini: Make) -> None:
    text = MINI["dossier/actors.yml"].replace(
        "kind: state\n  aliases: [Ankara]", "kind: sate\n  aliases: [Ankara]"
    )
    error = only_error(mini, {"dossier/actors.yml": text})
    assert error.startswith("dossier/actors.yml:6:9: error: kind: ")
    assert "did you mean 'state'?" in error


def test_missing_required_key(mini: Make) -> None:
    text = MINI["dossier/claims.yml"].replace(
        "  statement: The jet entered Turkish airspace.\n", ""
    )
    error = only_error(mini, {"dossier/claims.yml": text})
    assert error.startswith("dossier/claims.yml:2:3: error: missing required key 'statement'")


def test_duplicate_key_in_one_mapping_is_not_dropped(mini: Make) -> None:
    text = "paper:\n  name: The Paper\n  name: Another\n  kind: media\n"
    compiled = compile_at(
        mini(
            {
                "dossier/actors.yml": MINI["dossier/actors.yml"].replace(
                    "paper:\n  name: The Paper\n  kind: media\n", text
                )
            }
        )
    )
    errors = [str(p) for p in compiled.problems.errors]
    assert errors[0].startswith(
        "dossier/actors.yml:3:3: error: duplicate key 'name' (first defined at line 2)"
    )


def test_duplicate_id_across_files(mini: Make) -> None:
    extra = "russia:\n  name: Russia again\n  kind: state\n"
    error = only_error(mini, {"dossier/actors/more.yml": extra})
    assert error.startswith("dossier/actors/more.yml:1:1: error: duplicate actor id 'russia'")
    assert "first defined at dossier/actors.yml:" in error


def test_id_shared_by_an_actor_and_a_location(mini: Make) -> None:
    text = MINI["dossier/locations.yml"] + "russia:\n  name: Russia\n  kind: country\n"
    error = only_error(mini, {"dossier/locations.yml": text})
    assert error.startswith("dossier/locations.yml:8:1: error: id 'russia' is both an actor")


def test_invalid_id(mini: Make) -> None:
    text = MINI["dossier/claims.yml"].replace("entered-airspace:", "Entered_Airspace:")
    found = messages(compile_at(mini({"dossier/claims.yml": text})))
    assert found[-1].startswith(
        "dossier/claims.yml:1:1: error: 'Entered_Airspace' is not a valid id\n"
        "    hint: ids are lowercase letters, digits and single hyphens"
    )
    # The references to it are reported too, pointing at the id as written.
    assert found[0].startswith("dossier/annotations/a.yml:3:15: error: unknown claim")
    assert "did you mean 'Entered_Airspace'?" in found[0]


def test_unknown_reference_with_did_you_mean(mini: Make) -> None:
    text = MINI["dossier/annotations/a.yml"].replace("by: russia", "by: rusia")
    error = only_error(mini, {"dossier/annotations/a.yml": text})
    assert error.startswith("dossier/annotations/a.yml:6:53: error: unknown actor 'rusia'")
    assert "did you mean 'russia'?" in error


def test_unknown_claim_reference(mini: Make) -> None:
    text = MINI["dossier/annotations/a.yml"].replace(
        "claim: entered-airspace, stance: denies", "claim: entered-airpsace, stance: denies"
    )
    error = only_error(mini, {"dossier/annotations/a.yml": text})
    assert "unknown claim 'entered-airpsace'" in error
    assert "did you mean 'entered-airspace'?" in error


def test_annotation_file_for_unknown_source(mini: Make) -> None:
    error = only_error(mini, {"dossier/annotations/b.yml": "- quote: anything\n"})
    assert error.startswith(
        "dossier/annotations/b.yml:1:1: error: annotation file for unknown source 'b'"
    )


def test_missing_quote_shows_the_nearest_text(mini: Make) -> None:
    text = MINI["dossier/annotations/a.yml"].replace(
        "never strayed from Syrian airspace", "never strayed out of Syrian airspace"
    )
    error = only_error(mini, {"dossier/annotations/a.yml": text})
    assert error.startswith(
        "dossier/annotations/a.yml:4:10: error: quote not found in content/articles/a.txt"
    )
    assert (
        'nearest text, at line 5:1: "Moscow insists that the jet never strayed from Syrian' in error
    )
    assert "out of" in error


def test_ambiguous_quote_lists_every_place(mini: Make) -> None:
    text = MINI["dossier/annotations/a.yml"] + "- quote: Putin\n"
    error = only_error(mini, {"dossier/annotations/a.yml": text})
    assert "quote occurs 2 times in content/articles/a.txt (line 7:1, line 7:37)" in error
    assert "prefix" in error


def test_missing_article_file(mini: Make) -> None:
    error = only_error(mini, {"content/articles/a.txt": None})
    assert error.startswith(
        "dossier/sources.yml:3:9: error: article file 'articles/a.txt' not found"
    )


def test_repair_that_finds_nothing(mini: Make) -> None:
    text = MINI["dossier/sources.yml"] + (
        "  repairs:\n    - {find: 'Fran├žois', replace: 'François', reason: mojibake}\n"
    )
    error = only_error(mini, {"dossier/sources.yml": text})
    assert error.startswith("dossier/sources.yml:9:14: error: repair finds no 'Fran├žois'")


def test_all_problems_are_reported_in_one_run(mini: Make) -> None:
    project = mini(
        {
            "dossier/actors.yml": MINI["dossier/actors.yml"].replace(
                "aliases: [Ankara]", "alias: [Ankara]"
            ),
            "dossier/claims.yml": MINI["dossier/claims.yml"]
            + "entered-airspace:\n  statement: again\n",
            "dossier/annotations/a.yml": MINI["dossier/annotations/a.yml"]
            .replace("by: russia", "by: moscow")
            .replace("Putin spoke in Sochi", "Putin spoke in Moscow"),
        }
    )
    found = messages(compile_at(project))
    assert len(found) == 4, "\n".join(found)
    assert all(":" in m.split(" ")[0] for m in found)
