"""rightsrules: explainable advice for engaging tech companies on human rights."""

__version__ = "0.1.0"
