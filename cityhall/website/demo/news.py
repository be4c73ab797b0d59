# ruff: noqa: E501 - prose data: Japanese/Korean sentences read better unbroken
"""Demo news (新着情報): categories and about fifteen items over recent months.

Dates are relative to the day the demo is seeded so the list always looks
current.
"""

from __future__ import annotations

from cityhall.website.demo.blocks import bullets, heading, notice, paragraph, table

#: slug → {language: name}; "ja" is the source.
CATEGORIES = {
    "oshirase": {
        "ja": "お知らせ",
        "en": "Notices",
        "zh-hans": "通知",
        "ko": "알림",
        "vi": "Thông báo",
        "tl": "Mga abiso",
        "pt-br": "Avisos",
    },
    # Stable slugs of the notice categories (docs/notices.md lists them; mail
    # subscriptions and per-category feeds use them in addresses).
    "bosai": {
        "ja": "防災・緊急",
        "en": "Disaster and emergency",
        "zh-hans": "防灾・紧急",
        "ko": "방재・긴급",
        "vi": "Thiên tai và khẩn cấp",
        "tl": "Sakuna at emergency",
        "pt-br": "Desastres e emergências",
    },
    "bohan": {
        "ja": "防犯",
        "en": "Crime prevention",
        "zh-hans": "防范犯罪",
        "ko": "방범",
        "vi": "Phòng chống tội phạm",
        "tl": "Pag-iwas sa krimen",
        "pt-br": "Prevenção de crimes",
    },
    "kurashi": {
        "ja": "くらし",
        "en": "Daily life",
        "zh-hans": "生活",
        "ko": "생활",
        "vi": "Đời sống",
        "tl": "Pang-araw-araw na buhay",
        "pt-br": "Dia a dia",
    },
    "kenko": {
        "ja": "健康・医療",
        "en": "Health and medical care",
        "zh-hans": "健康・医疗",
        "ko": "건강・의료",
        "vi": "Sức khỏe và y tế",
        "tl": "Kalusugan at medikal",
        "pt-br": "Saúde e atendimento médico",
    },
    "kosodate": {
        "ja": "子育て",
        "en": "Child rearing",
        "zh-hans": "育儿",
        "ko": "육아",
        "vi": "Nuôi dạy con",
        "tl": "Pagpapalaki ng anak",
        "pt-br": "Criação dos filhos",
    },
    "event": {
        "ja": "イベント",
        "en": "Events",
        "zh-hans": "活动",
        "ko": "행사",
        "vi": "Sự kiện",
        "tl": "Mga kaganapan",
        "pt-br": "Eventos",
    },
    "boshu": {
        "ja": "募集",
        "en": "Recruitment",
        "zh-hans": "招募",
        "ko": "모집",
        "vi": "Tuyển dụng",
        "tl": "Pangangalap",
        "pt-br": "Inscrições abertas",
    },
}

NEWS_INDEX = {
    "slug": "news",
    "title": "新着情報",
    "lead": "市からのお知らせ、防災情報、イベント、募集などの新着情報です。",
    "department": "seisaku-suishin",
}

#: Slugs of the items translated into every language (see translations.py).
TRANSLATED_NEWS = ("sogo-bosai-kunren", "madoguchi-nenmatsu", "shinsai-bichiku")

NEWS = [
    {
        "slug": "sogo-bosai-kunren",
        "days_ago": 3,
        "title": "市総合防災訓練を実施します",
        "lead": "大きな地震を想定した総合防災訓練を、市内全域で行います。",
        "categories": ["bosai", "event"],
        "department": "kiki-kanri",
        "body": [
            paragraph(
                "当日の午前9時に、防災行政無線と防災メールで訓練の地震発生をお知らせします。"
                "身の安全を守る行動をとり、地区ごとの一時集合場所へ避難してください。",
            ),
            table(
                "訓練の内容",
                [
                    ["時刻", "内容"],
                    ["9:00", "訓練放送、身の安全を守る行動"],
                    ["9:15", "一時集合場所への避難、安否確認"],
                    ["10:00", "避難所での受付・運営訓練（市総合体育館）"],
                ],
            ),
            notice("雨天の場合", "避難所での訓練のみ行います。"),
        ],
    },
    {
        "slug": "madoguchi-nenmatsu",
        "days_ago": 9,
        "title": "年末年始の窓口業務のお知らせ",
        "lead": "12月29日から1月3日まで、市役所の窓口業務をお休みします。",
        "categories": ["oshirase"],
        "department": "somu-ka",
        "body": [
            paragraph(
                "年末年始の期間中も、死亡届・出生届などの戸籍の届出は、"
                "本庁舎の夜間休日窓口で受け付けます。",
                "コンビニエンスストアでの証明書の交付は、12月29日から1月3日まで停止します。",
            ),
        ],
    },
    {
        "slug": "shinsai-bichiku",
        "days_ago": 16,
        "title": "家庭での備蓄を見直しましょう",
        "lead": "飲料水や食料は、最低3日分、できれば1週間分を備えましょう。",
        "categories": ["bosai"],
        "department": "kiki-kanri",
        "body": [
            paragraph(
                "大きな災害の後は、物流が止まり、しばらく買い物ができなくなることがあります。"
                "ふだん使う食品を少し多めに買い、使った分を買い足す「ローリングストック」が便利です。",
            ),
        ],
    },
    {
        "slug": "influenza-yobo",
        "days_ago": 22,
        "title": "高齢者インフルエンザ予防接種が始まります",
        "lead": "65歳以上の方を対象に、10月1日から接種を受けられます。",
        "categories": ["kenko"],
        "department": "kenko-seisaku",
        "body": [
            paragraph(
                "自己負担は1,500円です。接種を受ける医療機関に事前にご予約ください。",
            ),
        ],
    },
    {
        "slug": "sangyo-matsuri",
        "days_ago": 30,
        "title": "産業文化まつりを開催します",
        "lead": "地元の農産物や特産品の販売、ステージイベントなどを行います。",
        "categories": ["event"],
        "department": "shoko-kanko",
        "body": [
            paragraph(
                "会場周辺は大変混雑します。無料のシャトルバスをご利用ください。",
                bullets("会場：市総合運動公園", "時間：午前9時から午後3時まで"),
            ),
        ],
    },
    {
        "slug": "kaikeinendo-nin-yo",
        "days_ago": 38,
        "title": "会計年度任用職員を募集します",
        "lead": "窓口案内、事務補助、保育士などの職員を募集します。",
        "categories": ["boshu"],
        "department": "somu-ka",
        "body": [
            paragraph(
                "応募を希望する方は、履歴書を総務課へ郵送または持参してください。",
                "書類選考のうえ、面接の日時をお知らせします。",
            ),
        ],
    },
    {
        "slug": "ooame-chui",
        "days_ago": 45,
        "title": "大雨への備えをお願いします",
        "lead": "梅雨や台風の時期は、河川の増水や土砂災害に注意してください。",
        "categories": ["bosai"],
        "department": "kiki-kanri",
        "body": [
            paragraph(
                "ハザードマップで自宅周辺の危険を確認し、避難所と避難の経路を"
                "家族で話し合っておきましょう。",
            ),
            notice(
                "土のうの配布",
                "浸水のおそれがある地区の方に、建設部で土のうを無料で配布しています。",
            ),
        ],
    },
    {
        "slug": "gan-kenshin",
        "days_ago": 52,
        "title": "がん検診の追加日程のお知らせ",
        "lead": "受診できなかった方のために、がん検診の追加日程を設けました。",
        "categories": ["kenko"],
        "department": "kenko-seisaku",
        "body": [
            paragraph(
                "申し込みは健康政策課へ電話でお願いします。定員になりしだい締め切ります。"
            ),
        ],
    },
    {
        "slug": "shimin-comment",
        "days_ago": 60,
        "title": "地域情報化計画（案）への意見を募集します",
        "lead": "次期計画の案について、市民の皆さんのご意見を募集します（パブリックコメント）。",
        "categories": ["boshu", "oshirase"],
        "department": "joho-seisaku",
        "body": [
            paragraph(
                "計画案は、情報政策課、各支所、このウェブサイトでご覧いただけます。",
                "ご意見は、住所と氏名を明記のうえ、郵送、ファクス、電子メールでお寄せください。",
            ),
        ],
    },
    {
        "slug": "ajisai-matsuri",
        "days_ago": 75,
        "title": "あじさいまつりを開催します",
        "lead": "城址公園に咲く約6,000株のあじさいをお楽しみください。",
        "categories": ["event"],
        "department": "shoko-kanko",
        "body": [
            paragraph("期間中は、地元の特産品の販売や、夜間のライトアップを行います。"),
        ],
    },
    {
        "slug": "my-number-kyujitsu",
        "days_ago": 85,
        "title": "マイナンバーカードの休日受け取り窓口を開設します",
        "lead": "平日に来庁できない方のため、日曜日に受け取り窓口を開きます。",
        "categories": ["oshirase"],
        "department": "shimin",
        "body": [
            paragraph("受け取りは事前予約制です。市民課へお電話でご予約ください。"),
        ],
    },
    {
        "slug": "netchusho",
        "days_ago": 96,
        "title": "熱中症に気をつけましょう",
        "lead": "こまめな水分補給と、エアコンの上手な利用を心がけましょう。",
        "categories": ["kenko"],
        "department": "kenko-seisaku",
        "body": [
            paragraph(
                "暑さをしのげる「クーリングシェルター」として、市の公共施設を開放しています。",
            ),
        ],
    },
    {
        "slug": "shobodan-boshu",
        "days_ago": 110,
        "title": "消防団員を募集しています",
        "lead": "地域を守る消防団の一員として活動していただける方を募集します。",
        "categories": ["boshu", "bosai"],
        "department": "kiki-kanri",
        "body": [
            heading("応募できる方"),
            paragraph("市内に住んでいるか、市内に勤めている18歳以上の方です。"),
        ],
    },
    {
        "slug": "zeikin-nofu-app",
        "days_ago": 125,
        "title": "スマートフォン決済アプリで市税を納付できます",
        "lead": "納付書のバーコードを読み取って、24時間いつでも納付できます。",
        "categories": ["oshirase"],
        "department": "zeimu",
        "body": [
            paragraph(
                "利用できるのは、バーコードが印刷された納付書で、1枚30万円以下のものです。",
            ),
        ],
    },
    {
        "slug": "kodomo-shokudo",
        "days_ago": 140,
        "title": "子ども食堂の運営団体を支援します",
        "lead": "地域で子ども食堂を運営する団体に、運営費の一部を補助します。",
        "categories": ["boshu"],
        "department": "kodomo-kofuku",
        "body": [
            paragraph("申請の受け付けは、子ども幸福課で行います。"),
        ],
    },
]
