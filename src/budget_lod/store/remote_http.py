"""HTTP for the remote store: SPARQL 1.1 Protocol POSTs, errors mapped to the store's error types.

Credentials may be written in an endpoint URL (``http://user:password@host:8890/sparql-auth``): they are
taken out of the URL and answered to the server's challenge, HTTP Basic or Digest (Virtuoso's
``/sparql-auth`` asks for Digest). Result caps of real servers are errors, never silent loss: our own
endpoint says ``X-Result-Truncated: true``; Virtuoso says ``X-SPARQL-MaxRows`` when it cut a result at
its ``ResultSetMaxRows``.
"""

from __future__ import annotations

import urllib.error
import urllib.parse
import urllib.request
from typing import Sequence

from budget_lod.errors import StoreError
from budget_lod.store.workers import QueryFailed, QueryTimeout


class Endpoint:
    """One SPARQL endpoint URL (credentials taken out of it) and how to POST to it."""

    def __init__(self, url: str, headers: dict[str, str] | None = None):
        parts = urllib.parse.urlsplit(url)
        self.headers = dict(headers or {})
        if parts.username is not None:
            host = parts.hostname or ""
            netloc = f"{host}:{parts.port}" if parts.port else host
            self.url = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
            passwords = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            passwords.add_password(None, self.url, urllib.parse.unquote(parts.username),
                                   urllib.parse.unquote(parts.password or ""))
            self._opener = urllib.request.build_opener(urllib.request.HTTPDigestAuthHandler(passwords),
                                                       urllib.request.HTTPBasicAuthHandler(passwords))
        else:
            self.url = url
            self._opener = urllib.request.build_opener()

    def __repr__(self) -> str:
        return f"Endpoint({self.url!r})"

    def post(self, fields: Sequence[tuple[str, str]], accept: str, timeout: float) -> bytes:
        """POST ``fields`` as a form; the answer's body. Raises QueryTimeout, QueryFailed or StoreError."""
        data = urllib.parse.urlencode(list(fields)).encode()
        req = urllib.request.Request(self.url, data=data, method="POST", headers={
            **self.headers, "Content-Type": "application/x-www-form-urlencoded", "Accept": accept})
        try:
            with self._opener.open(req, timeout=timeout) as resp:
                if resp.headers.get("X-Result-Truncated") == "true":  # our own endpoint's row cap
                    raise StoreError(f"{self.url}: the server cut the result at {resp.headers.get('X-Result-Limit')} "
                                     "rows/triples; ask for less or raise its limit")
                if resp.headers.get("X-SPARQL-MaxRows"):  # Virtuoso's ResultSetMaxRows
                    raise StoreError(f"{self.url}: the server cut the result at {resp.headers['X-SPARQL-MaxRows']} "
                                     "rows (Virtuoso: raise ResultSetMaxRows in [SPARQL] of virtuoso.ini)")
                return resp.read()
        except urllib.error.HTTPError as err:
            detail = err.read().decode("utf-8", "replace").strip()
            if len(detail) > 2000:
                detail = detail[:2000] + " …"
            if err.code in (503, 504):
                raise QueryTimeout(f"{self.url}: {err.code} {detail}", timeout) from None
            if err.code in (401, 403):
                raise QueryFailed(f"{self.url} answered {err.code} (not allowed; see the server's SPARQL "
                                  f"permissions or put user:password in the URL): {detail}") from None
            raise QueryFailed(f"{self.url} answered {err.code}: {detail}") from None
        except TimeoutError:
            raise QueryTimeout(f"{self.url}: no answer within {timeout:g} s", timeout) from None
        except OSError as exc:
            raise StoreError(f"{self.url}: cannot reach the SPARQL server: {exc}") from None
