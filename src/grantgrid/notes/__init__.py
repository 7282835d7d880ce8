"""Several scorers per stage (SPEC-committee §3): a grid stage with `scoring: individual` is
scored by each member in `notes/<stage>/<member>.yaml`; a cell's value is the mean or median
of the counted notes, rounded half-up to 0.01.

- `models`: the notes file's format;
- `rules`: the `notes.*` codes;
- `aggregate`: a cell's statistics, pure functions;
- `load`: the notes files of a call, through the hardened loader;
- `apply`: the run's individual stages scored from them (before status and rank);
- `skeleton`: `grantgrid new --notes STAGE --member ID`.
"""
