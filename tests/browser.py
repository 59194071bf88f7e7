"""Headless Chromium driven over the DevTools protocol, with the standard library only.

Chromium is started with ``--remote-debugging-pipe``: it reads commands from its file
descriptor 3 and writes answers and events to descriptor 4, one JSON message each, ended by a
NUL byte.  No port, no WebSocket, no package to install; Debian's ``chromium`` is enough.
"""
from __future__ import annotations

import fcntl
import json
import os
import queue
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


class BrowserError(Exception):
    pass


def _above_nine(fd: int) -> int:
    moved = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    return moved


class Chromium:
    """One headless browser with one page; ``call`` sends a command to the page, ``wait_for`` an event."""

    def __init__(self, downloads: Path | None = None, width: int = 1400, height: int = 900):
        if not CHROMIUM:
            raise BrowserError("chromium is not installed")
        self.profile = tempfile.mkdtemp(prefix="ipwork-chromium-")
        to_browser, self._commands = os.pipe()
        self._answers, from_browser = os.pipe()
        # The shell gives Chromium the two pipe ends as descriptors 3 and 4; they are moved above
        # 9 first, so that neither is 3 or 4 already (and bash, not sh, reads two-digit numbers).
        to_browser, from_browser = (_above_nine(fd) for fd in (to_browser, from_browser))
        command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                   "--no-default-browser-check", "--disable-extensions", "--remote-debugging-pipe",
                   f"--user-data-dir={self.profile}", f"--window-size={width},{height}", "about:blank"]
        self.process = subprocess.Popen(
            ["bash", "-c", f'exec "$@" 3<&{to_browser} 4>&{from_browser}', "bash", *command],
            pass_fds=(to_browser, from_browser), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL)
        os.close(to_browser)
        os.close(from_browser)
        self._next = 0
        self._answered: dict[int, queue.Queue] = {}
        self.events: queue.Queue = queue.Queue()
        self.errors: list[str] = []  # exceptions thrown and errors logged by the page
        threading.Thread(target=self._read, daemon=True).start()
        target = next(t for t in self.browser_call("Target.getTargets")["targetInfos"] if t["type"] == "page")
        self.session = self.browser_call("Target.attachToTarget", targetId=target["targetId"],
                                         flatten=True)["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            self.call(f"{domain}.enable")
        if downloads:
            self.browser_call("Browser.setDownloadBehavior", behavior="allow", downloadPath=str(downloads),
                              eventsEnabled=True)

    def _read(self) -> None:
        buffer = b""
        with os.fdopen(self._answers, "rb", buffering=0) as stream:
            while chunk := stream.read(1 << 16):
                buffer += chunk
                *messages, buffer = buffer.split(b"\0")
                for raw in messages:
                    self._dispatch(json.loads(raw))

    def _dispatch(self, message: dict) -> None:
        if "id" in message:
            self._answered[message["id"]].put(message)
            return
        method, params = message.get("method"), message.get("params", {})
        if method == "Runtime.exceptionThrown":
            details = params["exceptionDetails"]
            self.errors.append(details.get("exception", {}).get("description") or details.get("text", ""))
        elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
            self.errors.append(params["entry"]["text"])
        elif method == "Runtime.consoleAPICalled" and params["type"] == "error":
            self.errors.append(" ".join(str(a.get("value", a.get("description"))) for a in params["args"]))
        self.events.put(message)

    def _send(self, method: str, params: dict, session: str | None, timeout: float) -> dict:
        self._next += 1
        number = self._next
        answers = self._answered[number] = queue.Queue()
        message = {"id": number, "method": method, "params": params} | ({"sessionId": session} if session else {})
        os.write(self._commands, json.dumps(message).encode() + b"\0")
        try:
            answer = answers.get(timeout=timeout)
        except queue.Empty:
            raise BrowserError(f"{method}: no answer in {timeout} s") from None
        finally:
            del self._answered[number]
        if "error" in answer:
            raise BrowserError(f"{method}: {answer['error'].get('message')}")
        return answer.get("result", {})

    def browser_call(self, method: str, timeout: float = 30, **params) -> dict:
        return self._send(method, params, None, timeout)

    def call(self, method: str, timeout: float = 30, **params) -> dict:
        return self._send(method, params, self.session, timeout)

    def wait_for(self, method: str, timeout: float = 30, when=lambda params: True) -> dict:
        deadline = time.monotonic() + timeout
        while (left := deadline - time.monotonic()) > 0:
            try:
                message = self.events.get(timeout=left)
            except queue.Empty:
                break
            if message.get("method") == method and when(message.get("params", {})):
                return message["params"]
        raise BrowserError(f"no {method} in {timeout} s")

    def open(self, url: str) -> None:
        self.call("Page.navigate", url=url)
        self.wait_for("Page.loadEventFired")

    def evaluate(self, expression: str, timeout: float = 30):
        """The value of a JavaScript expression in the page (awaited when it is a promise)."""
        result = self.call("Runtime.evaluate", timeout=timeout, expression=expression, returnByValue=True,
                           awaitPromise=True)
        if "exceptionDetails" in result:
            raise BrowserError(f"{expression[:60]}…: {result['exceptionDetails'].get('exception', {}).get('description')}")
        return result["result"].get("value")

    def wait_until(self, expression: str, timeout: float = 10):
        """The expression's value once it is truthy."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = self.evaluate(expression)
            if value:
                return value
            time.sleep(0.05)
        raise BrowserError(f"not true within {timeout} s: {expression}")

    def click(self, selector: str) -> None:
        """A real mouse click at the middle of the element, as a person makes it."""
        box = self.evaluate(f"""(() => {{ const e = document.querySelector({json.dumps(selector)});
            if (!e) return null; e.scrollIntoView({{block: "center"}}); const r = e.getBoundingClientRect();
            return [r.left + r.width / 2, r.top + r.height / 2]; }})()""")
        if not box:
            raise BrowserError(f"nothing to click: {selector}")
        for kind in ("mousePressed", "mouseReleased"):
            self.call("Input.dispatchMouseEvent", type=kind, x=box[0], y=box[1], button="left", clickCount=1)

    def type_into(self, selector: str, text: str) -> None:
        """Replace the text of a field by typing, as a person does."""
        self.evaluate(f"(() => {{ const e = document.querySelector({json.dumps(selector)}); e.focus(); e.select(); }})()")
        self.call("Input.insertText", text=text)

    def press(self, key: str, code: str, key_code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.call("Input.dispatchKeyEvent", type=kind, key=key, code=code, windowsVirtualKeyCode=key_code,
                      text=key if kind == "keyDown" and len(key) == 1 else "")

    def close(self) -> None:
        try:
            self.browser_call("Browser.close", timeout=5)
        except (BrowserError, OSError):
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        os.close(self._commands)
        shutil.rmtree(self.profile, ignore_errors=True)

    def __enter__(self) -> "Chromium":
        return self

    def __exit__(self, *exc) -> None:
        self.close()
