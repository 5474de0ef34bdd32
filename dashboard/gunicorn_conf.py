"""gunicorn settings for CAM Atlas: a worker model that survives slow clients by itself.

Used by ``cam-atlas serve`` and the Procfile (``-c python:dashboard.gunicorn_conf``) and, through
``gunicorn.conf.py`` at the repository root, by every gunicorn started from a checkout (tests,
``cam-atlas bench``). Command-line flags override these values.

- ``gthread`` workers: each process serves ``threads`` requests at once, and a connection that
  has sent nothing yet waits in the worker's poller, not in a thread. A client trickling its
  headers holds one thread, so ``workers * threads`` such clients are needed to stall the site
  (the old ``sync`` workers stalled with two). For thousands of slow clients put a buffering
  proxy in front (docs/DEPLOY.md); the app does not depend on one to stay up.
- Request line and header sizes and counts are capped (the body is capped by the app,
  ``dashboard.limits``); ``timeout`` restarts a worker whose main loop hangs; ``max_requests``
  (with jitter) recycles workers so memory cannot creep without bound.

Environment: ``CAM_ATLAS_BIND`` (default ``127.0.0.1:8050``), ``CAM_ATLAS_WORKERS`` (2),
``CAM_ATLAS_THREADS`` (16), ``CAM_ATLAS_TIMEOUT`` (30 s).
"""

from __future__ import annotations

import os

from geodata.settings import positive_int_env

bind = [os.environ.get("CAM_ATLAS_BIND", "127.0.0.1:8050")]
workers = positive_int_env("CAM_ATLAS_WORKERS", 2)
worker_class = "gthread"
threads = positive_int_env("CAM_ATLAS_THREADS", 16)
worker_connections = 256  # per worker: open connections, idle keep-alive ones included
timeout = positive_int_env("CAM_ATLAS_TIMEOUT", 30)
graceful_timeout = 10
keepalive = 5
limit_request_line = 4094
limit_request_fields = 64
limit_request_field_size = 8190
max_requests = 5000
max_requests_jitter = 500
preload_app = True
control_socket_disable = True
