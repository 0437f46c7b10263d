"""Background tasks (django-tasks, as Wagtail 8 uses): the bulk evaluation started from
the admin. The immediate backend runs it at once in development and tests; production can
point TASKS_BACKEND at a database or Redis worker. Progress is written to the run's row."""

from django.utils import timezone
from django_tasks import task

from .bulk import evaluate_titles
from .models import EvaluationRun


@task()
def run_evaluation(run_id: int) -> None:
    run = EvaluationRun.objects.get(pk=run_id)
    run.status = EvaluationRun.Status.RUNNING
    run.save(update_fields=["status"])

    def progress(counts):
        EvaluationRun.objects.filter(pk=run_id).update(
            total=counts.total,
            processed=counts.processed,
            evaluated=counts.evaluated,
            would_pass=counts.would_pass,
            changed=counts.changed,
        )

    try:
        counts = evaluate_titles(
            year=run.year,
            ward_ids=[run.ward_id] if run.ward_id else None,
            kinds=run.kinds or None,
            dry_run=run.dry_run,
            progress=progress,
        )
    except Exception as exc:
        EvaluationRun.objects.filter(pk=run_id).update(
            status=EvaluationRun.Status.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    EvaluationRun.objects.filter(pk=run_id).update(
        status=EvaluationRun.Status.DONE,
        total=counts.total,
        processed=counts.processed,
        evaluated=counts.evaluated,
        would_pass=counts.would_pass,
        changed=counts.changed,
        finished_at=timezone.now(),
    )
