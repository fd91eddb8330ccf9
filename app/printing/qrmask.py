"""Fast QR mask selection giving exactly qrcode's choice (same penalty rules as qrcode.util.lost_point).

qrcode places the data eight times, once per mask, and scores each in pure-Python loops: about two thirds of a
certificate's render time. Here the data is placed once; each mask is an XOR of row bit-masks over the data
modules, and the penalty is scored on whole rows with regular expressions and integer bit operations.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import qrcode
from qrcode import util
from qrcode.main import copy_2d_array, precomputed_qr_blanks

_RUNS = re.compile(r"0{5,}|1{5,}")
# 1:1:3:1:1 finder-like pattern with four light modules on either side; the lookahead counts overlaps.
_FINDER = re.compile(r"(?=10111010000|00001011101)")


def _line_penalties(lines: Sequence[str]) -> int:
    score = 0
    for line in lines:
        score += sum(len(m) - 2 for m in _RUNS.findall(line))
        score += 40 * len(_FINDER.findall(line))
    return score


def _penalty_of_rows(ints: Sequence[int], n: int) -> int:
    """Penalty of a matrix given as one int per row, bit c = module in column c."""
    rows = [format(x, f"0{n}b")[::-1] for x in ints]
    score = _line_penalties(rows) + _line_penalties(["".join(col) for col in zip(*rows, strict=True)])
    inner = (1 << (n - 1)) - 1
    for a, b in zip(ints, ints[1:], strict=False):
        # 2x2 blocks of one colour: the vertical pairs at c and c+1 agree, and so do a's modules c and c+1.
        same_vertical = ~(a ^ b)
        same_horizontal = ~(a ^ (a >> 1))
        score += 3 * (same_vertical & (same_vertical >> 1) & same_horizontal & inner).bit_count()
    dark = sum(x.bit_count() for x in ints)
    score += 10 * int(abs(dark / (n * n) * 100 - 50) / 5)
    return score


def _row_ints(modules: Sequence[Sequence[bool | None]]) -> list[int]:
    return [sum(1 << c for c, m in enumerate(row) if m) for row in modules]


def penalty(modules: Sequence[Sequence[bool | None]]) -> int:
    """The mask penalty of a module matrix, equal to qrcode.util.lost_point."""
    return _penalty_of_rows(_row_ints(modules), len(modules))


@lru_cache(maxsize=64)
def _mask_rows(pattern: int, n: int) -> tuple[int, ...]:
    func = util.mask_func(pattern)
    return tuple(sum(1 << c for c in range(n) if func(r, c)) for r in range(n))


class FastMaskQRCode(qrcode.QRCode):  # type: ignore[misc]
    """qrcode.QRCode choosing the same mask as the original, several times faster."""

    def best_mask_pattern(self) -> int:
        self.makeImpl(True, 0)
        n = self.modules_count
        masked0 = _row_ints(self.modules)
        # The data modules are those still empty once the fixed patterns and (test) format bits are set.
        self.modules = copy_2d_array(precomputed_qr_blanks[self.version])
        self.setup_type_info(True, 0)
        if self.version >= 7:
            self.setup_type_number(True)
        data = [sum(1 << c for c, m in enumerate(row) if m is None) for row in self.modules]
        mask0 = _mask_rows(0, n)
        best, best_score = 0, -1
        for pattern in range(8):
            mask = _mask_rows(pattern, n)
            rows = [m0 ^ ((a ^ b) & d) for m0, a, b, d in zip(masked0, mask0, mask, data, strict=True)]
            score = _penalty_of_rows(rows, n)
            if best_score < 0 or score < best_score:
                best, best_score = pattern, score
        return best
