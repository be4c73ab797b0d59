"""Demo data of electronic applications: 粗大ごみ収集の申込 (bulky waste
collection), published, with a branch: residents who bring the items to the
clean centre themselves skip the collection-day page."""

from __future__ import annotations

from typing import Any

from cityhall.core.models import Department, Municipality
from cityhall.eforms.models import Form
from cityhall.eforms.services.forms import (
    form_create,
    form_version_create,
    form_version_publish,
)

SLUG = "sodai-gomi"

DEFINITION: dict[str, Any] = {
    "pages": [
        {
            "id": "applicant",
            "title": "申込者",
            "questions": [
                {"id": "name", "type": "name", "label": "お名前"},
                {
                    "id": "address",
                    "type": "address",
                    "label": "収集場所の住所",
                    "hint": "郵便番号を入力すると住所の一部が入ります。",
                },
                {"id": "phone", "type": "phone", "label": "電話番号"},
            ],
        },
        {
            "id": "method",
            "title": "出し方",
            "questions": [
                {
                    "id": "method",
                    "type": "single_choice",
                    "label": "どのように出しますか",
                    "options": {
                        "choices": [
                            {"value": "collect", "label": "戸別収集を申し込む"},
                            {
                                "value": "bring",
                                "label": "クリーンセンターへ自分で持ち込む",
                            },
                        ]
                    },
                }
            ],
            "branches": [
                {
                    "question": "method",
                    "operator": "equals",
                    "value": "bring",
                    "goto": "items",
                }
            ],
        },
        {
            "id": "collection",
            "title": "収集の希望日",
            "questions": [
                {
                    "id": "date",
                    "type": "date",
                    "label": "希望日",
                    "hint": "収集は平日のみです。例：令和8年1月15日",
                },
                {
                    "id": "place_note",
                    "type": "long_text",
                    "label": "出す場所の目印",
                    "required": False,
                },
            ],
        },
        {
            "id": "items",
            "title": "品目",
            "questions": [
                {
                    "id": "items",
                    "type": "multiple_choice",
                    "label": "出す品目",
                    "options": {
                        "choices": [
                            {"value": "furniture", "label": "家具（たんす・棚など）"},
                            {"value": "bedding", "label": "布団・マットレス"},
                            {"value": "bicycle", "label": "自転車"},
                            {"value": "other", "label": "その他"},
                        ]
                    },
                },
                {
                    "id": "count",
                    "type": "number",
                    "label": "点数",
                    "options": {"min": 1, "max": 10},
                },
                {
                    "id": "consent",
                    "type": "consent",
                    "label": "確認事項",
                    "options": {
                        "statement": (
                            "家電リサイクル法の対象品（テレビ・冷蔵庫・洗濯機・"
                            "エアコン）は出せないことを確認しました。"
                        )
                    },
                },
            ],
        },
    ],
    "confirmation": (
        "生活環境課で内容を確認し、3開庁日以内に収集日と手数料（1点500円）を"
        "メールでお知らせします。"
    ),
    "fee": {"amount": 500, "label": "粗大ごみ処理手数料（1点）"},
}


def demo_seed(*, municipality: Municipality) -> None:
    """The bulky-waste form, published (once: a second seed leaves it alone)."""
    if Form.objects.filter(slug=SLUG).exists():
        return
    department = (
        Department.objects.filter(
            municipality=municipality, code="seikatsu-kankyo"
        ).first()
        or Department.objects.filter(municipality=municipality).first()
    )
    if department is None:
        return
    form = form_create(
        department=department,
        slug=SLUG,
        title="粗大ごみ収集の申込",
        description=(
            "粗大ごみの戸別収集またはクリーンセンターへの持ち込みを申し込めます。"
            "入力の途中で保存され、30日以内なら続きから再開できます。"
        ),
    )
    version = form_version_create(form=form, definition=DEFINITION)
    form_version_publish(version=version)
