"""refaudit: audit the reference lists of articles."""

__version__ = "0.1.0"
