"""`python -m grantgrid` runs the command line, as the `grantgrid` executable does."""

from grantgrid.main import main

main()
