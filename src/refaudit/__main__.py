"""python -m refaudit."""

from refaudit.cli import main

main()
