"""The RQ worker class ``shura worker`` runs."""

from rq import Worker

from app.extensions import db


class ShuraWorker(Worker):
    """Forks a work horse per job; the horse must not share the parent's DB connections."""

    def main_work_horse(self, *args, **kwargs):
        db.engine.dispose(close=False)
        return super().main_work_horse(*args, **kwargs)
