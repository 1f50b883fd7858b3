"""Fixed WTForms classes of the interface (questionnaire forms are built at runtime)."""

from flask_wtf import FlaskForm
from wtforms import EmailField, HiddenField, PasswordField, SelectChoice, SelectField, TextAreaField
from wtforms.validators import DataRequired, Length

from app.config import LANGUAGES

LANGUAGE_NAMES = {"en": "English", "fr": "Français", "ar": "العربية"}


class LoginForm(FlaskForm):
    email = EmailField("E-mail", validators=[DataRequired(), Length(max=254)])
    password = PasswordField("Password", validators=[DataRequired(), Length(max=200)])
    next = HiddenField()


class ActionForm(FlaskForm):
    """A workflow action on a submission: the button's value names the action."""

    comment = TextAreaField("Comment", validators=[Length(max=10000)])
    loaded_version = HiddenField()


class ExportForm(FlaskForm):
    consultation = SelectField("Consultation", coerce=int)
    lang = SelectField(
        "Language of the workbook",
        choices=[SelectChoice(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
    )


class EmptyForm(FlaskForm):
    """Only a CSRF token: for buttons such as sign out or start."""
