"""A real `chroma run` server on a free loopback port, for the server-mode benchmark."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


class ChromaServer:
    """Starts `chroma run --path DIR` and waits for its heartbeat; stop() ends it."""

    def __init__(self, path: Path, timeout: float = 60.0) -> None:
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.host = "127.0.0.1"
        chroma = shutil.which("chroma", path=str(Path(sys.executable).parent)) or "chroma"
        self.process = subprocess.Popen(
            [chroma, "run", "--path", str(path), "--host", self.host, "--port", str(self.port)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + timeout
        url = f"http://{self.host}:{self.port}/api/v2/heartbeat"
        while True:
            try:
                with urllib.request.urlopen(url, timeout=1):
                    return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(f"chroma run did not answer at {url}") from None
                time.sleep(0.2)

    def stop(self) -> None:
        """End the server."""
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=30)
