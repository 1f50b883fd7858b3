"""Fixed WTForms classes of the interface (questionnaire forms are built at runtime)."""

from babel import support
from flask import current_app
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    HiddenField,
    PasswordField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.i18n import messages_path
from wtforms.validators import DataRequired, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from app.core.i18n import _
from app.core.languages import LANGUAGES, NATIVE_NAMES
from app.web.language import current_language

#: WTForms' own messages ("Not a valid integer value."), one catalog per language
_wtforms_catalogs: dict[str, support.Translations] = {}


def wtforms_messages(lang: str):
    if lang not in _wtforms_catalogs:
        _wtforms_catalogs[lang] = support.Translations.load(
            messages_path(), [lang], domain="wtforms"
        )
    return _wtforms_catalogs[lang]


class Form(FlaskForm):
    """Every form of the interface. WTForms' messages come in the reader's language from a
    catalog read once per process: Flask-WTF reads it from disk again on every request that
    makes a form, and so does every field left without a label (its name is "translated")."""

    class Meta:
        def get_translations(self, form):
            if not current_app.config.get("WTF_I18N_ENABLED", True):
                return None  # WTForms' English messages, as Flask-WTF does
            return wtforms_messages(current_language())


def show_problems(form: Form, failed) -> None:
    """Put a service's ValidationFailed messages beside the fields they name (a problem for
    a field the form does not have is said by the page's own message)."""
    for name, messages in failed.errors.items():
        field = getattr(form, name, None)
        if field is not None:
            field.errors = [str(m) for m in messages]


class LoginForm(Form):
    email = EmailField(_("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class ActionForm(Form):
    """A workflow action on a submission: the button's value names the action."""

    comment = TextAreaField(_("Comment"), validators=[Length(max=10000)])
    loaded_version = HiddenField()


class ExportForm(Form):
    """The options of an export (app/exports/options.py); the view fills in the choices
    that come from the data (consultations, states, commissions, regions)."""

    consultation = SelectField(_("Consultation"), coerce=int)
    lang = SelectField(
        _("Language of the workbook"),
        choices=[SelectChoice(code, NATIVE_NAMES[code]) for code in LANGUAGES],
    )
    mode = SelectField(
        _("What to prepare"),
        default="workbook",
        choices=[
            SelectChoice("workbook", _("One workbook")),
            SelectChoice("commissions", _("A zip of one workbook per commission")),
            SelectChoice("sectors", _("A zip of one workbook per sector")),
            SelectChoice("csv", _("A zip of CSV files, one per table")),
        ],
    )
    states = SelectMultipleField(
        _("States to include"),
        description=_("None ticked: the approved submissions only."),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validate_choice=True,
    )
    regions = SelectMultipleField(
        _("Regions"),
        description=_("None ticked: every region."),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
    )
    commissions = SelectMultipleField(
        _("Commissions"),
        description=_("None chosen: every commission (hold Ctrl or ⌘ to choose several)."),
        coerce=int,
    )
    meetings_from = DateField(_("Meetings from"), validators=[Optional()])
    meetings_to = DateField(_("Meetings to"), validators=[Optional()])
    headers = SelectField(
        _("Column headers"),
        default="labels",
        choices=[
            SelectChoice("labels", _("Labels, with the question codes beneath")),
            SelectChoice("codes", _("Question codes only")),
        ],
    )

    def validate_meetings_to(self, field):
        start = self.meetings_from.data
        if start and field.data and field.data < start:
            raise ValidationError(_("The end of the range is before its start."))


class EmptyForm(Form):
    """Only a CSRF token: for buttons such as sign out or start."""


class MeetingForm(Form):
    """A meeting as the secretariat plans it; the statuses are offered in the reader's
    language by the view."""

    commission_id = SelectField(_("Commission"), coerce=int)
    meeting_date = DateField(
        _("Date"), validators=[DataRequired(message=_("Give the date of the meeting."))]
    )
    start_time = TimeField(_("Time (local time of the meeting)"), validators=[Optional()])
    place = StringField(_("Place"), validators=[Length(max=300)])
    online_link = StringField(_("Online meeting link"), validators=[Length(max=500)])
    status = SelectField(_("Status"))
    notes = TextAreaField(_("Notes"), validators=[Length(max=10000)])
    loaded_version = HiddenField()


class AccountForm(Form):
    """A person as the secretariat invites or changes them; the choices are set by the view."""

    email = EmailField(_("E-mail"), validators=[Length(max=254)])
    name = StringField(_("Name"), validators=[Length(max=200)])
    role = SelectField(_("Role"))
    commission_id = SelectField(_("Commission"), coerce=int)
    focal_point = BooleanField(_("Focal point of the commission"))
    language = SelectField(_("Language"))


class ForgotPasswordForm(Form):
    email = EmailField(
        _("E-mail"),
        validators=[DataRequired(message=_("Give your e-mail address.")), Length(max=254)],
    )


class ChoosePasswordForm(Form):
    password = PasswordField(_("New password"), validators=[Length(max=200)])
    confirmation = PasswordField(_("The same password again"), validators=[Length(max=200)])


class ApiTokenForm(Form):
    """A personal API token: what it is for and how long it lasts."""

    name = StringField(
        _("What it is for"),
        validators=[Length(max=100)],
        description=_("For example: Power BI refresh"),
    )
    days = SelectField(
        _("Valid for"),
        coerce=int,
        default=90,
        choices=[
            SelectChoice(30, _("30 days")),
            SelectChoice(90, _("90 days")),
            SelectChoice(180, _("180 days")),
            SelectChoice(365, _("One year")),
        ],
    )
