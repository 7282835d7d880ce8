"""`python -m grantgrid` runs the command line."""

from grantgrid.cli import main

main()
