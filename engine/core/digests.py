"""SHA-256 and BLAKE2b as hashlib gives them, without loading OpenSSL's library (about 4 ms of
each ``pocapace check``): CPython's own implementations, where this Python has them. The
digests are the same whichever implementation computes them."""

from __future__ import annotations

try:  # CPython 3.11
    from _sha256 import sha256
except ImportError:  # CPython 3.12 on, or another Python
    try:
        from _sha2 import sha256
    except ImportError:
        from hashlib import sha256
try:
    from _blake2 import blake2b
except ImportError:
    from hashlib import blake2b

__all__ = ["blake2b", "sha256"]
