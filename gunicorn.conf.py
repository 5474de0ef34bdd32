"""gunicorn reads this file when started from the repository root: CAM Atlas's settings."""

from dashboard.gunicorn_conf import *  # noqa: F403
