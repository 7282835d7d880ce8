"""`python -m grantgrid.rules` prints docs/rules.md."""

from grantgrid.rules import markdown

print(markdown(), end="")
