"""Writing a questionnaire definition as a ``forms/*.yaml`` file a person can go on editing.

The file says what the definition says and nothing more (keys left at their default are
left out, as ``canonical_content`` leaves them out), in the layout of the shipped files:
texts in the three languages on one line, ``{en: ..., fr: ..., ar: ...}``.
"""

from __future__ import annotations

import yaml

from app.core.definition_files import canonical_content
from app.core.languages import LANGUAGES
from app.questionnaires.definition import QuestionnaireDefinition


class _Texts(dict):
    """A text in several languages: written on one line."""


class _Dumper(yaml.SafeDumper):
    pass


def _texts(dumper: yaml.SafeDumper, data: _Texts):
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _plain_dict(dumper: yaml.SafeDumper, data: dict):
    # the definition's own order (code, type, label...), not sorted keys
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items())


#: characters YAML reads as line breaks; a text holding one is written in double quotes,
#: where they stay escaped (in single quotes they would read back as a space)
_BREAKS = ("\x85", "\u2028", "\u2029")


def _string(dumper: yaml.SafeDumper, data: str):
    style = '"' if any(mark in data for mark in _BREAKS) else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(_Texts, _texts)
_Dumper.add_representer(str, _string)
_Dumper.add_representer(dict, _plain_dict)


def _mark_texts(value):
    if isinstance(value, dict):
        if value and set(value) <= set(LANGUAGES):
            return _Texts(value)
        return {key: _mark_texts(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_mark_texts(item) for item in value]
    return value


def definition_yaml(definition: QuestionnaireDefinition, header: str = "") -> str:
    """The YAML text of ``definition``, after ``header`` (comment lines, each starting "# ")."""
    content, _digest = canonical_content(definition)
    body = yaml.dump(
        _mark_texts(content),
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=100_000,  # a long label stays on its line rather than folding mid-sentence
        indent=2,
    )
    lines = [f"# {line}".rstrip() for line in header.splitlines()] if header else []
    return "\n".join([*lines, "", body]) if lines else body
