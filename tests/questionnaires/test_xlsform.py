"""XLSForm in and out: real XLSForms written by others import or are refused with the sheet,
row and column named; every questionnaire goes out as an XLSForm pyxform accepts and comes
back the same; the commands write nothing when they refuse."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from pyxform.xls2xform import convert

from app.core.definition_files import canonical_content
from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.types import ITEM_TYPES
from app.questionnaires.xlsform.common import quiet_openpyxl
from app.questionnaires.xlsform.reader import read_xlsform
from app.questionnaires.xlsform.writer import KNOWN_KEYS, write_xlsform
from tests.conftest import make_app

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parents[1]
CORPUS = HERE / "xlsforms"
EVERY_TYPE = HERE / "forms" / "every_type.yaml"

#: each file of the corpus: None when it imports, else (sheet, row, column, what is named)
#: for one of its refusals (the one a reader would look for first)
CORPUS_OUTCOMES = {
    "ODKValidateWarnings.xlsx": None,
    "UCL_Biomass_Plot_Form.xlsx": ("survey", 16, "type", "'select_one_from_file' is not supported"),
    "attribute_columns_test.xlsx": ("survey", 34, "type", "'geopoint' is not supported"),
    "bad_calc.xlsx": ("survey", 2, "calculation", "column 9: unexpected 'pyxform'"),
    "case_insensitivity.xlsx": ("SURVEY", 3, "TYPE", "'select_one_external' is not supported"),
    "choice_filter_test.xlsx": ("choices", 6, "name", "the choice 'king' is already in the list"),
    "duplicate_columns.xlsx": ("survey", None, None, "the header 'label' is written twice"),
    "extra_columns.xlsx": None,
    "extra_sheet_names.xlsx": None,
    "field-list.xlsx": None,
    "flat_xlsform_test.xlsx": ("survey", 37, "type", "'audio' is not supported"),
    "group.xlsx": None,
    "include.xlsx": ("survey", 3, "type", "'include' is not supported"),
    "include_json.xlsx": ("survey", 2, "type", "'include' is not supported"),
    "loop.xlsx": ("survey", 3, "type", "'begin loop over toilet_type' is not supported"),
    "or_other.xlsx": None,
    "pull_data.xlsx": ("survey", 2, "calculation", "unknown function pulldata()"),
    "specify_other.xlsx": None,
    "survey_no_name.xlsx": None,
    "text_and_integer.xlsx": None,
    "xl_date_ambiguous.xlsx": ("survey", 5, "choice_filter", "unexpected character ':'"),
    "xl_date_ambiguous_v1.xlsx": ("choices", 2, "label::English", "${name1} in a text"),
    "xlsform_spec_test.xlsx": ("survey", 35, "type", "'barcode' is not supported"),
    "yes_or_no_question.xlsx": None,
}


def same_definition(first, second) -> bool:
    return canonical_content(first)[1] == canonical_content(second)[1]


def make_xlsform(path: Path, survey: list[list], choices=None, settings=None) -> Path:
    """An XLSForm as a person writes one: each sheet a header row and then rows."""
    workbook = xlsxwriter.Workbook(str(path))
    for title, rows in (("survey", survey), ("choices", choices), ("settings", settings)):
        if rows is None:
            continue
        sheet = workbook.add_worksheet(title)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is not None:
                    sheet.write(r, c, value)
    workbook.close()
    return path


def test_the_corpus_copy_travels_with_its_licence():
    assert (CORPUS / "LICENSE-pyxform").is_file() and (CORPUS / "README.md").is_file()
    assert sorted(p.name for p in CORPUS.glob("*.xlsx")) == sorted(CORPUS_OUTCOMES)


@pytest.mark.parametrize("name", sorted(CORPUS_OUTCOMES))
def test_each_xlsform_of_the_corpus_imports_or_is_refused_with_its_place(name):
    result = read_xlsform(CORPUS / name)
    expected = CORPUS_OUTCOMES[name]
    if expected is None:
        assert result.problems == [], [str(p) for p in result.problems]
        assert result.definition is not None
        # what was read is a definition the forms folder accepts, and says the same again
        assert result.definition.sections and result.definition.nodes
        return
    assert result.definition is None
    sheet, row, column, named = expected
    located = [
        p
        for p in result.problems
        if (p.sheet, p.row) == (sheet, row)
        and (column is None or p.column == column)
        and named in str(p.message)
    ]
    assert located, [str(p) for p in result.problems]
    problem = located[0]
    assert str(problem).startswith(f"{name}: {sheet} sheet")
    if column is not None:
        assert problem.letter and f"column {column} ({problem.letter})" in str(problem)
    for other in result.problems:  # every refusal says at least its sheet
        assert other.sheet is not None, str(other)


def test_what_an_imported_corpus_form_becomes():
    group = read_xlsform(CORPUS / "group.xlsx").definition
    assert [s.code for s in group.sections][:1] and all(s.items for s in group.sections)
    or_other = read_xlsform(CORPUS / "or_other.xlsx").definition
    assert any(getattr(node.item, "other", False) for node in or_other.nodes)
    yes_no = read_xlsform(CORPUS / "yes_or_no_question.xlsx").definition
    assert [c.value for c in yes_no.choice_lists["yes_or_no"]] == ["yes", "no"]
    biomass = read_xlsform(CORPUS / "UCL_Biomass_Plot_Form.xlsx")
    # a language Shura has not is said once per column, not once per row
    swahili = [n for n in biomass.notices if "Swahili" in str(n)]
    assert swahili and len({(n.sheet, n.column) for n in swahili}) == len(swahili)


@pytest.mark.parametrize(
    "path", [*sorted((PROJECT / "forms").glob("*.yaml")), EVERY_TYPE], ids=lambda p: p.stem
)
def test_a_questionnaire_goes_out_as_an_xlsform_pyxform_accepts_and_comes_back_the_same(
    path, tmp_path
):
    definition = load_questionnaire_file(path)
    out = tmp_path / f"{definition.code}.xlsx"
    write_xlsform(definition, out)
    with quiet_openpyxl():
        xform = convert(xlsform=str(out), validate=False).xform
    assert f'id="{definition.code}"' in xform
    back = read_xlsform(out)
    assert back.problems == [], [str(p) for p in back.problems]
    assert same_definition(back.definition, definition)


def test_the_exported_xlsform_uses_xlsform_where_it_can(tmp_path):
    definition = load_questionnaire_file(EVERY_TYPE)
    out = tmp_path / "every.xlsx"
    write_xlsform(definition, out)
    with quiet_openpyxl():
        workbook = openpyxl.load_workbook(out)
    survey = list(workbook["survey"].iter_rows(values_only=True))
    header = survey[0]
    rows = {row[header.index("name")]: dict(zip(header, row, strict=True)) for row in survey[1:]}
    assert "label::French (fr)" in header and "label::Arabic (ar)" in header
    assert rows["basics"]["type"] == "begin group"
    assert rows["story"]["appearance"] == "multiline"
    assert (rows["mail"]["type"], rows["mail"]["shura_type"]) == ("text", "email")
    assert rows["colour"]["type"] == "select_one colours or_other"
    assert rows["colour"]["appearance"] == "minimal"
    assert rows["warm_colour"]["choice_filter"] == "warm = 'yes' or ${agree} = 'no'"
    assert rows["order"]["type"] == "rank colours"
    assert (rows["satisfaction"]["type"], rows["satisfaction"]["parameters"]) == (
        "range",
        "start=0 end=10 step=1",
    )
    assert rows["opinions"]["appearance"] == "table-list"
    assert rows["opinion_cost"]["type"] == "select_one agreement"
    assert rows["opinion_cost"]["required"] == "yes"
    assert rows["projects"]["type"] == "begin repeat"
    assert rows["visits"]["repeat_count"] == "${staff}"
    assert rows["staff"]["constraint_message::Arabic (ar)"] == "عدد زوجي."
    choices = list(workbook["choices"].iter_rows(values_only=True))
    assert choices[0][:3] == ("list_name", "name", "label::English (en)")
    assert ("colours", "red") in [row[:2] for row in choices]
    assert "warm" in choices[0]  # the column a choice filter reads
    settings = list(workbook["settings"].iter_rows(values_only=True))
    values = dict(zip(settings[0], settings[1], strict=True))
    assert values["form_id"] == "every_type" and values["version"] == "2026.1"


def test_the_writer_knows_every_key_of_every_type():
    for name, item_type in ITEM_TYPES.items():
        unknown = set(item_type.model.model_fields) - KNOWN_KEYS
        assert not unknown, f"{name}: {sorted(unknown)}"


def test_a_hand_written_xlsform_maps_onto_shura(tmp_path):
    path = make_xlsform(
        tmp_path / "Survey 2026.xlsx",
        survey=[
            [
                "type",
                "name",
                "label::English (en)",
                "label::Français (fr)",
                "hint",
                "required",
                "relevant",
                "constraint",
                "constraint_message::English (en)",
                "appearance",
                "parameters",
                "calculation",
                "repeat_count",
                "choice_filter",
                "default",
            ],
            ["start", "start"],
            ["today", "today"],
            ["begin group", "about", "About you", "Vous"],
            ["text", "Full-Name", "Your name", "Votre nom", "As in your passport", "yes"],
            ["integer", "age", "Age", "Âge", None, "TRUE()", None, ". >= 18", "Adults only"],
            ["select_one yn", "member", "Member?", "Membre ?"],
            [
                "select_multiple topics or_other",
                "topics",
                "Topics",
                "Thèmes",
                None,
                None,
                "${member} = 'yes'",
            ],
            ["text", "bio", "Biography", "Biographie", None, None, None, None, None, "multiline"],
            ["end group"],
            [
                "begin group",
                "views",
                "Your views",
                "Vos avis",
                None,
                None,
                None,
                None,
                None,
                "table-list",
            ],
            ["select_one agree", "v_cost", "Cost", "Coût"],
            ["select_one agree", "v_time", "Time", "Temps"],
            ["end group"],
            [
                "range",
                "mood",
                "Mood",
                "Humeur",
                None,
                None,
                None,
                None,
                None,
                None,
                "start=1 end=5 step=1",
            ],
            ["rank topics", "top", "Rank", "Classez"],
            ["integer", "kids", "Children", "Enfants"],
            [
                "begin repeat",
                "child",
                "Child",
                "Enfant",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "${kids}",
            ],
            ["text", "child_name", "Name", "Nom"],
            [
                "calculate",
                "child_no",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "position(..)",
            ],
            ["end repeat"],
            [
                "select_one topics",
                "favourite",
                "Favourite",
                "Préféré",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "selected(${topics}, name)",
            ],
            [
                "date",
                "when",
                "When",
                "Quand",
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                None,
                "2026-01-31",
            ],
        ],
        choices=[
            ["list_name", "name", "label::English (en)", "label::Français (fr)"],
            ["yn", "yes", "Yes", "Oui"],
            ["yn", "no", "No", "Non"],
            ["topics", "edu", "Education", "Éducation"],
            ["topics", "sci", "Science", "Sciences"],
            ["agree", "1", "Disagree", "Pas d'accord"],
            ["agree", "2", "Agree", "D'accord"],
        ],
        settings=[
            ["form_title", "form_id", "version", "default_language"],
            ["Survey 2026", "survey_2026", "3", "English (en)"],
        ],
    )
    result = read_xlsform(path)
    assert result.problems == [], [str(p) for p in result.problems]
    definition = result.definition
    assert (definition.code, definition.version, definition.title.en) == (
        "survey_2026",
        "3",
        "Survey 2026",
    )
    nodes = definition.node_by_code
    # a table-list group at the top is a matrix, with the questions around it: not a section
    assert [s.code for s in definition.sections] == ["about", "main"]
    assert nodes["full_name"].item.required is True
    assert nodes["full_name"].item.label.fr == "Votre nom"
    assert nodes["full_name"].item.hint.en == "As in your passport"
    assert nodes["age"].item.constraint == ". >= 18"
    assert nodes["age"].item.constraint_message.en == "Adults only"
    assert nodes["age"].item.required is True  # TRUE(), as spreadsheets write it
    assert nodes["topics"].item.other and nodes["topics"].item.relevant == "${member} = 'yes'"
    assert nodes["bio"].item.type == "long_text"
    assert nodes["views"].item.type == "matrix"
    assert [row.code for row in nodes["views"].item.rows] == ["v_cost", "v_time"]
    assert (nodes["mood"].item.type, nodes["mood"].item.min, nodes["mood"].item.max) == (
        "rating",
        1,
        5,
    )
    assert nodes["top"].item.type == "ranking"
    assert nodes["child"].item.repeat_count == "${kids}"
    assert nodes["child_no"].item.calculation == "position(..)"
    assert nodes["favourite"].item.choice_filter == "selected(${topics}, name)"
    assert nodes["when"].item.default == "2026-01-31"
    notices = [str(n) for n in result.notices]
    assert any("row 2, column type (A)" in n and "'start'" in n for n in notices)
    assert any("'Full-Name' is not a Shura code; it is renamed full_name" in n for n in notices)
    assert "start" not in nodes and "today" not in nodes


def test_refusals_name_sheet_row_column_and_the_unsupported_thing(tmp_path):
    path = make_xlsform(
        tmp_path / "field.xlsx",
        survey=[
            ["type", "name", "label", "calculation", "relevant"],
            ["text", "ok", "Fine"],
            ["geopoint", "where", "Where?"],
            ["select_one_from_file places.csv", "place", "Place"],
            ["calculate", "price", None, "pulldata('prices', 'p', 'k', ${ok})"],
            ["text", "later", "Later", None, "${ok} = = 1"],
            ["barcode", "code", "Scan"],
        ],
    )
    result = read_xlsform(path)
    assert result.definition is None
    text = [str(p) for p in result.problems]
    assert text[0] == (
        "field.xlsx: survey sheet, row 3, column type (A): 'geopoint' is not supported: "
        "Shura has no map location question"
    )
    assert text[1].startswith(
        "field.xlsx: survey sheet, row 4, column type (A): 'select_one_from_file' is not supported"
    )
    assert "row 5, column calculation (D)" in text[2] and "pulldata()" in text[2]
    assert "row 6, column relevant (E)" in text[3] and "column 9" in text[3]
    assert "row 7, column type (A): 'barcode' is not supported" in text[4]


def test_broken_files_are_refused_without_a_traceback(tmp_path):
    fake = tmp_path / "fake.xlsx"
    fake.write_text("not a workbook")
    assert "cannot be opened as a workbook" in str(read_xlsform(fake).problems[0])
    assert "not an XLSForm workbook" in str(read_xlsform(tmp_path / "form.yaml").problems[0])
    no_survey = make_xlsform(tmp_path / "x.xlsx", survey=[["type", "name", "label"]])
    assert read_xlsform(no_survey).definition is None and read_xlsform(no_survey).problems


# --- the commands


@pytest.fixture
def forms_app(database_url, tmp_path):
    forms = tmp_path / "forms"
    forms.mkdir()
    return make_app(database_url, tmp_path, FORMS_DIR=str(forms)), forms


def test_import_writes_a_file_that_definitions_check_accepts(forms_app):
    app, forms = forms_app
    runner = app.test_cli_runner()
    result = runner.invoke(args=["definitions", "import", str(CORPUS / "group.xlsx")])
    assert result.exit_code == 0, result.output
    written = forms / "group.yaml"
    assert written.is_file()
    assert "questionnaire group written" in result.output
    assert "shura definitions sync" in result.output
    check = runner.invoke(args=["definitions", "check", str(written)])
    assert check.exit_code == 0 and "group: ok" in check.output
    assert same_definition(
        load_questionnaire_file(written), read_xlsform(CORPUS / "group.xlsx").definition
    )
    # the same code again is refused, unless asked to replace or given another code
    again = runner.invoke(args=["definitions", "import", str(CORPUS / "group.xlsx")])
    assert again.exit_code == 1 and "already in group.yaml" in again.output
    assert "Nothing was written" in again.output
    other = runner.invoke(
        args=["definitions", "import", str(CORPUS / "group.xlsx"), "--code", "group_two"]
    )
    assert other.exit_code == 0 and (forms / "group_two.yaml").is_file()
    replaced = runner.invoke(
        args=["definitions", "import", str(CORPUS / "group.xlsx"), "--replace"]
    )
    assert replaced.exit_code == 0, replaced.output


def test_a_refused_import_writes_nothing_and_says_why(forms_app):
    app, forms = forms_app
    runner = app.test_cli_runner()
    result = runner.invoke(args=["definitions", "import", str(CORPUS / "loop.xlsx")])
    assert result.exit_code == 1
    assert "loop.xlsx: survey sheet, row 3, column type (A)" in result.output
    assert "Nothing was written: 1 problem." in result.output
    assert "Traceback" not in result.output
    assert list(forms.iterdir()) == []
    bad_code = runner.invoke(
        args=["definitions", "import", str(CORPUS / "group.xlsx"), "--code", "Bad Code"]
    )
    assert bad_code.exit_code == 1 and "--code 'Bad Code' is not a code" in bad_code.output
    missing = runner.invoke(args=["definitions", "import", "nowhere.xlsx"])
    assert missing.exit_code == 1 and "no such file" in missing.output
    assert list(forms.iterdir()) == []


def test_export_then_import_gives_the_same_definition(forms_app, tmp_path):
    app, forms = forms_app
    shutil.copy(EVERY_TYPE, forms / "every_type.yaml")
    runner = app.test_cli_runner()
    out = tmp_path / "out" / "every.xlsx"
    result = runner.invoke(args=["definitions", "export", "every_type", "--xlsform", str(out)])
    assert result.exit_code == 0, result.output
    assert out.is_file() and "XLSForm of every_type written" in result.output
    (forms / "every_type.yaml").unlink()
    imported = runner.invoke(args=["definitions", "import", str(out)])
    assert imported.exit_code == 0, imported.output
    assert same_definition(
        load_questionnaire_file(forms / "every_type.yaml"), load_questionnaire_file(EVERY_TYPE)
    )
    unknown = runner.invoke(
        args=["definitions", "export", "nothing", "--xlsform", str(tmp_path / "other.xlsx")]
    )
    assert unknown.exit_code == 1 and "There is no questionnaire nothing" in unknown.output


def test_a_select_on_a_missing_list_is_refused_on_its_row(tmp_path):
    survey = [["type", "name", "label"], ["text", "ok", "Fine"], ["select_one yn", "q", "Q?"]]
    no_sheet = read_xlsform(make_xlsform(tmp_path / "none.xlsx", survey=survey))
    assert [str(p) for p in no_sheet.problems] == [
        "none.xlsx: survey sheet, row 3, column type (A): this select uses the list 'yn', but "
        "the workbook has no choices sheet; add one with the columns list_name, name and label"
    ]
    choices = [["list_name", "name", "label"], ["agree", "yes", "Yes"]]
    other = read_xlsform(make_xlsform(tmp_path / "other.xlsx", survey=survey, choices=choices))
    assert len(other.problems) == 1 and other.definition is None
    assert "row 3, column type (A): the list 'yn' is not on the choices sheet" in str(
        other.problems[0]
    )


def test_a_pyxform_refusal_names_the_row_pyxform_gives(tmp_path):
    survey = [["type", "name", "label"], ["text", "ok", "Fine"], ["calculate", "total"]]
    result = read_xlsform(make_xlsform(tmp_path / "calc.xlsx", survey=survey))
    assert [(p.sheet, p.row) for p in result.problems] == [("survey", 3)]
    assert str(result.problems[0]).startswith("calc.xlsx: survey sheet, row 3: pyxform refuses")
    assert "[row :" not in str(result.problems[0])


def test_a_protected_or_misnamed_workbook_is_refused_with_what_to_do(tmp_path):
    # an encrypted .xlsx is an OLE compound file, as an old .xls is
    protected = tmp_path / "protected.xlsx"
    protected.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))
    assert "password-protected" in str(read_xlsform(protected).problems[0])
    garbage = tmp_path / "garbage.xls"
    garbage.write_bytes(b"\x00\x01 not a workbook" * 40)
    problems = read_xlsform(garbage).problems
    assert [str(p) for p in problems] == [
        "garbage.xls: this file cannot be opened as a workbook; is it really a .xls file?"
    ]


def write_yaml(tmp_path, text: str) -> Path:
    path = tmp_path / "q.yaml"
    path.write_text(text, encoding="utf-8")
    return path


TRICKY = """
code: tricky
title: {en: Tricky, fr: "Pi\\x85ège", ar: فخ}
choice_lists:
  sizes:
    - {value: s, label: {en: Small}, properties: {group_code: a}}
sections:
  - code: s
    title: {en: S}
    items:
      - {code: phone, type: phone, label: {en: Phone}, default: "+212 5 37 00 00 00"}
      - {code: formula, type: text, label: {en: Formula}, default: "price + tax"}
      - {code: size, type: select_one, choices: sizes, label: {en: Size}}
"""


def test_texts_xlsform_would_misread_still_come_back_the_same(tmp_path):
    from app.questionnaires.definition_yaml import definition_yaml

    definition = load_questionnaire_file(write_yaml(tmp_path, TRICKY))
    assert definition.title.fr == "Pi\x85ège"  # a line break to YAML, not to the text
    out = tmp_path / "tricky.xlsx"
    write_xlsform(definition, out)
    with quiet_openpyxl():
        workbook = openpyxl.load_workbook(out)
    header = [c.value for c in workbook["survey"][1]]
    phone = [c.value for c in workbook["survey"][3]]
    # XLSForm would evaluate "+212 5 37..." as an expression: it travels as a plain text
    assert phone[header.index("shura_default")] == "+212 5 37 00 00 00"
    assert phone[header.index("default")] is None
    with quiet_openpyxl():
        convert(xlsform=str(out), validate=False)
    back = read_xlsform(out)
    assert back.problems == [], [str(p) for p in back.problems]
    assert same_definition(back.definition, definition)
    again = write_yaml(tmp_path, definition_yaml(back.definition))
    assert same_definition(load_questionnaire_file(again), definition)


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (("group_code: a", "name: a"), "the property 'name' cannot be an XLSForm column"),
        (("sizes:", "my sizes:"), "XLSForm needs a list name without spaces"),
        (("label: {en: Formula}", "label: {en: 'Cost in ${phone}'}"), "holds ${...}"),
    ],
)
def test_what_a_workbook_would_say_differently_is_not_exported(tmp_path, change, named):
    from app.questionnaires.xlsform.writer import ExportError

    text = TRICKY.replace(*change)
    if change[0] == "sizes:":
        text = text.replace("choices: sizes", "choices: my sizes")
    definition = load_questionnaire_file(write_yaml(tmp_path, text))
    with pytest.raises(ExportError, match=re.escape(named)):
        write_xlsform(definition, tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()


def test_the_rows_of_a_matrix_must_agree_on_their_rules(tmp_path):
    path = make_xlsform(
        tmp_path / "m.xlsx",
        survey=[
            ["type", "name", "label", "required", "appearance", "hint"],
            ["begin group", "grid", "Grid", None, "table-list"],
            ["select_one l", "r1", "One", "yes"],
            ["select_one l", "r2", "Two", None],
            ["end group"],
        ],
        choices=[["list_name", "name", "label"], ["l", "a", "A"], ["l", "b", "B"]],
    )
    # read as a matrix only because the rows agree; told so when a shura_type says matrix
    assert read_xlsform(path).definition.node_by_code["r1"].item.type == "select_one"
    path = make_xlsform(
        tmp_path / "m2.xlsx",
        survey=[
            ["type", "name", "label", "required", "appearance", "hint", "shura_type"],
            ["begin group", "grid", "Grid", None, "table-list", None, "matrix"],
            ["select_one l", "r1", "One", "yes"],
            ["select_one l", "r2", "Two", None, None, "Say it"],
            ["end group"],
        ],
        choices=[["list_name", "name", "label"], ["l", "a", "A"], ["l", "b", "B"]],
    )
    result = read_xlsform(path)
    assert result.definition is None
    assert any(
        p.row == 4 and "this row's differ from row 3" in str(p.message) for p in result.problems
    ), [str(p) for p in result.problems]
    assert any(n.row == 4 and "hint" in str(n.message) for n in result.notices)


def test_export_writes_only_an_xlsx_outside_the_definition_folders(forms_app, tmp_path):
    app, forms = forms_app
    shutil.copy(EVERY_TYPE, forms / "every_type.yaml")
    runner = app.test_cli_runner()

    def export(out, *extra):
        return runner.invoke(
            args=["definitions", "export", "every_type", "--xlsform", str(out), *extra]
        )

    result = export(forms / "every_type.yaml")
    assert result.exit_code == 1 and "give a name ending in .xlsx" in result.output
    result = export(forms / "every_type.xlsx")
    assert result.exit_code == 1 and "outside the forms and workflows folders" in result.output
    out = tmp_path / "every.xlsx"
    out.write_bytes(b"keep me")
    result = export(out)
    assert result.exit_code == 1 and "--replace" in result.output
    assert out.read_bytes() == b"keep me"
    assert export(out, "--replace").exit_code == 0 and out.read_bytes() != b"keep me"
    assert load_questionnaire_file(forms / "every_type.yaml").code == "every_type"
