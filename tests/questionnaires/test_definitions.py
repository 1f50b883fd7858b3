"""Questionnaire and workflow files: the shipped ones load; broken ones are named precisely."""

import textwrap
from pathlib import Path

import pytest

from app.core.definition_files import DefinitionError, canonical_content
from app.questionnaires.loader import load_questionnaire_file
from app.questionnaires.types import ITEM_TYPES
from app.workflows.loader import load_workflow_file

PROJECT = Path(__file__).resolve().parents[2]


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems_of(path) -> list[str]:
    with pytest.raises(DefinitionError) as caught:
        load_questionnaire_file(path, path.name)
    return [str(problem) for problem in caught.value.problems]


LABEL = "{en: Q, fr: Q, ar: س}"


def test_shipped_pre_meeting_questionnaire_has_the_real_content():
    definition = load_questionnaire_file(PROJECT / "forms" / "pre_meeting.yaml")
    scopes = definition.answer_scopes
    assert [s.code for s in definition.sections] == [
        "profile",
        "priorities",
        "activities",
        "challenges",
        "cooperation",
        "post_covid",
        "year_of_women",
        "satisfaction",
    ]
    priorities = definition.node_by_code["priorities"].item
    assert (priorities.type, priorities.min_count, priorities.max_count) == ("repeat", 1, 5)
    assert scopes["sector"] == ("priorities",) and scopes["proposal_sector"] == ("proposals",)
    assert {"challenges", "challenges_other", "women_programmes", "women_rights"} <= set(scopes)
    challenges = definition.node_by_code["challenges"]
    assert [c.value for c in challenges.kind.all_choices(challenges.item, definition)][
        -1
    ] == "other"
    assert definition.node_by_code["women_rights"].item.relevant == "${women_programmes} = 'yes'"
    rating = definition.node_by_code["satisfaction_cooperation"].item
    assert rating.type == "rating"
    assert rating.min_label.en == "Extremely dissatisfied"
    assert rating.max_label.en == "Extremely satisfied"
    for node in definition.nodes:
        label = node.item.label
        assert label.en and label.fr and label.ar, node.item.code


def test_shipped_post_meeting_questionnaire_and_workflow_load():
    definition = load_questionnaire_file(PROJECT / "forms" / "post_meeting.yaml")
    scopes = definition.answer_scopes
    assert scopes["deadline"] == ("actions",)
    assert {"meeting_date", "actions", "satisfaction_meeting", "follow_up_meeting"} <= set(scopes)
    workflow = load_workflow_file(PROJECT / "workflows" / "commission_review.yaml")
    assert set(workflow.states) == {"draft", "submitted", "in_review", "returned", "approved"}
    assert set(workflow.actions) == {"submit", "start_review", "return", "approve", "reopen"}


def test_content_hash_ignores_layout_but_not_content(tmp_path):
    body = f"""
        code: q
        title: {LABEL}
        sections:
          - code: s
            title: {LABEL}
            items:
              - {{code: a, type: text, label: {LABEL}}}
    """
    first = write(tmp_path, "a.yaml", body)
    second = write(
        tmp_path, "b.yaml", "# a comment\n" + textwrap.dedent(body).replace("text", "'text'")
    )
    third = write(tmp_path, "c.yaml", body.replace("type: text", "type: long_text"))
    hashes = [canonical_content(load_questionnaire_file(p))[1] for p in (first, second, third)]
    assert hashes[0] == hashes[1] != hashes[2]


def test_each_problem_names_file_line_and_key(tmp_path):
    path = write(
        tmp_path,
        "broken.yaml",
        f"""
        code: broken
        title: {{en: Broken, fr: Cassé}}
        sections:
          - code: profile
            title: {LABEL}
            items:
              - code: name
                type: txt
                label: {LABEL}
              - code: age
                type: integer
                requird: true
                label: {LABEL}
              - code: untyped
                label: {LABEL}
    """,
    )
    types = ", ".join(sorted(ITEM_TYPES))
    assert problems_of(path) == [
        f"broken.yaml:9: sections[profile].items[name].type: unknown type 'txt' (types: {types})",
        "broken.yaml:13: sections[profile].items[age].requird: unknown key (allowed here: "
        "code, type, label, hint, relevant, prefill, report, report_column, required, "
        "required_message, constraint, constraint_message, default, min, max)",
        "broken.yaml:15: sections[profile].items[untyped].type: each item needs a type "
        f"(one of: {types})",
    ]


def test_references_and_keys_per_type_are_checked(tmp_path):
    path = write(
        tmp_path,
        "refs.yaml",
        f"""
        code: refs
        title: {LABEL}
        choice_lists:
          sectors:
            - {{value: education, label: {LABEL}}}
            - {{value: education, label: {LABEL}}}
        sections:
          - code: s
            title: {LABEL}
            items:
              - {{code: sector, type: select_one, choices: sector, label: {LABEL}}}
              - {{code: note, type: text, default: 3, label: {LABEL}}}
              - {{code: note, type: text, label: {LABEL}}}
              - {{code: data, type: text, label: {LABEL}}}
              - code: people
                type: repeat
                label: {LABEL}
                min_count: 3
                max_count: 2
                items:
                  - {{code: sector, type: text, label: {LABEL}}}
    """,
    )
    assert problems_of(path) == [
        "refs.yaml:7: choice_lists.sectors[education].value: duplicate value",
        "refs.yaml:12: sections[s].items[sector].choices: no choice list named 'sector' "
        "(lists: sectors)",
        "refs.yaml:13: sections[s].items[note].default: not a possible answer: Enter text.",
        "refs.yaml:14: sections[s].items[note].code: the code 'note' is used twice in this file",
        "refs.yaml:15: sections[s].items[data].code: 'data' is a reserved name; choose another",
        "refs.yaml:19: sections[s].items[people].min_count: min_count is larger than max_count",
        "refs.yaml:22: sections[s].items[people].items[sector].code: the code 'sector' is used "
        "twice in this file",
    ]


def test_expression_mistakes_name_the_question_and_the_column(tmp_path):
    path = write(
        tmp_path,
        "logic.yaml",
        f"""
        code: logic
        title: {LABEL}
        sections:
          - code: s
            title: {LABEL}
            items:
              - code: age
                type: integer
                label: {LABEL}
                constraint: ". >= 0 and . < (120"
              - code: name
                type: text
                label: {LABEL}
                relevant: "${{agee}} > 18"
                required: "foo(${{age}})"
              - code: other
                type: text
                label: {LABEL}
                relevant: "age > 3"
    """,
    )
    assert problems_of(path) == [
        "logic.yaml:11: sections[s].items[age].constraint: column 20: a closing ')' is missing",
        "logic.yaml:15: sections[s].items[name].relevant: ${agee}: no question 'agee' in this "
        "questionnaire",
        "logic.yaml:16: sections[s].items[name].required: column 1: unknown function foo() "
        "(known: boolean(), coalesce(), concat(), count(), count-selected(), date(), false(), "
        "if(), int(), not(), number(), position(), regex(), selected(), string(), "
        "string-length(), sum(), today(), true())",
        "logic.yaml:20: sections[s].items[other].relevant: column 1: 'age' is not a value: "
        "write ${age} to use the answer to question 'age', or put text in quotes ('age')",
    ]


def test_a_label_missing_a_language_is_a_warning(runner, tmp_path):
    path = write(
        tmp_path,
        "english.yaml",
        """
        code: english_only
        title: {en: In English, fr: En français}
        sections:
          - code: s
            title: {en: S, fr: S, ar: س}
            items:
              - {code: a, type: text, label: {en: A question}}
    """,
    )
    result = runner.invoke(args=["definitions", "check", str(path)])
    assert result.exit_code == 0, result.output
    assert "english_only: ok" in result.output
    assert (
        "warning: english.yaml:3: title: no Arabic (ar) text: readers in that language see "
        "another one" in result.output.replace(str(tmp_path) + "/", "")
    )
    assert "items[a].label: no French (fr) and Arabic (ar) text" in result.output
    definition = load_questionnaire_file(path)
    assert definition.node_by_code["a"].item.label.get("ar") == "A question"


def test_yaml_syntax_and_duplicate_keys(tmp_path):
    bad_yaml = write(tmp_path, "syntax.yaml", "code: x\ntitle: [unclosed\n")
    (problem,) = problems_of(bad_yaml)
    assert problem.startswith("syntax.yaml:3: this is not valid YAML")
    duplicate = write(tmp_path, "dup.yaml", f"code: a\ncode: b\ntitle: {LABEL}\n")
    assert problems_of(duplicate) == ["dup.yaml:2: code: duplicate key (first given on line 1)"]
    not_mapping = write(tmp_path, "list.yaml", "- just\n- a list\n")
    assert problems_of(not_mapping) == [
        "list.yaml:1: the file must be a mapping of keys (key: value)"
    ]


def test_workflow_problems_are_located(tmp_path):
    path = write(
        tmp_path,
        "flow.yaml",
        f"""
        code: flow
        title: {LABEL}
        initial: draft
        states:
          draft: {{label: {LABEL}, editable_by: [commision]}}
        actions:
          submit:
            label: {LABEL}
            roles: [commission]
            from: [draft]
            to: sent
            requires: [signature]
    """,
    )
    with pytest.raises(DefinitionError) as caught:
        load_workflow_file(path, "flow.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "flow.yaml:6: states.draft.editable_by: unknown role 'commision' "
        "(roles: commission, reviewer, secretariat)",
        "flow.yaml:12: actions.submit.to: no state 'sent' (states: draft)",
        "flow.yaml:13: actions.submit.requires: unknown requirement 'signature' "
        "(comment, valid_answers, question_comment, second_person, focal_point)",
        "flow.yaml:5: states: mark at least one reachable state final: true",
    ]


def test_definitions_check_command(runner, tmp_path):
    result = runner.invoke(args=["definitions", "check"])
    assert result.exit_code == 0, result.output
    assert "pre_meeting: ok" in result.output and "commission_review: ok" in result.output

    broken = write(tmp_path, "broken.yaml", "code: broken\ntitle: {de: B}\nsections: []\n")
    result = runner.invoke(args=["definitions", "check", str(broken)])
    assert result.exit_code == 1
    assert "broken.yaml:2: title.de: unknown key (allowed here: en, fr, ar)" in result.output
    assert "Traceback" not in result.output


def test_app_refuses_to_start_on_a_broken_definition(tmp_path, database_url):
    from tests.conftest import make_app

    forms = tmp_path / "forms"
    forms.mkdir()
    (forms / "bad.yaml").write_text("code: bad\n")
    with pytest.raises(DefinitionError, match="bad.yaml:1: title: this key is required"):
        make_app(database_url, tmp_path, FORMS_DIR=str(forms))


def test_yes_no_words_and_infinite_numbers_are_explained(tmp_path):
    path = write(
        tmp_path,
        "words.yaml",
        f"""
        code: words
        title: {{en: no, fr: Non, ar: لا}}
        sections:
          - code: s
            title: {LABEL}
            items:
              - {{code: a, type: decimal, max: .inf, label: {LABEL}}}
    """,
    )
    assert problems_of(path) == [
        "words.yaml:3: title.en: YAML reads yes, no, on, off, true and false as true/false, "
        "not as text: put this text in quotes",
        "words.yaml:8: sections[s].items[a].max: Input should be a finite number",
    ]


def test_report_marks_are_checked_where_they_stand(tmp_path):
    path = write(
        tmp_path,
        "bad_report.yaml",
        """
        code: bad_report
        title: {en: Bad}
        choice_lists:
          s: [{value: a, label: {en: A}}]
        sections:
          - code: one
            title: {en: One}
            items:
              - {code: name, type: text, label: {en: Name}, report_column: text}
              - code: things
                type: repeat
                label: {en: Thing}
                items:
                  - {code: thing, type: text, label: {en: Thing}, report: proposal}
              - code: ideas
                type: repeat
                report: proposal
                label: {en: Idea}
                items:
                  - {code: idea, type: text, label: {en: Idea}, report_column: text}
                  - {code: sector, type: text, label: {en: Sector}, report_column: sector}
                  - {code: kind, type: select_one, choices: s, label: {en: K}, report_column: type}
              - {code: notes, type: long_text, label: {en: Notes}, report: recommendation}
        """,
    )
    assert problems_of(path) == [
        "bad_report.yaml:10: sections[one].items[name].report_column: report_column is for a "
        "question in a repeat marked with report",
        "bad_report.yaml:15: sections[one].items[things].items[thing].report: report marks a "
        "repeat, or a question outside repeats",
        "bad_report.yaml:22: sections[one].items[ideas].items[sector].report_column: a sector "
        "is a choice question",
    ]
    unknown = write(
        tmp_path,
        "unknown.yaml",
        """
        code: unknown
        title: {en: Bad}
        sections:
          - code: one
            title: {en: One}
            items:
              - {code: oops, type: text, label: {en: Oops}, report: wish}
        """,
    )
    assert problems_of(unknown) == [
        "unknown.yaml:8: sections[one].items[oops].report: Input should be 'priority', "
        "'proposal', 'recommendation' or 'action'"
    ]
