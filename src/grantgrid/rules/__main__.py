"""`python -m grantgrid.rules` prints docs/rules.md."""

from grantgrid.rules.catalogue import markdown

print(markdown(), end="")
