"""Synthetic benchmark corpus for newsdw: raw news files in the two input formats, at any size.

The text is generated from templates over real names (countries, demonyms, capitals standing for
governments, leaders with titles, organisations with acronyms, news agencies), so the parsers, the
entity extraction, the date handling and the near-duplicate detection all have realistic work to do.

Formats (see ``seeds/`` for the real samples):

* **feed** -- several articles a file, separated by two or three blank lines. Each article: headline;
  optional publication line ("Tuesday, 14 November, 2017 - 07:45"); photo caption line(s) ending
  with an agency credit (" - AFP", " (Reuters)", " (EPA)", "FAYEZ NURELDINE / AFP"), usually
  written twice; a line holding exactly ``TT``; blank; the headline again; blank; the caption(s)
  again; blank; body paragraphs separated by blank lines, sometimes opening with a dateline
  ("RIYADH:"). Quotes are curly or straight, per article.
* **digest** -- one article summary per non-empty line, no headline, 4-8 sentences a line.

Files are named ``{i:06d}_feed.txt`` / ``{i:06d}_digest.txt`` or, for about half of them,
``{i:06d}_{hex}.txt`` where the name does not say the format (newsdw detects it from content).
Every text file ends with a newline.

Determinism: every article is a pure function of ``(seed, kind, index)`` (its own
``random.Random`` seeded with an integer derived from those), every file a pure function of
the arguments; nothing reads the clock, global ``random`` or ``hash()``. Same arguments give
byte-identical files. Only one file is held in memory at a time.

Near-duplicates: with probability ``duplicate_rate`` an article is a light rewrite (a few words
dropped or swapped, sometimes a paragraph or the last sentence dropped) of an earlier article of
the same format, usually in another file. The earlier article is regenerated from its seed, so no
history is kept in memory.

Special files (``bad_files`` of them, cycling through these kinds, scattered among the others):

* ``empty`` -- BAD: 0 bytes.
* ``binary`` -- BAD: random bytes including NUL bytes.
* ``cp1252`` -- BAD as UTF-8: digest lines with "Café", "São Paulo", curly quotes, en dashes, "€"
  encoded as Windows-1252, so the file is not valid UTF-8. Note: every non-ASCII character in it is
  a Latin letter or typographic punctuation, so a lenient reader (newsdw's ``flows.extract`` does
  this) can recover it as cp1252; its lines are counted in ``articles_in_bad_files``.
* ``truncated_feed`` -- BAD (partly): 2-4 complete feed articles, then one cut off right after its
  ``TT`` line (the file ends with "TT\\n"). The complete ones are counted in ``articles_in_bad_files``.
* ``bom_crlf`` -- VALID but unusual: one of the regular files written as UTF-8 with a byte-order mark
  and CRLF line ends. Its articles are good articles (counted in ``n_articles``); it is not listed in
  ``bad_files``. When there are more such slots than regular files, the extra ones are additional
  5-article digest files (then ``n_articles`` exceeds the requested number by 5 each).

Good articles (``n_articles``) are split half feed, half digest (feed gets the odd one), in files of
at most ``articles_per_file`` articles. Sizes: a feed article is about 4,000 bytes, a digest line
about 1,000, so the overall average is about 2,500 bytes an article (1,000,000 articles ~ 2.5 GB).

CLI::

    python -m bench.corpus OUT_DIR --articles N [--seed S] [--per-file K] [--bad-files B]
"""

from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import os
import random
import sys
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# --------------------------------------------------------------------------------------------------
# Vocabulary (bench data only, not project reference data).
# --------------------------------------------------------------------------------------------------

# (name in running text, short form for headlines, demonym, capital, names standing for the
#  government, leaders: (title, full name, surname as used on later mentions, "m"/"f"))
COUNTRIES: tuple[tuple[str, str, str, str, tuple[str, ...], tuple[tuple[str, str, str, str], ...]], ...] = (
    ("Russia", "Russia", "Russian", "Moscow", ("Moscow", "the Kremlin"), (
        ("President", "Vladimir Putin", "Putin", "m"),
        ("Foreign Minister", "Sergei Lavrov", "Lavrov", "m"),
        ("presidential spokesman", "Dmitry Peskov", "Peskov", "m"),
    )),
    ("China", "China", "Chinese", "Beijing", ("Beijing",), (
        ("President", "Xi Jinping", "Xi", "m"),
        ("Foreign Minister", "Wang Yi", "Wang", "m"),
        ("Premier", "Li Qiang", "Li", "m"),
    )),
    ("the United States", "US", "US", "Washington", ("Washington", "the White House"), (
        ("President", "Donald Trump", "Trump", "m"),
        ("Secretary of State", "Marco Rubio", "Rubio", "m"),
        ("Special Envoy", "Steve Witkoff", "Witkoff", "m"),
        ("Vice President", "JD Vance", "Vance", "m"),
    )),
    ("India", "India", "Indian", "New Delhi", ("New Delhi",), (
        ("Prime Minister", "Narendra Modi", "Modi", "m"),
        ("External Affairs Minister", "Subrahmanyam Jaishankar", "Jaishankar", "m"),
    )),
    ("Iran", "Iran", "Iranian", "Tehran", ("Tehran",), (
        ("President", "Masoud Pezeshkian", "Pezeshkian", "m"),
        ("Foreign Minister", "Abbas Araghchi", "Araghchi", "m"),
    )),
    ("Israel", "Israel", "Israeli", "Jerusalem", ("Israel",), (
        ("Prime Minister", "Benjamin Netanyahu", "Netanyahu", "m"),
        ("Foreign Minister", "Gideon Saar", "Saar", "m"),
    )),
    ("Saudi Arabia", "Saudi", "Saudi", "Riyadh", ("Riyadh",), (
        ("Crown Prince", "Mohammed bin Salman", "Prince Mohammed", "m"),
        ("Foreign Minister", "Prince Faisal bin Farhan", "Prince Faisal", "m"),
    )),
    ("Pakistan", "Pakistan", "Pakistani", "Islamabad", ("Islamabad",), (
        ("Prime Minister", "Shehbaz Sharif", "Sharif", "m"),
        ("Foreign Minister", "Ishaq Dar", "Dar", "m"),
    )),
    ("Turkey", "Turkey", "Turkish", "Ankara", ("Ankara",), (
        ("President", "Recep Tayyip Erdogan", "Erdogan", "m"),
        ("Foreign Minister", "Hakan Fidan", "Fidan", "m"),
    )),
    ("France", "France", "French", "Paris", ("Paris", "the Elysee"), (
        ("President", "Emmanuel Macron", "Macron", "m"),
        ("Foreign Minister", "Jean-Noel Barrot", "Barrot", "m"),
    )),
    ("Germany", "Germany", "German", "Berlin", ("Berlin",), (
        ("Chancellor", "Friedrich Merz", "Merz", "m"),
        ("Foreign Minister", "Johann Wadephul", "Wadephul", "m"),
    )),
    ("the United Kingdom", "UK", "British", "London", ("London", "Downing Street"), (
        ("Prime Minister", "Keir Starmer", "Starmer", "m"),
        ("Foreign Secretary", "Yvette Cooper", "Cooper", "f"),
    )),
    ("Italy", "Italy", "Italian", "Rome", ("Rome",), (
        ("Prime Minister", "Giorgia Meloni", "Meloni", "f"),
        ("Foreign Minister", "Antonio Tajani", "Tajani", "m"),
    )),
    ("Ukraine", "Ukraine", "Ukrainian", "Kyiv", ("Kyiv",), (
        ("President", "Volodymyr Zelensky", "Zelensky", "m"),
        ("Foreign Minister", "Andrii Sybiha", "Sybiha", "m"),
    )),
    ("Japan", "Japan", "Japanese", "Tokyo", ("Tokyo",), (
        ("Prime Minister", "Sanae Takaichi", "Takaichi", "f"),
    )),
    ("South Korea", "South Korea", "South Korean", "Seoul", ("Seoul",), (
        ("President", "Lee Jae Myung", "Lee", "m"),
    )),
    ("North Korea", "North Korea", "North Korean", "Pyongyang", ("Pyongyang",), (
        ("leader", "Kim Jong Un", "Kim", "m"),
    )),
    ("the Philippines", "Philippines", "Philippine", "Manila", ("Manila",), (
        ("President", "Ferdinand Marcos Jr.", "Marcos", "m"),
    )),
    ("Indonesia", "Indonesia", "Indonesian", "Jakarta", ("Jakarta",), (
        ("President", "Prabowo Subianto", "Prabowo", "m"),
    )),
    ("Brazil", "Brazil", "Brazilian", "Brasilia", ("Brasilia",), (
        ("President", "Luiz Inacio Lula da Silva", "Lula", "m"),
    )),
    ("Poland", "Poland", "Polish", "Warsaw", ("Warsaw",), (
        ("President", "Karol Nawrocki", "Nawrocki", "m"),
        ("Prime Minister", "Donald Tusk", "Tusk", "m"),
    )),
    ("Hungary", "Hungary", "Hungarian", "Budapest", ("Budapest",), (
        ("Prime Minister", "Viktor Orban", "Orban", "m"),
    )),
    ("Egypt", "Egypt", "Egyptian", "Cairo", ("Cairo",), (
        ("President", "Abdel Fattah al-Sisi", "Sisi", "m"),
    )),
    ("Qatar", "Qatar", "Qatari", "Doha", ("Doha",), (
        ("Emir", "Sheikh Tamim bin Hamad Al Thani", "Sheikh Tamim", "m"),
    )),
    ("Canada", "Canada", "Canadian", "Ottawa", ("Ottawa",), (
        ("Prime Minister", "Mark Carney", "Carney", "m"),
    )),
    ("Belarus", "Belarus", "Belarusian", "Minsk", ("Minsk",), (
        ("President", "Alexander Lukashenko", "Lukashenko", "m"),
    )),
    ("Kazakhstan", "Kazakhstan", "Kazakh", "Astana", ("Astana",), (
        ("President", "Kassym-Jomart Tokayev", "Tokayev", "m"),
    )),
    ("South Africa", "South Africa", "South African", "Pretoria", ("Pretoria",), (
        ("President", "Cyril Ramaphosa", "Ramaphosa", "m"),
    )),
    ("Mexico", "Mexico", "Mexican", "Mexico City", ("Mexico City",), (
        ("President", "Claudia Sheinbaum", "Sheinbaum", "f"),
    )),
    ("Syria", "Syria", "Syrian", "Damascus", ("Damascus",), (
        ("President", "Ahmed al-Sharaa", "Sharaa", "m"),
    )),
    ("Lebanon", "Lebanon", "Lebanese", "Beirut", ("Beirut",), (
        ("President", "Joseph Aoun", "Aoun", "m"),
    )),
    ("Spain", "Spain", "Spanish", "Madrid", ("Madrid",), (
        ("Prime Minister", "Pedro Sanchez", "Sanchez", "m"),
    )),
    ("Australia", "Australia", "Australian", "Canberra", ("Canberra",), (
        ("Prime Minister", "Anthony Albanese", "Albanese", "m"),
    )),
    ("Malaysia", "Malaysia", "Malaysian", "Kuala Lumpur", ("Kuala Lumpur",), (
        ("Prime Minister", "Anwar Ibrahim", "Anwar", "m"),
    )),
    ("the United Arab Emirates", "UAE", "Emirati", "Abu Dhabi", ("Abu Dhabi",), (
        ("President", "Sheikh Mohamed bin Zayed Al Nahyan", "Sheikh Mohamed", "m"),
    )),
    ("Oman", "Oman", "Omani", "Muscat", ("Muscat",), (
        ("Foreign Minister", "Badr Albusaidi", "Albusaidi", "m"),
    )),
    ("Nigeria", "Nigeria", "Nigerian", "Abuja", ("Abuja",), (
        ("President", "Bola Tinubu", "Tinubu", "m"),
    )),
    ("Ethiopia", "Ethiopia", "Ethiopian", "Addis Ababa", ("Addis Ababa",), (
        ("Prime Minister", "Abiy Ahmed", "Abiy", "m"),
    )),
    ("Armenia", "Armenia", "Armenian", "Yerevan", ("Yerevan",), (
        ("Prime Minister", "Nikol Pashinyan", "Pashinyan", "m"),
    )),
    ("Azerbaijan", "Azerbaijan", "Azerbaijani", "Baku", ("Baku",), (
        ("President", "Ilham Aliyev", "Aliyev", "m"),
    )),
    ("Uzbekistan", "Uzbekistan", "Uzbek", "Tashkent", ("Tashkent",), (
        ("President", "Shavkat Mirziyoyev", "Mirziyoyev", "m"),
    )),
    ("Argentina", "Argentina", "Argentine", "Buenos Aires", ("Buenos Aires",), (
        ("President", "Javier Milei", "Milei", "m"),
    )),
    ("Greece", "Greece", "Greek", "Athens", ("Athens",), (
        ("Prime Minister", "Kyriakos Mitsotakis", "Mitsotakis", "m"),
    )),
    ("Finland", "Finland", "Finnish", "Helsinki", ("Helsinki",), (
        ("President", "Alexander Stubb", "Stubb", "m"),
    )),
)

# (first mention, later mention, headline form)
ORGANIZATIONS: tuple[tuple[str, str, str], ...] = (
    ("the Shanghai Cooperation Organization (SCO)", "the SCO", "SCO"),
    ("the North Atlantic Treaty Organization (NATO)", "NATO", "NATO"),
    ("NATO", "the alliance", "NATO"),
    ("the International Atomic Energy Agency (IAEA)", "the IAEA", "IAEA"),
    ("the Association of Southeast Asian Nations (ASEAN)", "ASEAN", "ASEAN"),
    ("the European Union", "the EU", "EU"),
    ("the Gulf Cooperation Council (GCC)", "the GCC", "GCC"),
    ("the African Union", "the AU", "AU"),
    ("the Collective Security Treaty Organization (CSTO)", "the CSTO", "CSTO"),
    ("the Organization of the Petroleum Exporting Countries (OPEC)", "OPEC", "OPEC"),
    ("the World Trade Organization (WTO)", "the WTO", "WTO"),
    ("the International Monetary Fund (IMF)", "the IMF", "IMF"),
    ("the Organization for Security and Co-operation in Europe (OSCE)", "the OSCE", "OSCE"),
    ("the Arab League", "the Arab League", "Arab League"),
    ("the Group of Seven (G7)", "the G7", "G7"),
    ("the Group of 20 (G20)", "the G20", "G20"),
    ("the BRICS group of emerging economies", "BRICS", "BRICS"),
    ("the UN Security Council", "the Security Council", "UN Security Council"),
    ("the World Health Organization (WHO)", "the WHO", "WHO"),
    ("the Economic Community of West African States (ECOWAS)", "ECOWAS", "ECOWAS"),
    ("the Organisation of Islamic Cooperation (OIC)", "the OIC", "OIC"),
    ("the UN General Assembly", "the General Assembly", "UN General Assembly"),
)

AGENCIES: tuple[str, ...] = (
    "AFP", "Reuters", "The Associated Press", "Xinhua", "TASS", "Anadolu", "Yonhap", "Kyodo",
    "IRNA", "Bloomberg",
)
AGENCIES_LONG: tuple[str, ...] = (
    "the ANSA news agency", "the state news agency IRNA", "the official Saudi Press Agency (SPA)",
    "the state-run Xinhua news agency", "the Interfax news agency", "the RIA Novosti news agency",
    "the Anadolu news agency", "the Yonhap news agency", "Kyodo News",
)
PHOTOGRAPHERS: tuple[str, ...] = (
    "FAYEZ NURELDINE", "LUDOVIC MARIN", "SAUL LOEB", "MANDEL NGAN", "JOHN MACDOUGALL", "ATTA KENARE",
    "AAMIR QURESHI", "PEDRO PARDO", "JUNG YEON-JE", "TED ALJIBE", "ALEXANDER NEMENOV", "MONEY SHARMA",
    "GIUSEPPE CACACE", "PHILIPPE LOPEZ", "KIRILL KUDRYAVTSEV", "JIM WATSON",
)
# (city, country as written in captions)
CITIES: tuple[tuple[str, str], ...] = (
    ("Astana", "Kazakhstan"), ("Geneva", "Switzerland"), ("Doha", "Qatar"), ("Muscat", "Oman"),
    ("Davos", "Switzerland"), ("Brussels", "Belgium"), ("New York", "US"), ("Riyadh", "Saudi Arabia"),
    ("Istanbul", "Turkey"), ("Vienna", "Austria"), ("Jeddah", "Saudi Arabia"), ("Munich", "Germany"),
    ("Paris", "France"), ("Zagreb", "Croatia"), ("Beijing", "China"), ("Moscow", "Russia"),
    ("Tokyo", "Japan"), ("Kuala Lumpur", "Malaysia"), ("Abu Dhabi", "United Arab Emirates"),
    ("Cairo", "Egypt"), ("Washington", "US"), ("Ankara", "Turkey"), ("Tianjin", "China"),
    ("Johannesburg", "South Africa"), ("Rio de Janeiro", "Brazil"), ("Helsinki", "Finland"),
    ("Warsaw", "Poland"), ("Kyiv", "Ukraine"), ("New Delhi", "India"), ("Islamabad", "Pakistan"),
    ("Baku", "Azerbaijan"), ("Addis Ababa", "Ethiopia"), ("Manila", "Philippines"), ("Rome", "Italy"),
    ("London", "Britain"), ("Jerusalem", "Israel"), ("Tehran", "Iran"), ("Seoul", "South Korea"),
)
# (in running text, in a headline)
TOPICS: tuple[tuple[str, str], ...] = (
    ("Iran's nuclear programme", "Nuclear Program"), ("the war in Ukraine", "Ukraine War"),
    ("the South China Sea", "South China Sea"), ("the Gaza ceasefire", "Gaza Ceasefire"),
    ("trade tariffs", "Tariffs"), ("energy security", "Energy Security"),
    ("critical minerals", "Critical Minerals"), ("missile defence", "Missile Defence"),
    ("migration", "Migration"), ("shipping in the Red Sea", "Red Sea Shipping"), ("Taiwan", "Taiwan"),
    ("arms control", "Arms Control"), ("climate finance", "Climate Finance"),
    ("the Black Sea grain corridor", "Grain Corridor"), ("nuclear energy cooperation", "Nuclear Energy"),
    ("cyber security", "Cyber Security"), ("the Arctic", "Arctic"), ("food security", "Food Security"),
    ("border security", "Border Security"), ("debt relief", "Debt Relief"),
    ("the refugee crisis", "Refugee Crisis"), ("sanctions relief", "Sanctions Relief"),
    ("the disputed border", "Border Dispute"), ("war reparations", "Reparations"),
)
# (subject-verb before the object, what follows the object): the object is a country or government
STATE_VERBS: tuple[tuple[str, str], ...] = (
    ("signed a defence pact with", ""), ("signed a mutual defense pact with", ""),
    ("accused", " of destabilising the region"), ("accused", " of violating the ceasefire"),
    ("imposed sanctions on", ""), ("imposed fresh sanctions on", " over its support for armed groups"),
    ("held talks with", ""), ("rejected a proposal from", ""), ("warned", " against any further escalation"),
    ("withdrew troops from", ""), ("expelled diplomats from", ""), ("recalled its ambassador from", ""),
    ("criticised", " over its military drills"), ("condemned", " for its military build-up"),
    ("urged", " to return to the negotiating table"), ("called on", " to show restraint"),
    ("pledged support for", ""), ("signed a trade agreement with", ""),
    ("agreed to deepen security ties with", ""), ("lifted sanctions on", ""),
    ("hosted a delegation from", ""), ("threatened", " with retaliatory tariffs"),
    ("praised", " for its role in the talks"), ("summoned the ambassador of", ""),
    ("struck a deal with", " on energy supplies"), ("suspended cooperation with", ""),
    ("resumed direct flights to", ""), ("pressed", " to release detained nationals"),
    ("rejected", "'s demands"), ("met officials from", ""), ("warned", " of consequences"),
)
# the object is a person
PERSON_VERBS: tuple[tuple[str, str], ...] = (
    ("met", ""), ("held talks with", ""), ("spoke by phone with", ""), ("hosted", ""),
    ("received", " at the presidential palace"), ("criticised", " for his remarks"),
    ("praised", " for his leadership"), ("accused", " of bad faith"), ("warned", " against escalation"),
    ("urged", " to show flexibility"), ("met privately with", ""), ("had a working dinner with", ""),
)
# (headline verb with trailing space, after the object)
HEADLINE_VERBS: tuple[tuple[str, str], ...] = (
    ("Signs Defence Pact With ", ""), ("Accuses ", " of Violating Ceasefire"), ("Imposes Sanctions on ", ""),
    ("Holds Talks With ", ""), ("Rejects Proposal From ", ""), ("Warns ", " Against Escalation"),
    ("Withdraws Troops From ", ""), ("Expels Diplomats From ", ""), ("Urges ", " to Return to Talks"),
    ("Slams ", " Over Military Drills"), ("Seeks Closer Ties With ", ""), ("Threatens ", " With Tariffs"),
    ("Recalls Ambassador From ", ""), ("Lifts Sanctions on ", ""), ("Backs ", " Bid for Council Seat"),
    ("Meets ", " Envoy"), ("Accuses ", " of Meddling"),
)
QUOTES: tuple[str, ...] = (
    "We will defend our interests", "The door to dialogue remains open", "Our position has not changed",
    "This is a historic step for both our nations",
    "We cannot accept any interference in our internal affairs",
    "The multipolar world has become a reality", "Sanctions will not change our course",
    "We are ready to work with all partners who respect international law",
    "There is no military solution to this conflict", "Security in the region is indivisible",
    "We expect concrete steps, not just words", "Nobody wants a new arms race",
    "The agreement opens a new chapter in our relations",
    "We will respond firmly to any provocation", "This is insurmountable from a legal standpoint",
    "Today we sent a clear message", "Our partnership is not directed against any third country",
    "Talks will continue next week", "We have agreed to stay in close contact",
    "Peace is possible, but it requires courage", "The ball is now in their court",
    "We are not going to be intimidated", "We want stability, not confrontation",
    "New centers of power and economic growth are strengthening",
    "Any negotiations must include limiting ballistic missiles",
    "It is of vital importance that we stand on the right side of history",
    "We will not negotiate under pressure", "Our red lines are clear and well known",
    "This visit shows the depth of our friendship", "The use of force is never the answer",
)
REASONS: tuple[str, ...] = (
    "amid regional tensions", "citing security concerns", "after months of negotiations",
    "in a bid to ease tensions", "despite Western sanctions", "following a series of missile tests",
    "amid concerns over US security guarantees", "as fighting intensified along the border",
    "in response to what it called hostile actions", "after talks collapsed last month",
    "ahead of a key summit", "amid a dispute over energy prices", "citing constitutional issues",
    "as part of a broader diplomatic push", "amid growing pressure from allies",
)
EVENTS: tuple[str, ...] = (
    "a military coup last year", "a deadly attack near the border", "weeks of stalled negotiations",
    "a surprise visit by a senior delegation", "the collapse of a ceasefire", "a drone strike on a convoy",
    "a disputed election", "the seizure of an oil tanker", "a cyberattack on government systems",
    "the arrest of two diplomats", "a series of naval incidents", "an exchange of prisoners",
)
TRENDS: tuple[str, ...] = (
    "a spike in extremist attacks", "a sharp rise in energy prices", "growing public frustration",
    "a surge in arms purchases", "record trade volumes", "a wave of refugees",
    "rising debt and a weakening currency", "repeated incursions into its airspace",
)
CONSEQUENCES: tuple[str, ...] = (
    "potentially shifting regional strategic dynamics", "raising questions about the future of the alliance",
    "strengthening their security partnership", "deepening divisions within the bloc",
    "paving the way for further talks", "drawing sharp criticism from opposition parties",
    "adding to pressure on global markets", "marking a historic new phase in bilateral relations",
)
THREATS: tuple[str, ...] = (
    "regional threats from North Korea and China", "rising tensions in the Middle East",
    "Russian aggression in Eastern Europe", "instability in the Sahel", "piracy off the Horn of Africa",
    "an escalating arms race in Asia", "attacks on commercial shipping",
)
VALUES: tuple[str, ...] = (
    "peace and freedom of navigation", "respect for sovereignty and territorial integrity",
    "a rules-based international order", "economic cooperation", "dialogue and diplomacy",
    "non-interference in internal affairs", "regional stability", "the rule of law",
)
COOPERATION: tuple[str, ...] = (
    "semiconductors", "cyber security", "critical minerals", "renewable energy",
    "maritime security", "counterterrorism", "infrastructure", "digital connectivity",
    "defence production", "nuclear energy", "space research", "agriculture",
)
DOMAINS: tuple[str, ...] = ("security", "economic", "energy", "defence", "trade", "diplomatic")
DEALS: tuple[tuple[str, str], ...] = (
    ("a mutual defence pact", "Defence Pact"), ("a free trade agreement", "Trade Deal"),
    ("a strategic partnership agreement", "Strategic Partnership"),
    ("a memorandum of understanding on energy cooperation", "Energy Accord"),
    ("a prisoner exchange deal", "Prisoner Swap"), ("a nuclear cooperation agreement", "Nuclear Deal"),
    ("a maritime security accord", "Maritime Accord"), ("a ceasefire agreement", "Ceasefire Deal"),
    ("a currency swap arrangement", "Currency Swap"), ("a long-term gas supply contract", "Gas Deal"),
)
INITIATIVES: tuple[str, ...] = (
    "Board of Peace", "Coalition of the Willing", "Global Development Initiative", "Belt and Road",
    "Minerals Security Partnership", "Peace Council",
)
LEAD_ACTIONS: tuple[str, ...] = (
    "urged their allies and partners to resist malign external influence",
    "pledged to expand cooperation in energy and defence", "agreed to keep channels of communication open",
    "called for an immediate ceasefire", "vowed to boost bilateral trade",
    "failed to bridge their differences", "signed a raft of agreements",
    "agreed to set up a joint working group",
)
CAPTION_EVENTS: tuple[str, ...] = (
    "a special session of parliament", "an event marking national day", "a campaign rally",
    "the opening of the annual security conference", "a joint session of parliament", "a state banquet",
    "a ceremony at the foreign ministry",
)
VENUES: tuple[str, ...] = (
    "the Elysee Palace", "the Kremlin", "the Great Hall of the People", "the Presidential Palace",
    "Al Yamamah Palace", "the Chancellery", "the Quirinale Palace", "the United Nations headquarters",
    "the Palace of Nations",
)
TALK_KINDS: tuple[str, ...] = ("indirect", "direct", "closed-door", "high-level", "technical", "fresh")
HEADLINE_ADJECTIVES: tuple[str, ...] = ("Anti-West", "Security", "Energy", "Trade", "Strategic")
REGIONS: tuple[str, ...] = (
    "Central Asian", "Gulf", "Asia-Pacific", "European", "African", "Arab", "Black Sea", "Nordic", "Caspian",
)
# (in running text, in a headline)
WHENS: tuple[tuple[str, str], ...] = (
    ("next week", "Next Week"), ("soon", "Soon"), ("later this month", "This Month"),
    ("in the coming days", "in Coming Days"), ("before the end of the year", "by Year-End"),
    ("early next year", "Next Year"),
)
SPEECH_VERBS: tuple[str, ...] = (
    "said", "told reporters", "said in a statement", "wrote on social media", "told the summit",
    "said at a news conference", "told state television",
)
WEEKDAYS: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS: tuple[str, ...] = (
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
)

# --------------------------------------------------------------------------------------------------
# Templates. Fields are filled from one per-article context (see _context).
# --------------------------------------------------------------------------------------------------

HEADLINE_TEMPLATES: tuple[str, ...] = (
    "{la}, {lb} Advance {adj_h} Alliance at {region} Summit",
    "{a_short} {hv}{b_short}{hvx}",
    "{a_poss_h} {la} {hv}{b_short}{hvx}",
    "{la} {hv}{b_short}{hvx}",
    "{la} Expected to Meet {lb} in {city} on {day_name} and Discuss {topic_h}",
    "{a_short} FM Rules Out Joining {lb}{ap}s {osq}{initiative}{csq}",
    "{a_short} Rules Out Joining {org_h}",
    "Top {a_dem} Negotiator Says Talks With {b_short} Could Resume {when_h}",
    "{org_h} Leaders Gather in {city} as {topic_h} Tensions Mount",
    "{a_short}, {b_short} Sign {deal_h}",
    "{b_short} Summons {a_dem} Envoy Over {topic_h}",
    "{a_short} Imposes New Sanctions on {b_dem} Officials",
    "{la} Heads to {city} for Talks on {topic_h}",
    "{a_short} to Withdraw Troops From {b_short} {when_h}",
    "{lb} Accuses {a_short} of Undermining {topic_h} Talks",
    "{org_h} Urges Restraint After {a_short}-{b_short} Border Clash",
    "{a_short} Rejects {b_dem} Proposal on {topic_h}",
    "{la} Warns {org_h} Against Expansion",
    "{a_short} Hosts {b_dem} Delegation Amid {topic_h} Row",
    "{la} Says {osq}No Deal{csq} Without Guarantees on {topic_h}",
    "{a_dem} and {b_dem} Leaders Discuss {topic_h} by Phone",
    "{la} Meets {lb} as {a_short} Seeks Role in {topic_h}",
    "{a_short} Says Ready to Mediate Between {b_short} and {c_short}",
    "{c_short} Watches Closely as {a_short} and {b_short} Deepen Ties",
)
# without the credit; "{cdate}" is ", January 6, 2026" or "" depending on the credit style
CAPTION_TEMPLATES: tuple[str, ...] = (
    "{la_full} delivers a speech during {cap_event} in {city}, {city_country}{cdate}",
    "{la_full} speaks to the press during the {org_h} leaders{ap} meeting, in {city}, {city_country}{cdate}",
    "{la_full} and {lb_full} shake hands before their talks in {city}{cdate}",
    "{la} and {lb} regularly meet under the aegis of {org_full}",
    "{a_dem} and {b_dem} flags are seen ahead of a meeting in {city}, {city_country}{cdate}",
    "{la_full} attends a news conference after talks with {lb_full} in {city}{cdate}",
    "{la_full} arrives for a summit of {org_full} in {city}, {city_country}{cdate}",
    "{la_full} reviews an honour guard upon arrival in {b_capital}{cdate}",
    "{la_full} delivers a press conference upon the signing of {deal} with {B}, at {venue} "
    "in {city}, {city_country}{cdate}",
    "Delegations of {A} and {B} attend talks in {city}{cdate}",
    "{la_full} listens during a joint news conference with {lb_full} in {a_capital}{cdate}",
    "Members of {org_full} pose for a family photo in {city}{cdate}",
)
LEAD_TEMPLATES: tuple[str, ...] = (
    "{la_full} {day} {v1} {B}{v1x}, {reason}, {ag} reported.",
    "The leaders of {A} and {B} {day} {lead_action}, {reason}, at a regional summit in {city}.",
    "{la_full} and {la_his} {b_dem} counterpart {lb_name} were in {city} {day} for a gathering of leaders "
    "from {org_full}, a regional bloc that {a_gov} and {b_gov} see as a counterweight to Western influence.",
    "{la_full} is expected to meet {lb_full} {when} in {b_capital}, where they will discuss {topic}, "
    "{la_poss} office said {day}.",
    "{A_cap} will not take part in {lb_poss} {oq}{initiative}{cq}, {la_full} said {day_name}, citing "
    "{oq}insurmountable{cq} constitutional issues.",
    "{la_full} said {day} {la_he} hoped talks with {B} would resume {when}, while reiterating "
    "{a_gov_poss} red lines and warning against any attack.",
    "{A_cap} {day} {v1} {B}{v1x} as tensions over {topic} escalated, in a move that analysts said "
    "could reshape the balance of power in the region.",
    "Officials from {A} and {B} held {talk_kind} talks in {city} {day}, with both sides saying more "
    "rounds were expected {when}.",
    "{la_full} {day} {pv} {lb_full}{pvx} on the sidelines of a summit of {org_full} in {city}.",
    "{A_cap} {day} {v1} {B}{v1x} after {event}, a step that drew a swift response from {c_gov}.",
)
BODY_TEMPLATES: tuple[str, ...] = (
    "{la} called on the countries to {oq}resist external interference{cq} while {lb} claimed new "
    "centers of political and economic might were on the rise.",
    "In a joint declaration, published by {a_gov}, the group noted {oq}tectonic shifts in global "
    "politics{cq} and called for {org} to play an enhanced role in global and regional security.",
    "{la} also hailed the accession of {A_pos} close ally {C} to {org}, saying the bloc was growing.",
    "{B_cap} joined as a full member last year, despite Western sanctions.",
    "{org_cap} has come to prominence in recent years as {a_gov} and {b_gov} seek a counterweight to "
    "Western influence.",
    "But it is a disparate group with many internal disagreements, including territorial disputes.",
    "{A_pos} relations with {B} have been strained since {event}.",
    "The West is also vying for influence in the strategically important region, rich in oil and gas "
    "and a crucial transport route between Asia and Europe.",
    "Despite the tussle for influence, the common agenda of {org} was on clear display {day}.",
    "In the final declaration, the bloc criticised the {oq}unilateral and unrestricted build-up{cq} of "
    "missile defence systems, a common complaint of both {a_gov} and {b_gov}.",
    "They also called for an {oq}early, complete and sustainable ceasefire{cq} and a negotiated "
    "settlement over {topic}.",
    "{C_pos} foreign ministry {day} announced it would host the next summit of leaders {when}.",
    "{lb} did not attend the meeting, but is expected in {a_capital} {when}, {lb_his} first visit since "
    "{event}.",
    "{A_cap} and {B} are due to hold further talks {when}, officials said.",
    "A regional diplomat briefed by {a_gov} on the talks told {ag2} that {A} insisted on its right to "
    "set its own policy on {topic}.",
    "{a_dem} officials have ruled out putting {topic} up for discussion, and have said {a_gov} wants "
    "recognition of its core interests.",
    "{la} launched the initiative at a forum in {city} in {month}, and some {small_n} countries have "
    "signed its founding charter.",
    "{A_pos} constitution bars the country from joining an organization led by a single foreign leader.",
    "{la} appeared {day_name} to rule that out.",
    "The {b_dem} side has not commented publicly on the proposal.",
    "{A_cap} {v2} {C}{v2x} earlier this year, {reason2}.",
    "The talks come as {B} faces {trend}.",
    "According to {ag}, the two sides discussed {topic2} and {coop} but made no breakthrough.",
    "{b_gov_cap} has repeatedly denied the accusations, calling them {oq}baseless and politically "
    "motivated{cq}.",
    "Analysts said the meeting was aimed at sending a signal to {c_gov} about {topic}.",
    "The meeting lasted about {hours} hours and ended without a joint statement, {ag} reported.",
    "{la} is expected to travel to {city} {when} for a summit of {org2_full}.",
    "{org2_cap} is expected to discuss the issue at its next meeting {when}.",
    "Trade between {A} and {B} reached {money} last year, according to official figures.",
    "{A_cap} has deployed {troops} troops to the region since {event}.",
    "The two countries signed {deal} on {date}, {consequence}.",
    "{la_desc_cap} has made {topic} a priority since taking office.",
    "{lb} told {ag_long} that {b_gov} would {oq}carefully study{cq} the proposal.",
    "The agreement covers {coop}, {coop2} and {coop3}, officials said.",
    "Diplomats said the issue would be raised at {org2} {when}.",
    "{C_cap} has so far stayed out of the dispute, though its officials have urged both sides to "
    "show restraint.",
    "The visit follows {event}, which prompted {a_gov} to review its ties with {b_gov}.",
    "Some {pct} percent of {A_pos} energy imports come from {B}, making the relationship hard to unwind.",
    "Opposition lawmakers in {a_capital} criticised the deal, saying it gave too much away on {topic2}.",
    "{org_cap} said it was monitoring the situation closely and called for de-escalation.",
    "The {a_dem} foreign ministry said the sanctions targeted {small_n} officials and {small_n2} entities.",
    "Officials in {b_capital} said they had not been consulted before the announcement.",
    "{lb} is scheduled to address {org2} {when}.",
    "Both sides agreed to set up a working group on {topic2}, which will meet for the first time {when}.",
    "Markets reacted calmly to the news, with the {b_dem} currency little changed {day}.",
    "{A_cap} has long sought a bigger role in {topic}, and {la} has made several trips to the region.",
    "The row is the latest in a series of disputes between {a_gov} and {b_gov} over {topic2}.",
    "{a_dem} state media described the talks as {oq}constructive and frank{cq}.",
    "The proposal would require approval by {A_pos} parliament, where {la_poss} coalition holds a narrow "
    "majority.",
    "Security was tight in {city} ahead of the meeting, with roads closed around {venue}.",
    "{lb} is due to visit {a_capital} {when} for talks expected to focus on {topic2} and {coop}, according "
    "to a schedule released by {b_gov}.",
    "Earlier {day}, {la} held separate meetings with the leaders of {C} and {B}, {ag} said, without "
    "giving details of what was discussed.",
    "The two leaders last met in {city} in {month}, when they agreed to expand cooperation on {coop2} "
    "and to hold regular consultations on {topic}.",
    "{A_pos} defence ministry said {troops} troops would take part in joint exercises with {B} "
    "{when}, the largest such drills in years.",
    "{c_dem} officials have voiced concern that the rapprochement between {a_gov} and {b_gov} could "
    "upset the balance of power in the region.",
    "Since {event}, {A} has sought to diversify its partnerships, courting investors from {B} and {C} "
    "while keeping its distance from {org}.",
    "A senior {b_dem} official, speaking on condition of anonymity because he was not authorized to "
    "brief the media, said the talks had been {oq}difficult but useful{cq}.",
    "The {a_dem} economy has been hit by {trend}, and officials in {a_capital} are keen to secure new "
    "sources of investment and energy.",
    "Human rights groups urged {la} to raise the cases of detained journalists and activists during "
    "the talks with {lb}.",
    "The summit in {city} was the first since {event}, and diplomats said expectations of a "
    "breakthrough on {topic} were low.",
    "{la} is facing growing pressure at home over {topic2}, with opinion polls showing support for "
    "{la_his} government falling to about {pct} percent.",
    "Under the deal, {A} will supply {B} with {coop} technology and training, while {B} will grant "
    "{a_dem} companies preferential access to its market.",
    "{B_cap} has also been in talks with {C} on {deal}, which {b_gov} says is not aimed at any third "
    "party.",
    "{org_cap} has been criticised by {c_dem} officials as ineffective, but supporters say it offers a "
    "rare forum for dialogue between rivals.",
    "Officials from both sides will meet again {when} in {city} to finalise the details, a spokesperson "
    "for {a_gov} said.",
    "Western diplomats said they would watch closely to see whether {a_gov} follows through on its "
    "commitments on {topic}.",
    "{la} said {A} rules out joining {org2} for now, despite pressure from {b_gov} and some of its "
    "neighbours.",
    "{A_cap} and {B} established diplomatic relations decades ago, but ties have cooled and warmed "
    "repeatedly over {topic2}.",
    "The {b_dem} foreign ministry said in a statement that it {oq}firmly rejects{cq} the accusations "
    "and reserves the right to respond.",
)
QUOTE_TEMPLATES: tuple[str, ...] = (
    "{oq}{q1},{cq} {la} said.",
    "{oq}{q2},{cq} {lb} told reporters in {city}.",
    "{oq}{q1},{cq} {la} said in remarks at the summit.",
    "{oq}{q3},{cq} {la} told {ag}.",
    "{oq}{q2},{cq} {la_he} added.",
    "{oq}{q1}. {q2},{cq} {la} {sv}.",
    "Asked about {topic}, {la} said: {oq}{q3}.{cq}",
    "{oq}{q1},{cq} {a_gov} said in a statement, {ag} reported.",
    "{lb}, speaking alongside {la}, said: {oq}{q2}.{cq}",
    "{oq}{q3},{cq} {lb} {sv}.",
    "{oq}{q2},{cq} {la_poss} office said in a statement.",
    "{oq}{q1},{cq} {la_he} said, the day after meeting {lb} in {city}.",
)
DIGEST_LEADS: tuple[str, ...] = (
    "{a_dem} {la_title} {la_name} and {b_dem} {lb_title} {lb_name} agreed to strengthen {dom} and "
    "{dom2} ties, including cooperation on {coop} with {C}, amid {threat}.",
    "{A_cap} and {B} signed {deal} {reason}, {consequence}.",
    "{la_full} {v1} {B}{v1x}, {reason}, raising questions about {topic}.",
    "{A_cap} has agreed to withdraw its troops from {B}, following the country{ap}s request, marking "
    "the end of a military presence that totaled {troops}.",
    "The leaders of {A}, {B} and {C} have issued a joint statement reaffirming their commitment to "
    "promoting security, democracy and prosperity.",
    "{la_full} announced that the upcoming summit with {B} and {C} will focus on {value}, while also "
    "aiming to strengthen economic ties.",
    "{la_full} said {A} and {B} will deepen {dom} cooperation to counter {c_dem} influence, following "
    "talks in {b_capital}.",
    "{A_cap} and {org_full} have strengthened their {dom} ties at a special summit in {city}, adopting "
    "a joint vision that emphasizes {value}.",
    "{la_poss} visit to {B} highlights ongoing tensions over {topic}, with {A} demanding concessions "
    "and {B} emphasizing historical and legal complexities.",
    "{a_dem} officials warned that {B}{ap}s {oq}unprecedented{cq} cooperation with {C} risks not only its "
    "ties with {A} but also its own interests.",
)
DIGEST_SENTENCES: tuple[str, ...] = (
    "The decision comes after {event} and strained negotiations over {topic}.",
    "The move will significantly impact {a_gov_poss} posture in the region, as {B} has seen {trend}.",
    "Despite the setback, officials in {a_capital} hope to stabilize and deepen the partnership with "
    "{B} in other sectors.",
    "The leaders called for a rules-based order that is free and open, and stressed the importance of "
    "upholding international law.",
    "{la} emphasized the importance of {value}, while {lb} stressed {value2}.",
    "{org_cap} welcomed the agreement, while critics warned it could deepen divisions over {topic2}.",
    "Analysts say the outcome will shape {A_pos} relations with {C} for years to come.",
    "The statement condemned {C_pos} military cooperation with {B} and reiterated support for {value}.",
    "The programs include partnering on {coop}, {coop2} and {coop3}.",
    "The talks also covered {topic2}, with both sides pledging to meet again {when}.",
    "{C_cap} has denied any involvement and stated that the visit had been planned in advance.",
    "The two countries aim to oppose {oq}hegemonism{cq} and bloc confrontation.",
    "However, members of {org} are not in lockstep in their stance toward {C}, with many reluctant to "
    "choose sides.",
    "{A_cap} has been rapidly building up its military and expanding its partnerships to counter "
    "{C_pos} growing assertiveness.",
    "The countries also emphasized economic collaboration, technology security and humanitarian "
    "assistance.",
    "{A_cap} has invested significant resources in {B}, but the move reflects growing dissatisfaction "
    "with the security cooperation.",
    "The nature of the revelations, the depth of ties with each country and the strategic importance "
    "of the partnership likely influenced the response from {a_gov}.",
    "{lb} said {b_gov} would respond {oq}firmly and proportionately{cq} to any further provocation.",
    "Trade between the two countries reached {money} last year, and both sides aim to double it.",
    "The outcome of the investigations will affect the course of {A_pos} relations with both countries.",
    "{la} also discussed {topic2} with {lb} by phone {day}, according to {ag}.",
    "The deal still needs approval from {B_pos} parliament, where opposition parties have criticised it.",
    "Observers note that {A} has become {B_pos} top crude supplier despite Western sanctions.",
    "The expert also suggested resuming the hotline between the coastguards of both countries to "
    "manage disputes effectively.",
    "Bilateral talks were held to enhance {dom} ties, including deals to bolster {c_dem} maritime "
    "capabilities.",
    "{A_cap} also aims to push forward {dom2} cooperation with {org} members.",
    "The strengthening of trade and military ties between {A} and {B} has been evident since {event}.",
    "{org_cap} is expected to take up the issue {when}, diplomats said.",
    "The agreement follows {event}, which had pushed relations to their lowest point in years.",
    "Some {pct} percent of the population supports closer ties with {B}, according to a recent poll.",
    "{la} described the talks as {oq}frank and constructive{cq}, while {lb} said more work was needed.",
    "The announcement drew a sharp reaction from {c_gov}, which accused {a_gov} of {oq}destabilizing "
    "the region{cq}.",
    "Critics argue the arrangement favors {a_gov} and leaves {B} exposed to {trend}.",
    "Both governments said they would set up a joint commission to oversee {coop} projects.",
    "The agreement, which covers {coop}, {coop2} and {coop3}, is expected to be ratified by both "
    "parliaments {when}, although opposition lawmakers in {a_capital} have raised concerns.",
    "{la} and {lb} also discussed {topic2}, agreeing to hold regular consultations and to coordinate "
    "their positions ahead of the next summit of {org}.",
    "The talks in {city} were the first high-level contact between the two countries since {event}, "
    "which had badly strained relations.",
    "Officials in {c_gov} reacted cautiously, saying they would study the details before deciding "
    "whether to join the initiative on {topic}.",
    "The rapprochement comes as {B} faces {trend}, prompting {b_gov} to seek new partners in the "
    "region and beyond.",
    "Critics in {b_capital} warned that the deal could leave the country dependent on {a_gov} for "
    "{coop} and weaken its bargaining position on {topic2}.",
    "The leaders also pledged to expand people-to-people ties by supporting education, culture, health "
    "and research collaborations between {A} and {B}.",
    "{org_cap} has urged both sides to resolve their differences through dialogue, warning that "
    "further escalation could threaten {value}.",
)
# Non-ASCII sentences for the cp1252 bad file: every character is encodable in Windows-1252.
CP1252_SENTENCES: tuple[str, ...] = (
    "Delegates later met at a café in São Paulo, where the mood was described as “cautiously optimistic”.",
    "The next round is planned in Zürich – or possibly in Bogotá – according to officials.",
    "Foreign Minister José Álvarez said the “door remains open” to talks with Brasília.",
    "The envoy, speaking in Malmö, called the proposal “naïve” and “premature”.",
    "A €2.5 billion aid package was announced at the summit in Curaçao.",
    "Officials from Côte d’Ivoire and Reykjavík attended as observers.",
    "The statement was read out by spokeswoman Inés Müller at the Élysée.",
    "Protesters gathered outside the Palácio do Planalto, chanting “no more austerity”.",
)

# Kinds of special files, in the order they cycle.
BAD_KINDS: tuple[str, ...] = ("empty", "binary", "cp1252", "truncated_feed", "bom_crlf")
_GOOD_KINDS = frozenset({"feed", "digest", "bom_crlf"})  # plan kinds whose files hold good articles

# Seed namespaces: every random stream is Random(_key(base, namespace, index)).
_NS_FEED, _NS_DIGEST, _NS_FILE, _NS_BAD = 0, 1, 2, 3
# sentences a feed body / digest line draws (range bounds), tuned for ~4,000 / ~1,000 bytes an article
_FEED_MIN, _FEED_MAX = 19, 31
_DIGEST_MIN, _DIGEST_MAX = 5, 10
_DUP_WINDOW = 5000  # a near-duplicate rewrites one of the previous this-many articles of its format
_FIRST_DAY = date(2017, 1, 1).toordinal()
_LAST_DAY = date(2026, 2, 28).toordinal()


@dataclass
class CorpusManifest:
    """What generate_corpus wrote.

    files: every file written, in name order (bad ones included). n_articles: good articles, i.e. the
    articles in files not listed in bad_files (feed_articles + digest_articles). n_bytes: total size of
    all files. bad_files: the special files that are not clean UTF-8 news (empty, binary, cp1252,
    truncated feed); the BOM/CRLF files are valid and not listed. near_duplicates: good articles that
    are light rewrites of an earlier article. articles_in_bad_files: complete articles inside bad
    files that a lenient reader could still recover (cp1252 lines, complete articles of truncated feeds).
    """

    files: list[Path]
    n_articles: int
    n_bytes: int
    bad_files: list[Path]
    feed_articles: int
    digest_articles: int
    near_duplicates: int = 0
    articles_in_bad_files: int = 0


# --------------------------------------------------------------------------------------------------
# Article generation.
# --------------------------------------------------------------------------------------------------


def _seed_base(seed: int) -> int:
    return int.from_bytes(hashlib.blake2b(str(seed).encode(), digest_size=8).digest(), "big")


def _key(base: int, namespace: int, index: int) -> int:
    return (base << 48) | (namespace << 40) | index


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _poss(name: str, ap: str) -> str:
    return name + ap if name.endswith("s") else name + ap + "s"


def _pick_countries(rng: random.Random) -> tuple:
    n = len(COUNTRIES)
    i = rng.randrange(n)
    j = (i + 1 + rng.randrange(n - 1)) % n
    k = rng.randrange(n)
    while k in (i, j):
        k = rng.randrange(n)
    return COUNTRIES[i], COUNTRIES[j], COUNTRIES[k]


def _format_date(d: date, style: int) -> str:
    if style:
        return f"{d.day:02d} {MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _context(rng: random.Random) -> dict[str, str]:
    """Everything one article talks about: its cast, places, topics, wording and quote style."""
    rnd = rng.random

    def ch(seq):  # rng.choice without its rejection sampling: ~2x faster, uniform enough for text
        return seq[int(rnd() * len(seq))]

    rr = rng.randrange
    a, b, c = _pick_countries(rng)
    curly = rng.random() < 0.5
    oq, cq = ("\u201c", "\u201d") if curly else ('"', '"')
    ap = "\u2019" if curly and rng.random() < 0.5 else "'"
    la_t, la_n, la_s, la_g = ch(a[5])
    lb_t, lb_n, lb_s, lb_g = ch(b[5])
    org = ch(ORGANIZATIONS)
    org2 = ch(ORGANIZATIONS)
    city, city_country = ch(CITIES)
    (topic, topic_h), (topic2, _) = rng.sample(TOPICS, 2)
    (v1, v1x), (v2, v2x) = rng.sample(STATE_VERBS, 2)
    coop, coop2, coop3 = rng.sample(COOPERATION, 3)
    value, value2 = rng.sample(VALUES, 2)
    dom, dom2 = rng.sample(DOMAINS, 2)
    reason, reason2 = rng.sample(REASONS, 2)
    q1, q2, q3 = rng.sample(QUOTES, 3)
    pv, pvx = ch(PERSON_VERBS)
    hv, hvx = ch(HEADLINE_VERBS)
    when, when_h = ch(WHENS)
    deal, deal_h = ch(DEALS)
    d = date.fromordinal(rr(_FIRST_DAY, _LAST_DAY))
    day_name = WEEKDAYS[d.weekday()]
    a_gov = ch(a[4])
    b_gov = ch(b[4])
    la_full = f"{a[2]} {la_t} {la_n}"
    lb_full = f"{b[2]} {lb_t} {lb_n}"
    la_desc = f"the {a[2]} {la_t.lower()}"
    return {
        "A": a[0], "A_cap": _cap(a[0]), "A_pos": _poss(a[0], ap), "a_dem": a[2], "a_gov": a_gov,
        "a_gov_cap": _cap(a_gov), "a_gov_poss": _poss(a_gov, ap), "a_capital": a[3], "a_short": a[1],
        "a_poss_h": _poss(a[1], ap),
        "B": b[0], "B_cap": _cap(b[0]), "B_pos": _poss(b[0], ap), "b_dem": b[2], "b_gov": b_gov,
        "b_gov_cap": _cap(b_gov), "b_capital": b[3], "b_short": b[1],
        "C": c[0], "C_cap": _cap(c[0]), "C_pos": _poss(c[0], ap), "c_dem": c[2], "c_gov": ch(c[4]),
        "c_short": c[1],
        "la_full": la_full, "la_name": la_n, "la": la_s, "la_title": la_t, "la_desc_cap": _cap(la_desc),
        "la_he": "he" if la_g == "m" else "she", "la_his": "his" if la_g == "m" else "her",
        "la_poss": _poss(la_s, ap),
        "lb_full": lb_full, "lb_name": lb_n, "lb": lb_s, "lb_title": lb_t,
        "lb_his": "his" if lb_g == "m" else "her", "lb_poss": _poss(lb_s, ap),
        "org_full": org[0], "org": org[1], "org_cap": _cap(org[1]), "org_h": org[2],
        "org2_full": org2[0], "org2": org2[1], "org2_cap": _cap(org2[0]),
        "ag": ch(AGENCIES), "ag2": ch(AGENCIES), "ag_long": ch(AGENCIES_LONG),
        "city": city, "city_country": city_country, "venue": ch(VENUES),
        "topic": topic, "topic_h": topic_h, "topic2": topic2,
        "day": f"on {day_name}", "day_name": day_name, "when": when, "when_h": when_h,
        "date": _format_date(d, 0), "month": MONTHS[d.month - 1],
        "v1": v1, "v1x": v1x, "v2": v2, "v2x": v2x, "pv": pv, "pvx": pvx, "hv": hv, "hvx": hvx,
        "reason": reason, "reason2": reason2, "event": ch(EVENTS), "trend": ch(TRENDS),
        "consequence": ch(CONSEQUENCES), "threat": ch(THREATS), "value": value, "value2": value2,
        "coop": coop, "coop2": coop2, "coop3": coop3, "dom": dom, "dom2": dom2,
        "deal": deal, "deal_h": deal_h,
        "initiative": ch(INITIATIVES), "adj_h": ch(HEADLINE_ADJECTIVES), "region": ch(REGIONS),
        "lead_action": ch(LEAD_ACTIONS), "cap_event": ch(CAPTION_EVENTS), "talk_kind": ch(TALK_KINDS),
        "q1": q1, "q2": q2, "q3": q3, "sv": ch(SPEECH_VERBS),
        "oq": oq, "cq": cq, "osq": "\u2018" if curly else "'", "csq": "\u2019" if curly else "'", "ap": ap,
        "pct": str(rr(10, 61)), "money": f"${rr(2, 400)} {ch(('million', 'billion'))}",
        "troops": f"more than {rr(2, 40) * 250:,}", "small_n": str(rr(3, 30)), "small_n2": str(rr(2, 15)),
        "hours": ch(("two", "three", "four", "five")),
        "cdate": "", "_ordinal": str(d.toordinal()), "_hour": str(rr(6, 23)), "_minute": str(rr(60)),
    }


def _caption(rng: random.Random, ctx: dict[str, str]) -> str:
    d = date.fromordinal(int(ctx["_ordinal"]) - rng.randrange(3))
    style = rng.randrange(5)
    template = rng.choice(CAPTION_TEMPLATES)
    if style == 0:  # "... alliance - AFP"
        ctx["cdate"] = ", " + _format_date(d, 0) if rng.random() < 0.3 else ""
        return template.format_map(ctx) + " - AFP"
    if style == 1:  # "..., January 6, 2026. (Reuters)"
        ctx["cdate"] = ", " + _format_date(d, 0)
        return template.format_map(ctx) + ". (Reuters)"
    if style == 2:  # "..., 02 February 2026. (EPA)"
        ctx["cdate"] = ", " + _format_date(d, 1)
        return template.format_map(ctx) + ". (EPA)"
    if style == 3:  # "... in Riyadh. FAYEZ NURELDINE / AFP"
        ctx["cdate"] = ", " + _format_date(d, 0) if rng.random() < 0.5 else ""
        return template.format_map(ctx) + ". " + rng.choice(PHOTOGRAPHERS) + " / AFP"
    ctx["cdate"] = ", " + _format_date(d, rng.randrange(2)) if rng.random() < 0.5 else ""
    return template.format_map(ctx) + rng.choice((". (AP)", ". (SPA)", ". (Xinhua)", " - Reuters"))


# A feed article: (headline, publication line or "", caption lines as printed, body paragraphs)
_Feed = tuple[str, str, list[str], list[str]]


def _feed_article(rng: random.Random) -> _Feed:
    ctx = _context(rng)
    fm = str.format_map
    headline = fm(rng.choice(HEADLINE_TEMPLATES), ctx)
    pub = ""
    if rng.random() < 0.3:
        d = date.fromordinal(int(ctx["_ordinal"]))
        pub = (
            f"{WEEKDAYS[d.weekday()]}, {d.day:02d} {MONTHS[d.month - 1]}, {d.year} - "
            f"{int(ctx['_hour']):02d}:{int(ctx['_minute']):02d}"
        )
    caption = _caption(rng, ctx)
    r = rng.random()
    if r < 0.8:
        captions = [caption, caption]
    elif r < 0.9:
        captions = [caption]
    else:
        captions = [caption, _caption(rng, ctx)]
    lead = fm(rng.choice(LEAD_TEMPLATES), ctx)
    if rng.random() < 0.3:
        lead = f"{ctx[rng.choice(('a_capital', 'b_capital', 'city'))].upper()}: {lead}"
    # body sentences and quotes, each template and each quote at most once
    sentences = [fm(t, ctx) for t in rng.sample(BODY_TEMPLATES, rng.randrange(_FEED_MIN, _FEED_MAX))]
    quote_templates = rng.sample(QUOTE_TEMPLATES, rng.randrange(3, 7))
    quote_texts = iter(rng.sample(QUOTES, 2 * len(quote_templates)))
    for template in quote_templates:
        ctx["q1"] = next(quote_texts)
        ctx["q3"] = ctx["q2"] = next(quote_texts)
        sentences.insert(rng.randrange(len(sentences) + 1), "\0" + fm(template, ctx))
    paragraphs = [lead]
    for text in sentences:
        if text[0] == "\0":
            if paragraphs[-1] is not lead and rng.random() < 0.3:
                paragraphs[-1] += " " + text[1:]
            else:
                paragraphs.append(text[1:])
        elif len(paragraphs) > 1 and paragraphs[-1].count(". ") == 0 and rng.random() < 0.35:
            paragraphs[-1] += " " + text
        else:
            paragraphs.append(text)
    return headline, pub, captions, paragraphs


def _digest_article(rng: random.Random) -> str:
    ctx = _context(rng)
    fm = str.format_map
    sentences = [fm(rng.choice(DIGEST_LEADS), ctx)]
    sentences += [fm(t, ctx) for t in rng.sample(DIGEST_SENTENCES, rng.randrange(_DIGEST_MIN, _DIGEST_MAX))]
    return " ".join(sentences)


def _perturb(rng: random.Random, text: str, ops: int) -> str:
    """Drop or swap a few words (never the first or the last two), as a light rewrite does."""
    words = text.split(" ")
    for _ in range(ops):
        if len(words) < 8:
            break
        i = rng.randrange(1, len(words) - 2)
        if rng.random() < 0.6:
            del words[i]
        else:
            words[i], words[i + 1] = words[i + 1], words[i]
    return " ".join(words)


class _Articles:
    """Articles of one format as a pure function of (seed, index), near-duplicates included."""

    def __init__(self, base: int, namespace: int, duplicate_rate: float) -> None:
        self.base = base
        self.namespace = namespace
        self.rate = duplicate_rate
        self.make = _feed_article if namespace == _NS_FEED else _digest_article

    def _rng(self, index: int) -> tuple[random.Random, int | None]:
        """The article's random stream and, if it is a near-duplicate, the index it rewrites."""
        rng = random.Random(_key(self.base, self.namespace, index))
        is_dup = rng.random() < self.rate
        src = index - 1 - rng.randrange(min(index, _DUP_WINDOW)) if index else 0
        return rng, (src if is_dup and index else None)

    def original(self, index: int):
        """The original an article is (or, for a near-duplicate, rewrites); chases chains of rewrites."""
        rng, src = self._rng(index)
        while src is not None:
            rng, src = self._rng(src)
        return self.make(rng)

    def get(self, index: int):
        """(article, True when it is a near-duplicate)."""
        rng, src = self._rng(index)
        if src is None:
            return self.make(rng), False
        source = self.original(src)
        if self.namespace == _NS_FEED:
            return self._rewrite_feed(rng, source), True
        return self._rewrite_digest(rng, source), True

    @staticmethod
    def _rewrite_feed(rng: random.Random, article: _Feed) -> _Feed:
        headline, pub, captions, paragraphs = article
        paragraphs = list(paragraphs)
        if rng.random() < 0.5:
            headline = _perturb(rng, headline, 1)
        if len(paragraphs) > 4 and rng.random() < 0.3:
            del paragraphs[rng.randrange(1, len(paragraphs))]
        for i in rng.sample(range(len(paragraphs)), min(len(paragraphs), rng.randrange(2, 5))):
            paragraphs[i] = _perturb(rng, paragraphs[i], rng.randrange(1, 4))
        return headline, pub, captions, paragraphs

    @staticmethod
    def _rewrite_digest(rng: random.Random, line: str) -> str:
        if rng.random() < 0.3:
            cut = line.rfind(". ")
            if cut > len(line) // 2:
                line = line[: cut + 1]
        return _perturb(rng, line, rng.randrange(2, 6))


def _render_feed(article: _Feed, truncated: bool = False) -> str:
    headline, pub, captions, paragraphs = article
    head = [headline, pub] if pub else [headline]
    lines = [*head, "", *captions, "TT"]
    if truncated:
        return "\n".join(lines)
    lines += ["", headline, "", *captions, ""]
    return "\n".join(lines) + "\n" + "\n\n".join(paragraphs)


def _feed_text(articles: list[_Feed], rng: random.Random, truncate_last: bool = False) -> str:
    parts: list[str] = []
    last = len(articles) - 1
    for i, article in enumerate(articles):
        if i:
            parts.append("\n\n\n\n" if rng.random() < 0.3 else "\n\n\n")
        parts.append(_render_feed(article, truncated=truncate_last and i == last))
    parts.append("\n")
    return "".join(parts)


def _digest_text(lines: list[str], rng: random.Random) -> str:
    parts: list[str] = []
    for line in lines:
        parts.append(line)
        parts.append("\n\n" if rng.random() < 0.02 else "\n")
    return "".join(parts)


# --------------------------------------------------------------------------------------------------
# File plan and writing.
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Plan:
    kind: str  # "feed", "digest", or a BAD_KINDS entry for special files
    first: int = 0  # first article index (regular files) or special-file number
    count: int = 0
    number: int = 0  # regular-file number, seeds the file's own layout choices
    bom_crlf: bool = False


def _chunks(total: int, size: int) -> list[tuple[int, int]]:
    return [(start, min(size, total - start)) for start in range(0, total, size)]


def _plan(n_articles: int, per_file: int, bad_files: int) -> list[_Plan]:
    feeds = _chunks((n_articles + 1) // 2, per_file)
    digests = _chunks(n_articles // 2, per_file)
    regular: list[_Plan] = []
    for i in range(max(len(feeds), len(digests))):
        for kind, chunks in (("feed", feeds), ("digest", digests)):
            if i < len(chunks):
                regular.append(_Plan(kind, chunks[i][0], chunks[i][1], len(regular)))
    kinds = [BAD_KINDS[j % len(BAD_KINDS)] for j in range(bad_files)]
    n_bom = kinds.count("bom_crlf")
    n_flag = min(n_bom, len(regular))
    for k in range(n_flag):
        r = (2 * k + 1) * len(regular) // (2 * n_flag)
        p = regular[r]
        regular[r] = _Plan(p.kind, p.first, p.count, p.number, bom_crlf=True)
    specials = [_Plan(kind, j) for j, kind in enumerate(kinds) if kind != "bom_crlf"]
    specials += [_Plan("bom_crlf", bad_files + j) for j in range(n_bom - n_flag)]
    # scatter the special files among the regular ones
    out: list[_Plan] = []
    slots = [(s + 1) * len(regular) // (len(specials) + 1) for s in range(len(specials))]
    s = 0
    for r, p in enumerate(regular):
        while s < len(specials) and slots[s] <= r:
            out.append(specials[s])
            s += 1
        out.append(p)
    out.extend(specials[s:])
    return out


def _file_name(seed: int, index: int, kind: str) -> str:
    digest = hashlib.blake2b(f"{seed}:{index}".encode(), digest_size=8).digest()
    if kind in ("feed", "digest") and digest[-1] & 1:
        return f"{index:06d}_{kind}.txt"
    return f"{index:06d}_{digest.hex()}.txt"


def _special(plan: _Plan, base: int) -> tuple[bytes, str, int]:
    """(bytes, content kind for the name, complete articles inside) of a special file."""
    rng = random.Random(_key(base, _NS_BAD, plan.first << 8))
    sub = (plan.first << 8) + 1  # article streams of this special file

    def stream() -> random.Random:
        nonlocal sub
        sub += 1
        return random.Random(_key(base, _NS_BAD, sub))

    if plan.kind == "empty":
        return b"", "", 0
    if plan.kind == "binary":
        data = bytearray(rng.randbytes(rng.randrange(2048, 32768)))
        for _ in range(rng.randrange(1, 64)):
            data[rng.randrange(len(data))] = 0
        return bytes(data), "", 0
    if plan.kind == "cp1252":
        lines = []
        for _ in range(rng.randrange(5, 16)):
            words = _digest_article(stream()).split(". ")
            words.insert(rng.randrange(1, len(words)), rng.choice(CP1252_SENTENCES).rstrip("."))
            lines.append(". ".join(words))
        lines.append(" ".join(CP1252_SENTENCES[:3]))  # guarantees non-ASCII bytes
        text = _digest_text(lines, rng)
        return text.encode("cp1252"), "digest", len(lines)
    if plan.kind == "truncated_feed":
        complete = rng.randrange(2, 5)
        articles = [_feed_article(stream()) for _ in range(complete + 1)]
        return _feed_text(articles, rng, truncate_last=True).encode(), "feed", complete
    # extra BOM/CRLF file (more bom_crlf slots than regular files): five good digest lines
    lines = [_digest_article(stream()) for _ in range(5)]
    text = _digest_text(lines, rng)
    return _bom_crlf(text), "digest", 5


def _bom_crlf(text: str) -> bytes:
    """UTF-8 with a byte-order mark and CRLF line ends: unusual but valid."""
    return b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode()


def generate_corpus(
    out_dir: Path,
    n_articles: int,
    seed: int = 0,
    articles_per_file: int = 50,
    bad_files: int = 0,
    duplicate_rate: float = 0.03,
    workers: int = 1,
) -> CorpusManifest:
    """Write a deterministic corpus of `n_articles` good articles into `out_dir`; see the module doc.

    `workers` > 1 writes files in that many processes; the files are the same whatever the number.
    """
    if n_articles < 0 or articles_per_file < 1 or bad_files < 0 or not 0 <= duplicate_rate <= 1:
        raise ValueError(
            "need n_articles >= 0, articles_per_file >= 1, bad_files >= 0 and 0 <= duplicate_rate <= 1"
        )
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [
        (out_dir, seed, duplicate_rate, index, plan)
        for index, plan in enumerate(_plan(n_articles, articles_per_file, bad_files))
    ]
    manifest = CorpusManifest([], 0, 0, [], 0, 0)
    if workers > 1 and len(jobs) > 1:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = list(pool.imap(_write_file, jobs, chunksize=4))
    else:
        results = [_write_file(job) for job in jobs]
    for path, size, kind, good, dups, bad in results:
        manifest.files.append(path)
        manifest.n_bytes += size
        manifest.near_duplicates += dups
        if bad:
            manifest.bad_files.append(path)
            manifest.articles_in_bad_files += good
        else:
            manifest.n_articles += good
            if kind == "feed":
                manifest.feed_articles += good
            else:
                manifest.digest_articles += good
    return manifest


def _write_file(job: tuple[Path, int, float, int, _Plan]) -> tuple[Path, int, str, int, int, bool]:
    """Write one file; (path, bytes, content kind, complete articles, near-duplicates, is bad)."""
    out_dir, seed, duplicate_rate, index, plan = job
    base = _seed_base(seed)
    dups = 0
    if plan.kind in ("feed", "digest"):
        rng = random.Random(_key(base, _NS_FILE, plan.number))
        source = _Articles(base, _NS_FEED if plan.kind == "feed" else _NS_DIGEST, duplicate_rate)
        items = []
        for i in range(plan.first, plan.first + plan.count):
            article, dup = source.get(i)
            items.append(article)
            dups += dup
        text = _feed_text(items, rng) if plan.kind == "feed" else _digest_text(items, rng)
        data = _bom_crlf(text) if plan.bom_crlf else text.encode()
        kind, good = plan.kind, plan.count
    else:
        data, kind, good = _special(plan, base)
    path = out_dir / _file_name(seed, index, kind or plan.kind)
    path.write_bytes(data)
    return path, len(data), kind, good, dups, plan.kind not in _GOOD_KINDS


# --------------------------------------------------------------------------------------------------
# CLI.
# --------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.split("\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--articles", type=int, required=True, help="good articles to write")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--per-file", type=int, default=50, help="articles per file (default 50)")
    parser.add_argument("--bad-files", type=int, default=0, help="special files to add (default 0)")
    parser.add_argument("--duplicate-rate", type=float, default=0.03)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="processes (default: all CPUs)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    m = generate_corpus(
        args.out_dir, args.articles, seed=args.seed, articles_per_file=args.per_file,
        bad_files=args.bad_files, duplicate_rate=args.duplicate_rate, workers=args.workers,
    )
    seconds = time.perf_counter() - started
    print(
        f"files: {len(m.files):,} ({len(m.bad_files):,} bad)\n"
        f"articles: {m.n_articles:,} (feed {m.feed_articles:,}, digest {m.digest_articles:,}, "
        f"near-duplicates {m.near_duplicates:,}; {m.articles_in_bad_files:,} more inside bad files)\n"
        f"size: {m.n_bytes / 1e6:,.1f} MB ({m.n_bytes / max(m.n_articles, 1):,.0f} bytes/article)\n"
        f"seconds: {seconds:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
