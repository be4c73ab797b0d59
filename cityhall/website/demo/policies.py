"""Demo home page, department index and policy pages (Japanese source texts)."""

from __future__ import annotations

from cityhall.website.demo.blocks import bullets, heading, notice, paragraph, table

HOME = {
    "title": "大田原市",
    "slug": "home",
    "lead": "大田原市の公式ウェブサイトです。くらしの手続き、防災、子育て、"
    "健康、観光の情報をお届けします。",
    "department": "seisaku-suishin",
    "body": [
        paragraph(
            "市役所の開庁時間は、平日の午前8時30分から午後5時15分までです。"
            "多くの手続きは、オンラインやコンビニエンスストアでもご利用いただけます。",
        ),
    ],
}

#: (title, section slug, article slug) — article slug None links the section.
QUICK_LINKS = [
    ("住民票の写し", "kurashi", "juminhyo"),
    ("ごみの出し方", "kurashi", "gomi"),
    ("避難所一覧", "bosai", "hinanjo"),
    ("児童手当", "kosodate", "jido-teate"),
    ("マイナンバーカード", "kurashi", "my-number-card"),
    ("国民健康保険", "kenko", "kokumin-kenko-hoken"),
]

DEPARTMENT_INDEX = {
    "slug": "soshiki",
    "title": "組織と連絡先",
    "lead": "市役所の部・課の業務内容と、電話番号・所在地のご案内です。",
    "department": "somu-ka",
}

ACCESSIBILITY = {
    "slug": "accessibility",
    "title": "ウェブアクセシビリティ方針",
    "kind": "accessibility",
    "conformance_target": "JIS X 8341-3:2016 適合レベルAA",
    "department": "joho-seisaku",
    "body": [
        paragraph(
            "大田原市は、高齢の方や障害のある方、外国人の方を含め、"
            "誰もが市のウェブサイトから必要な情報を得て、手続きができるよう、"
            "ウェブアクセシビリティの確保と向上に取り組みます。",
        ),
        heading("対象範囲"),
        paragraph(
            "市の公式ウェブサイト（このサイト）で公開するすべてのページを対象とします。"
            "ただし、外部のサービスを利用して提供しているページは除きます。",
        ),
        heading("目標とする適合レベル"),
        paragraph(
            "日本産業規格 JIS X 8341-3:2016「高齢者・障害者等配慮設計指針－"
            "情報通信における機器，ソフトウェア及びサービス－第3部：ウェブコンテンツ」の"
            "適合レベルAAに準拠することを目標とします。",
        ),
        heading("試験の結果"),
        paragraph(
            "ウェブサイトの代表的なページと無作為に選んだページを対象に、"
            "試験用ソフトウェアによる自動チェックと、キーボード操作や"
            "読み上げソフトを使った目視のチェックを行いました。",
        ),
        table(
            "試験の概要",
            [
                ["項目", "内容"],
                ["対象ページ", "代表ページ15ページ、無作為に選んだページ25ページ"],
                [
                    "確認した環境",
                    "パソコンとスマートフォンの主なブラウザ、読み上げソフト",
                ],
                ["結果", "すべての達成基準を満たしていることを確認しました"],
            ],
        ),
        heading("例外事項"),
        paragraph(
            bullets(
                "過去に作成したPDFファイルの一部は、読み上げに対応していない場合があります。"
                "内容は担当課にお問い合わせいただければ、別の形式でご提供します。",
                "地図の画面は、同じ情報を表や文章でも掲載しています。",
            ),
        ),
        notice(
            "お気づきの点をお知らせください",
            "ページが読みにくい、操作できないなどのお気づきの点は、"
            "情報政策課までお知らせください。",
        ),
    ],
}

PRIVACY = {
    "slug": "privacy",
    "title": "個人情報の取り扱い（プライバシーポリシー）",
    "kind": "privacy",
    "conformance_target": "",
    "department": "somu-ka",
    "body": [
        paragraph(
            "市は、このウェブサイトを通じて皆さんからお預かりする個人情報を、"
            "個人情報の保護に関する法律と市の条例に従って適切に取り扱います。",
        ),
        heading("収集する情報と利用の目的"),
        paragraph(
            "電子申請、施設予約、お問い合わせなどでご入力いただいた氏名、住所、"
            "連絡先などの情報は、その手続きやお問い合わせへの対応のためにのみ利用します。"
            "法令に定めがある場合を除き、本人の同意なく第三者に提供することはありません。",
        ),
        heading("クッキー（Cookie）の利用"),
        paragraph(
            "このサイトでは、ログインの状態と、文字の大きさ・表示色の設定を保存するために"
            "クッキーを使います。広告や利用者の追跡を目的としたクッキーは使いません。",
        ),
        heading("安全管理"),
        paragraph(
            "通信は暗号化しています。お預かりした情報は、アクセスできる職員を限定し、"
            "職員による閲覧や変更の記録を保存して管理します。",
        ),
        heading("開示・訂正の請求"),
        paragraph(
            "ご自身の個人情報の開示、訂正、利用停止を請求できます。"
            "総務課の情報公開窓口にお問い合わせください。",
        ),
    ],
}
