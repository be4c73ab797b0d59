"""Demo data set (Ohtawara City). Only ``seed_demo`` and tests import this.

Ohtawara is demo data: nothing outside this package may assume it.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Every demo account shares this password; it is printed by ``make run``.
DEMO_PASSWORD = "cityhall-demo-2026"  # noqa: S105 - demo only, printed on purpose


@dataclass(frozen=True)
class DemoAccount:
    email: str
    label: str
    family_name: str
    given_name: str
    role: str | None  # a core.Role value; None for a resident
    department_code: str | None


def demo_accounts() -> list[DemoAccount]:
    """The demo staff (one per role) and resident accounts."""
    return [
        DemoAccount(
            "admin@demo.cityhall.jp",
            "System administrator (情報政策課)",
            "情報",
            "太郎",
            "system_admin",
            "joho-seisaku",
        ),
        DemoAccount("cio@demo.cityhall.jp", "CIO", "最高", "一郎", "cio", None),
        DemoAccount("ciso@demo.cityhall.jp", "CISO", "安全", "花子", "ciso", None),
        DemoAccount(
            "security@demo.cityhall.jp",
            "Security staff (市民課)",
            "守屋",
            "次郎",
            "security_staff",
            "shimin",
        ),
        DemoAccount(
            "editor@demo.cityhall.jp",
            "Web editor / ITヘルパー (市民課)",
            "編集",
            "三郎",
            "web_editor",
            "shimin",
        ),
        DemoAccount(
            "head@demo.cityhall.jp",
            "Department head / 課長 (市民課)",
            "課長",
            "四郎",
            "department_head",
            "shimin",
        ),
        DemoAccount(
            "staff@demo.cityhall.jp",
            "General staff (市民課)",
            "職員",
            "五郎",
            "general_staff",
            "shimin",
        ),
        DemoAccount(
            "resident@demo.cityhall.jp", "Resident", "大田原", "さくら", None, None
        ),
    ]
