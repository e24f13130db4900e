"""The version of rightsrules, in one place that every module can import (the package root
re-exports it; modules inside the package never import the root)."""

__version__ = "0.1.0"
