"""questionnaire engine: real repeats, yes/no as codes, attachments, answers as jsonb

Revision ID: 5e1a7c3d9b20
Revises: cedb13c8e225
Create Date: 2026-12-02 09:00:00

What changes, and how stored data is carried over:

- Stored questionnaire versions: each ``slots`` item (a fixed number of numbered copies of
  its items) becomes a ``repeat`` item with ``min_count`` = its ``required_count`` and
  ``max_count`` = its ``count``; ``scale`` becomes ``rating``. A code inside a slots item that
  another item of the same questionnaire also uses is renamed ``<item in the singular>_<code>``
  (repeats keep every code unique), so the shipped proposals' ``sector`` becomes
  ``proposal_sector``; the shipped proposals' ``type`` and ``priority`` take the same prefix,
  as the shipped questionnaire now names them. Each rewritten version gets the hash of its
  new content; its meaning is unchanged, so the submissions pinned to it stay pinned.
- Answers: ``<slots>_<n>_<item>`` (e.g. ``priorities_2_title``) become the n-th object of the
  list ``<slots>`` (``priorities[1].title``); a slot with no answer at all is left out, the
  others keep their order. Yes/no answers, stored as true/false, become the codes ``yes`` and
  ``no`` that expressions compare with (``${women_programmes} = 'yes'``).
- New table ``attachments`` (files attached to answers).
- On PostgreSQL, ``submissions.answers`` becomes ``jsonb`` so answers can be queried.

The downgrade reverses each step (a repeat becomes slots of ``max_count`` copies; only the
shipped renames are undone). Stored versions that use what the old schema cannot express
(new question types) are left as they are.
"""

import hashlib
import json

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = "5e1a7c3d9b20"
down_revision = "cedb13c8e225"
branch_labels = None
depends_on = None

DEFAULT_MAX_COUNT = 20
#: renames decided with the shipped questionnaire (questionnaire, slots code) -> {old: new}
SHIPPED_RENAMES = {
    ("pre_meeting", "proposals"): {
        "sector": "proposal_sector",
        "type": "proposal_type",
        "priority": "proposal_priority",
    }
}

versions_table = sa.table(
    "questionnaire_versions",
    sa.column("id", sa.Integer),
    sa.column("code", sa.String),
    sa.column("content", sa.JSON),
    sa.column("content_hash", sa.String),
)
submissions_table = sa.table(
    "submissions",
    sa.column("id", sa.Integer),
    sa.column("questionnaire_version_id", sa.Integer),
    sa.column("answers", sa.JSON),
)


def _hash(content: dict) -> str:
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def _all_items(items):
    for item in items or []:
        yield item
        yield from _all_items(item.get("items"))


def _singular(code: str) -> str:
    return code[:-1] if code.endswith("s") and len(code) > 1 else code


def _json(value):
    return json.loads(value) if isinstance(value, str) else value


def _rewrite(bind, convert_definition, convert_answers) -> None:
    """Rewrite every stored questionnaire version, then every submission's answers.

    ``convert_definition(content)`` gives (new content, what the answers' conversion needs to
    know of that version); ``convert_answers(that, answers)`` gives the new answers.
    """
    known = {}
    rows = bind.execute(sa.select(versions_table.c.id, versions_table.c.content)).all()
    for version_id, content in rows:
        content = _json(content)
        new, known[version_id] = convert_definition(content)
        if new != content:
            bind.execute(
                versions_table.update()
                .where(versions_table.c.id == version_id)
                .values(content=new, content_hash=_hash(new))
            )
    rows = bind.execute(
        sa.select(
            submissions_table.c.id,
            submissions_table.c.questionnaire_version_id,
            submissions_table.c.answers,
        )
    ).all()
    for submission_id, version_id, answers in rows:
        answers = _json(answers)
        new = convert_answers(known[version_id], answers)  # every submission pins a version
        if new != answers:
            bind.execute(
                submissions_table.update()
                .where(submissions_table.c.id == submission_id)
                .values(answers=new)
            )


# --- upgrade


def _renames_for(content: dict) -> dict:
    """(slots code) -> {old child code: new child code}."""
    renames = {}
    seen: dict[str, int] = {}
    items = [
        item for section in content.get("sections", []) for item in _all_items(section.get("items"))
    ]
    for item in items:
        seen[item["code"]] = seen.get(item["code"], 0) + 1
    first_owner: dict[str, str] = {}
    for item in items:
        if item.get("type") != "slots":
            continue
        shipped = SHIPPED_RENAMES.get((content.get("code"), item["code"]), {})
        group = {}
        for child in item.get("items", []):
            code = child["code"]
            if code in shipped:
                group[code] = shipped[code]
            elif (
                seen.get(code, 0) > 1 and first_owner.setdefault(code, item["code"]) != item["code"]
            ):
                group[code] = f"{_singular(item['code'])}_{code}"
        renames[item["code"]] = group
    return renames


def _upgrade_items(items, renames, inside=None):
    converted = []
    for item in items:
        item = dict(item)
        if inside is not None and item["code"] in renames.get(inside, {}):
            item["code"] = renames[inside][item["code"]]
        if item.get("type") == "slots":
            repeat = {"code": item["code"], "type": "repeat", "label": item["label"]}
            if item.get("hint"):
                repeat["hint"] = item["hint"]
            if item.get("required_count"):
                repeat["min_count"] = item["required_count"]
            count = item.get("count") or DEFAULT_MAX_COUNT
            if count != DEFAULT_MAX_COUNT:
                repeat["max_count"] = count
            repeat["items"] = _upgrade_items(item.get("items", []), renames, item["code"])
            item = repeat
        elif item.get("type") == "scale":
            item["type"] = "rating"
            for key in ("min", "max"):
                if isinstance(item.get(key), float) and item[key] == int(item[key]):
                    item[key] = int(item[key])
        converted.append(item)
    return converted


def _upgrade_definition(content: dict) -> dict:
    renames = _renames_for(content)
    content = dict(content)
    content["sections"] = [
        {**section, "items": _upgrade_items(section.get("items", []), renames)}
        for section in content.get("sections", [])
    ]
    return content


def _upgrade_answers(old_content: dict, answers: dict) -> dict:
    answers = dict(answers or {})
    renames = _renames_for(old_content)
    items = [
        item
        for section in old_content.get("sections", [])
        for item in _all_items(section.get("items"))
    ]
    yes_no = {item["code"] for item in items if item.get("type") == "yes_no"}
    for code in list(answers):
        if code in yes_no and isinstance(answers[code], bool):
            answers[code] = "yes" if answers[code] else "no"
    for item in items:
        if item.get("type") != "slots":
            continue
        group = item["code"]
        children = item.get("items", [])
        entries = []
        for index in range(1, (item.get("count") or 0) + 1):
            entry = {}
            for child in children:
                for suffix in ("", "_other"):
                    key = f"{group}_{index}_{child['code']}{suffix}"
                    if key not in answers:
                        continue
                    value = answers.pop(key)
                    if child.get("type") == "yes_no" and isinstance(value, bool):
                        value = "yes" if value else "no"
                    new_code = renames.get(group, {}).get(child["code"], child["code"])
                    entry[f"{new_code}{suffix}"] = value
            if entry:
                entries.append(entry)
        if entries:  # no items: left out, like any blank answer
            answers[group] = entries
    return answers


def upgrade():
    op.create_table(
        "attachments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submission_id", sa.Integer(), nullable=False),
        sa.Column("question_code", sa.String(length=64), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("media_type", sa.String(length=127), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("uploaded_by_id", sa.Integer(), nullable=True),
        sa.Column("uploaded_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["submission_id"],
            ["submissions.id"],
            name=op.f("fk_attachments_submission_id_submissions"),
        ),
        sa.ForeignKeyConstraint(
            ["uploaded_by_id"], ["users.id"], name=op.f("fk_attachments_uploaded_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_submission_id"), ["submission_id"], unique=False
        )

    bind = op.get_bind()
    _rewrite(
        bind,
        lambda content: (_upgrade_definition(content), content),
        lambda old_content, answers: _upgrade_answers(old_content, answers),
    )

    if bind.dialect.name == "postgresql":
        op.alter_column(
            "submissions",
            "answers",
            type_=postgresql.JSONB(astext_type=sa.Text()),
            existing_type=sa.JSON(),
            postgresql_using="answers::jsonb",
        )


# --- downgrade


def _downgrade_items(items, renames_back, questionnaire):
    converted = []
    for item in items:
        item = dict(item)
        if item.get("type") == "repeat":
            slots = {
                "code": item["code"],
                "type": "slots",
                "label": item["label"],
                "count": item.get("max_count", DEFAULT_MAX_COUNT),
            }
            if item.get("min_count"):
                slots["required_count"] = item["min_count"]
            shipped = SHIPPED_RENAMES.get((questionnaire, item["code"]), {})
            back = renames_back.setdefault(item["code"], {new: old for old, new in shipped.items()})
            children = []
            for child in _downgrade_items(item.get("items", []), renames_back, questionnaire):
                children.append({**child, "code": back.get(child["code"], child["code"])})
            slots["items"] = children
            item = slots
        elif item.get("type") == "rating":
            item["type"] = "scale"
            for key in ("min", "max"):  # the old schema stored its bounds as decimals
                if isinstance(item.get(key), int):
                    item[key] = float(item[key])
        converted.append(item)
    return converted


def _downgrade_definition(content: dict) -> tuple[dict, dict]:
    renames_back: dict = {}
    content = dict(content)
    content["sections"] = [
        {
            **section,
            "items": _downgrade_items(section.get("items", []), renames_back, content.get("code")),
        }
        for section in content.get("sections", [])
    ]
    return content, renames_back


def _downgrade_answers(new_content: dict, answers: dict, renames_back: dict) -> dict:
    answers = dict(answers or {})
    items = [
        item
        for section in new_content.get("sections", [])
        for item in _all_items(section.get("items"))
    ]
    yes_no = {item["code"] for item in items if item.get("type") == "yes_no"}
    repeats = {item["code"] for item in items if item.get("type") == "repeat"}

    def old_value(code, value):
        return value == "yes" if code in yes_no and value in ("yes", "no") else value

    for code in list(answers):
        if code in repeats:
            entries = answers.pop(code) or []
            for index, entry in enumerate(entries, start=1):
                for child, value in (entry or {}).items():
                    base = child[:-6] if child.endswith("_other") else child
                    suffix = child[len(base) :]
                    old = renames_back.get(code, {}).get(base, base)
                    answers[f"{code}_{index}_{old}{suffix}"] = old_value(base, value)
        else:
            answers[code] = old_value(code, answers[code])
    return answers


def _downgrade_version(content: dict):
    old, renames_back = _downgrade_definition(content)
    return old, (content, renames_back)


def _downgrade_submission(version, answers: dict) -> dict:
    content, renames_back = version
    return _downgrade_answers(content, answers, renames_back)


def downgrade():
    bind = op.get_bind()
    if bind.dialect.name == "postgresql":
        op.alter_column(
            "submissions",
            "answers",
            type_=sa.JSON(),
            existing_type=postgresql.JSONB(astext_type=sa.Text()),
            postgresql_using="answers::json",
        )
    _rewrite(bind, _downgrade_version, _downgrade_submission)
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_submission_id"))
    op.drop_table("attachments")
