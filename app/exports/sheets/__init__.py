"""The report's sheets, each a small builder over the export's row source.

A builder goes through four steps, driven by ``app/exports/report.py``: ``open`` creates its
sheets (the workbook keeps them in the order they are opened), ``fill`` writes what it reads
itself, ``listen`` hands back a function that takes each exported submission of a
questionnaire as the single pass over them goes by (None: not interested), and ``finish``
writes what it gathered and closes its tables. A builder that reads only a few answers
says which (``answer_codes``), so that a file made only of such builders reads no more.
"""


class Builder:
    #: whether its listener reads the submissions' submitted and approved dates
    uses_dates = False

    def answer_codes(self, questionnaire) -> set[str] | None:
        """The answer codes its listener reads in each submission; None: all of them."""
        return None

    def open(self, report) -> None:
        pass

    def fill(self, report) -> None:
        pass

    def listen(self, report, questionnaire):
        return None

    def finish(self, report) -> None:
        pass


def percent(count: int, answered: int) -> float | None:
    """A share as a CSV file shows it: a percentage to two decimals (17.86, not 0.1786);
    a workbook writes the fraction with a percent format instead."""
    return round(100 * count / answered, 2) if answered else None
