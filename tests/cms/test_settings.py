"""Production settings refuse to start without their secrets and pass Django's deploy check."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k" * 20 + "-production-key-for-the-deploy-check-0123456789"


def _run(args, **env_overrides):
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


SETUP = "import django; django.setup()"


def test_production_refuses_to_start_without_secret_key():
    result = _run(
        ["-c", SETUP],
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        ALLOWED_HOSTS="hoctap.example.vn",
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = _run(
        ["-c", SETUP],
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY="ngan",
        ALLOWED_HOSTS="hoctap.example.vn",
    )
    assert result.returncode != 0 and "ImproperlyConfigured" in result.stderr


def test_production_refuses_to_start_without_allowed_hosts():
    result = _run(
        ["-c", SETUP], DJANGO_SETTINGS_MODULE="cms.settings.production", SECRET_KEY=GOOD_KEY
    )
    assert result.returncode != 0 and "ALLOWED_HOSTS" in result.stderr


def test_deploy_check_reports_no_issues():
    result = _run(
        ["manage.py", "check", "--deploy", "--settings=cms.settings.production"],
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="hoctap.example.vn",
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_production_puts_media_on_s3_when_a_bucket_is_configured():
    show = (
        "from django.conf import settings as s; "
        "print(s.STORAGES['default']['BACKEND'], s.AWS_STORAGE_BUCKET_NAME, s.AWS_S3_ENDPOINT_URL)"
    )
    result = _run(
        ["-c", show],
        DJANGO_SETTINGS_MODULE="cms.settings.production",
        SECRET_KEY=GOOD_KEY,
        ALLOWED_HOSTS="hoctap.example.vn",
        AWS_STORAGE_BUCKET_NAME="hoctap-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "storages.backends.s3.S3Storage",
        "hoctap-media",
        "https://s3.example.vn",
    ]
