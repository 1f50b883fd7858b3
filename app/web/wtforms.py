"""Fixed WTForms classes of the interface (questionnaire forms are built at runtime)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.core.i18n import _
from app.core.languages import LANGUAGES, NATIVE_NAMES


class LoginForm(FlaskForm):
    email = EmailField(_("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_("Password"), validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A workflow action on a submission: the button's value names the action."""

    comment = TextAreaField(_("Comment"), validators=[Length(max=10000)])
    loaded_version = HiddenField()


class ExportForm(FlaskForm):
    consultation = SelectField(_("Consultation"), coerce=int)
    lang = SelectField(
        _("Language of the workbook"),
        choices=[SelectChoice(code, NATIVE_NAMES[code]) for code in LANGUAGES],
    )


class EmptyForm(FlaskForm):
    """Only a CSRF token: for buttons such as sign out or start."""
