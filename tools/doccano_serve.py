"""Serve doccano's web app on 127.0.0.1 only (``doccano webserver`` binds 0.0.0.0 and has no option for it).

Run with doccano's own interpreter, after ``doccano init`` and ``doccano createuser`` (same DOCCANO_HOME)::

    DOCCANO_HOME=/tmp/doccano-home /tmp/doccano-venv/bin/python tools/doccano_serve.py 8000

It sets up the environment as ``doccano webserver`` does (importing ``backend.cli``) and runs the same WSGI
app (``config.wsgi``) under gunicorn, bound to 127.0.0.1:PORT with one worker.
"""

from __future__ import annotations

import sys
from typing import Any

import backend.cli as doccano_cli  # sets DJANGO_SETTINGS_MODULE, DATABASE_URL, MEDIA_ROOT, sys.path
import gunicorn.app.base
import gunicorn.util


class LocalApp(gunicorn.app.base.BaseApplication):  # type: ignore[misc]
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        return gunicorn.util.import_app("config.wsgi")


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8000
    LocalApp({"bind": f"127.0.0.1:{port}", "workers": 1, "chdir": doccano_cli.base, "loglevel": "info"}).run()
