"""The committee's rule modules, imported once: each registers its own codes.

`committee.*` in `composition.py`, `meeting.*` in `attendance.py`, `meeting.quorum` and
`decision.quorum` in `quorum.py`, the other `decision.*` in `decisions.py`.
"""

from __future__ import annotations

import grantgrid.committee.attendance
import grantgrid.committee.composition
import grantgrid.committee.decisions
import grantgrid.committee.quorum  # noqa: F401
