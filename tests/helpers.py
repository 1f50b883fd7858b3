"""Factories (create_<thing>) and helpers shared by the tests."""

from __future__ import annotations

import datetime as dt

from app.extensions import db

PASSWORD = "correct-horse-battery"


def create_commission(iso2: str, region: str = "africa"):
    from app.users.models import Commission

    commission = Commission(
        iso2=iso2,
        region=region,
        name_en=f"Country {iso2}",
        name_fr=f"Pays {iso2}",
        name_ar=f"بلد {iso2}",
    )
    db.session.add(commission)
    db.session.flush()
    return commission


def create_user(email: str, role: str, commission=None, reviews=(), focal_point=None):
    """A user with the tests' password; a commission's first user is its focal point (the
    one who submits) unless ``focal_point`` says otherwise."""
    from app.users.focal_points import focal_point_of
    from app.users.models import User

    user = User(
        email=email, name=email.split("@")[0], role=role, password=PASSWORD, commission=commission
    )
    user.reviewed_commissions = list(reviews)
    if commission is not None:
        user.is_focal_point = (
            focal_point if focal_point is not None else focal_point_of(commission.id) is None
        )
    db.session.add(user)
    db.session.flush()
    return user


def create_consultation(slug: str = "test-2021", workflow_code: str = "commission_review"):
    from app.consultations.models import Consultation, ConsultationQuestionnaire

    consultation = Consultation(
        slug=slug,
        title_en="Test consultation",
        title_fr="Consultation test",
        title_ar="استشارة تجريبية",
    )
    consultation.questionnaires = [
        ConsultationQuestionnaire(
            questionnaire_code=code, phase=phase, position=position, workflow_code=workflow_code
        )
        for position, (code, phase) in enumerate(
            [("pre_meeting", "before"), ("post_meeting", "after")], start=1
        )
    ]
    db.session.add(consultation)
    db.session.flush()
    return consultation


def meeting_day() -> dt.date:
    """The day ``create_meeting`` puts a meeting on by default: today, in UTC."""
    return dt.datetime.now(dt.UTC).date()


def create_meeting(consultation, commission, date=None, status="held"):
    """A meeting (by default held today, so that both its questionnaires are open: the
    pre-meeting one late, the post-meeting one on time)."""
    from app.consultations.models import HELD, Meeting

    date = date or meeting_day()
    meeting = Meeting(
        consultation=consultation,
        commission=commission,
        meeting_date=date,
        status=status,
        held_on=date if status == HELD else None,
    )
    db.session.add(meeting)
    db.session.flush()
    return meeting


#: answers that complete the shipped pre-meeting questionnaire, as a browser would post them
VALID_PRE_MEETING = {
    "focal_point_name": "Amina Benali",
    "focal_point_position": "Secretary-General",
    "focal_point_email": "amina@natcom.example.org",
    "priorities-0-title": "Teacher training",
    "priorities-0-sector": "education",
    "achievements": "Forty schools joined the network.",
    "women_programmes": "yes",
    "satisfaction_cooperation": "4",
}


#: the same answers as the database stores them
STORED_PRE_MEETING = {
    "focal_point_name": "Amina Benali",
    "focal_point_position": "Secretary-General",
    "focal_point_email": "amina@natcom.example.org",
    "priorities": [{"title": "Teacher training", "sector": "education"}],
    "achievements": "Forty schools joined the network.",
    "women_programmes": "yes",
    "satisfaction_cooperation": 4,
}


def start_submission_as(client, auth, email: str, meeting_id: int, code="pre_meeting") -> int:
    """Sign in and open a questionnaire the way the dashboard's Start button does."""
    auth.login(email)
    response = client.post(f"/commission/meetings/{meeting_id}/{code}/start")
    assert response.status_code == 302, response.data
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


def current_version(app, submission_id: int) -> int:
    from app.submissions.models import Submission

    with app.app_context():
        return db.session.get(Submission, submission_id).version


def copy_post_meeting_without_prefill(folder) -> None:
    """The shipped post-meeting questionnaire, for a folder whose pre_meeting is another
    (the answers it would take from the shipped one are not there)."""
    from pathlib import Path

    shipped = Path(__file__).resolve().parents[1] / "forms" / "post_meeting.yaml"
    text = shipped.read_text(encoding="utf-8").replace("        prefill: pre_meeting\n", "")
    (Path(folder) / "post_meeting.yaml").write_text(text, encoding="utf-8")
