"""`kg serve` imports the app's modules in gunicorn's master before it forks (issue 5: the
first answer came 0.4 s later when every worker imported them itself). Importing must stay
just that: a master with threads or child processes would fork them into every worker."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_preloading_imports_the_app_but_starts_nothing() -> None:
    script = textwrap.dedent("""
        import os, sys, threading
        from kg.server.serve import preload_modules
        before = set(sys.modules)
        preload_modules()
        loaded = set(sys.modules) - before
        assert {"flask", "kg.web.endpoint", "kg.web.pages", "kg.web.front"} <= set(sys.modules)
        assert "kg.web.linkeddata" in loaded or "kg.web.linkeddata" in before
        assert threading.active_count() == 1, threading.enumerate()
        assert len(os.listdir("/proc/self/task")) == 1
        children = open(f"/proc/self/task/{os.getpid()}/children").read().split()
        assert children == [], children
        print("ok")
    """)
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr
