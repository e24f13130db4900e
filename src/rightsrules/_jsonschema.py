"""jsonschema, imported without the IRI grammars of rfc3987-syntax.

Where rfc3987-syntax is installed (JupyterLab brings it in), importing jsonschema builds some
forty parsers from it for the ``iri`` format: about 3 s of CPU before the first rule file can
be checked. rightsrules checks no formats, so jsonschema is imported here as if that package
were absent; it stays importable for everything else. Every module of rightsrules takes
jsonschema from here.
"""

from __future__ import annotations

import sys

__all__ = ["jsonschema"]

_HIDDEN = "rfc3987_syntax"

if "jsonschema" in sys.modules or _HIDDEN in sys.modules:
    import jsonschema as jsonschema
else:
    sys.modules[_HIDDEN] = None  # type: ignore[assignment]  # None makes the import fail
    try:
        import jsonschema as jsonschema
    finally:
        del sys.modules[_HIDDEN]
