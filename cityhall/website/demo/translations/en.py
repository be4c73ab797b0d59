"""English translations of the demo pages published in every language."""

from __future__ import annotations

from cityhall.website.demo.blocks import bullets, heading, notice, paragraph, table

QUICK_LINKS = [
    "Certificate of residence",
    "Sorting and putting out rubbish",
    "Evacuation shelters",
    "Child allowance",
    "My Number Card",
    "National Health Insurance",
]

PAGES: dict[str, dict] = {
    "home": {
        "title": "Ohtawara City",
        "lead": "The official website of Ohtawara City: procedures for daily life, "
        "disaster preparedness, child-raising, health and sightseeing.",
        "body": [
            paragraph(
                "City Hall is open on weekdays from 8:30 to 17:15. Many procedures "
                "can also be completed online or at a convenience store.",
            ),
        ],
    },
    "news": {
        "title": "News",
        "lead": "Notices, disaster information, events and calls for applications "
        "from the city.",
    },
    "bosai": {
        "title": "Disaster prevention and safety",
        "lead": "Evacuation shelters, hazard maps and how to receive disaster "
        "information: be prepared before a disaster strikes.",
    },
    "hinanjo": {
        "title": "Evacuation shelters",
        "lead": "The designated shelters the city opens in a disaster, and what to "
        "keep in mind when you evacuate.",
        "body": [
            notice(
                "Check that a shelter is open",
                "Not every shelter opens at the same time. Which shelters are open is "
                "announced on the top page of this website, by disaster e-mail and by "
                "the outdoor loudspeaker system.",
            ),
            table(
                "Main designated shelters",
                [
                    ["District", "Shelter", "Capacity (approx.)"],
                    ["Ohtawara", "Ohtawara City General Gymnasium", "800"],
                    ["Kaneda", "Kaneda-kita Junior High School gymnasium", "400"],
                    ["Chikasono", "Chikasono Elementary School gymnasium", "300"],
                    ["Nozaki", "Nozaki Junior High School gymnasium", "350"],
                    ["Sakuyama", "Sakuyama Community Hall", "150"],
                    ["Yuzukami", "Yuzukami Elementary School gymnasium", "250"],
                    ["Kurobane", "Kurobane Gymnasium", "500"],
                    ["Kawanishi", "Kawanishi Community Hall", "150"],
                ],
            ),
            heading("What to take with you"),
            paragraph(
                bullets(
                    "Drinking water and food (for at least three days)",
                    "Your regular medicines and medication notebook",
                    "A torch, a portable radio and a power bank",
                    "Masks, towels and a change of clothes",
                ),
            ),
            paragraph(
                "Staying with relatives or friends in a safe place, or moving to the "
                "first floor or higher of your home when it is not at risk of "
                "flooding, also counts as evacuating. Check the risks around your "
                "home on the hazard map.",
            ),
            notice(
                "If you need support",
                "Older people, people with disabilities, pregnant women and families "
                "with small children should start evacuating as soon as the "
                "\u201cevacuation of older people and others\u201d alert is issued. "
                "Some shelters accept pets.",
            ),
        ],
    },
    "accessibility": {
        "title": "Web accessibility policy",
        "conformance_target": "JIS X 8341-3:2016 conformance level AA",
        "body": [
            paragraph(
                "Ohtawara City works to ensure and improve web accessibility so that "
                "everyone, including older people, people with disabilities and "
                "foreign residents, can find the information they need and complete "
                "procedures on the city's website.",
            ),
            heading("Scope"),
            paragraph(
                "All pages published on the city's official website (this site), "
                "except pages provided through external services.",
            ),
            heading("Target conformance level"),
            paragraph(
                "Our target is to conform to level AA of the Japanese Industrial "
                "Standard JIS X 8341-3:2016 (Guidelines for older persons and persons "
                "with disabilities \u2014 Information and communications equipment, "
                "software and services \u2014 Part 3: Web content).",
            ),
            heading("Test results"),
            paragraph(
                "We tested representative pages and randomly selected pages with "
                "automated testing software and by hand, using only the keyboard and "
                "a screen reader.",
            ),
            table(
                "Summary of the test",
                [
                    ["Item", "Details"],
                    ["Pages tested", "15 representative pages, 25 random pages"],
                    [
                        "Environments",
                        "Main desktop and smartphone browsers, screen readers",
                    ],
                    ["Result", "All success criteria were confirmed to be met"],
                ],
            ),
            heading("Exceptions"),
            paragraph(
                bullets(
                    "Some older PDF files may not work with screen readers. The "
                    "responsible division will provide their content in another "
                    "format on request.",
                    "The information shown on maps is also given as tables or text.",
                ),
            ),
            notice(
                "Tell us about problems",
                "If a page is hard to read or to use, please contact the Information "
                "Policy Division.",
            ),
        ],
    },
    "sogo-bosai-kunren": {
        "title": "City-wide disaster drill",
        "lead": "A disaster drill assuming a major earthquake will be held "
        "throughout the city.",
        "body": [
            paragraph(
                "At 9:00 on the day, the outdoor loudspeakers and disaster e-mail will "
                "announce the drill earthquake. Protect yourself, then go to your "
                "district's assembly point.",
            ),
            table(
                "Drill programme",
                [
                    ["Time", "Activity"],
                    ["9:00", "Drill announcement; protect yourself"],
                    ["9:15", "Move to the assembly point; safety check"],
                    ["10:00", "Shelter reception drill (City General Gymnasium)"],
                ],
            ),
            notice("If it rains", "Only the shelter drill will be held."),
        ],
    },
    "madoguchi-nenmatsu": {
        "title": "City Hall counters over the New Year holidays",
        "lead": "City Hall counters are closed from 29 December to 3 January.",
        "body": [
            paragraph(
                "During the holidays, family register notifications such as births "
                "and deaths are still accepted at the night and holiday counter of "
                "the main building.",
                "Certificates cannot be issued at convenience stores from 29 December "
                "to 3 January.",
            ),
        ],
    },
    "shinsai-bichiku": {
        "title": "Review your household emergency supplies",
        "lead": "Keep water and food for at least three days, ideally a week.",
        "body": [
            paragraph(
                "After a major disaster, deliveries may stop and shops may stay closed "
                "for some time. A simple method is \u201crolling stock\u201d: buy a "
                "little more of the food you normally eat and replace what you use.",
            ),
        ],
    },
}
