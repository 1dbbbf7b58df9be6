"""The words of the synthetic corpus (benchmarks/generate.py): names, outlets, series themes, and topics
with the terms their pieces use, in English, Azerbaijani and Russian.

Each piece has a main topic and one or two others: its tags, and the specific terms its text uses.
Topics are drawn with Zipf-like weights (the first ones are the most written about), and every
sentence may name a place from a long tail of a few thousand, so that queries have realistic
selectivity: a topical phrase matches a few percent of the corpus, a common word much more. The
search benchmark's queries (articles/management/commands/bench_search.py) are written for it.
"""

import itertools

# fmt: off
FIRST_NAMES = [
    "Elnur", "Aysel", "Farid", "Leyla", "Rashad", "Gunel", "Anar", "Nigar", "Tural", "Sevinj", "Anna", "Tigran",
    "Armen", "Lilit", "Giorgi", "Nino", "Dmitri", "Olga", "Sergei", "Maria", "Mehmet", "Ayşe", "Reza", "Maryam",
    "James", "Emily", "Thomas", "Sarah", "Paul", "Claire", "Murad", "Zaur", "Kamala", "Vusal", "Shahin", "Ilham",
]
LAST_NAMES = [
    "Mammadov", "Aliyeva", "Huseynov", "Hasanova", "Guliyev", "Ismayilova", "Abbasov", "Karimova", "Petrosyan",
    "Harutyunyan", "Grigoryan", "Beridze", "Kapanadze", "Ivanov", "Smirnova", "Volkov", "Yılmaz", "Demir",
    "Karimi", "Ahmadi", "Smith", "Walker", "Brown", "Dupont", "Schmidt", "Rossi", "Novak", "Əliyev", "Şirinov",
]
SERIES_THEMES = [
    "The Middle Corridor", "After Karabakh", "Energy Transitions", "The Caspian Question", "Russia's Neighbourhood",
    "Iran and the Caucasus", "Turkey's Eastern Policy", "Peace in the South Caucasus", "Connectivity",
    "Climate and the Caspian", "The Black Sea Region", "Central Asian Crossroads",
]
OUTLETS = [
    ("Eurasia Daily Monitor", "https://jamestown.org/programs/edm/"),
    ("Baku Dialogues", "https://bakudialogues.ada.edu.az/"),
    ("The National Interest", "https://nationalinterest.org/"),
    ("Caspian News", "https://caspiannews.com/"),
    ("Modern Diplomacy", "https://moderndiplomacy.eu/"),
]

TOPIC_TERMS = {
    "Karabakh": [
        "Karabakh", "the Lachin corridor", "Shusha", "Khankendi", "Aghdam", "Fuzuli airport", "returnees",
        "landmine clearance",
    ],
    "Peace process": [
        "the peace treaty", "border delimitation", "normalisation", "the Washington summit",
        "the Alma-Ata declaration", "confidence-building measures",
    ],
    "Energy security": [
        "the Southern Gas Corridor", "the TAP pipeline", "TANAP", "Shah Deniz", "LNG terminals",
        "gas exports to Europe",
    ],
    "Middle Corridor": [
        "the Middle Corridor", "the Trans-Caspian International Transport Route", "the Baku-Tbilisi-Kars railway",
        "the port of Alat", "container traffic", "freight volumes",
    ],
    "Russia": [
        "the Kremlin", "Russian peacekeepers", "the Eurasian Economic Union", "the CSTO", "sanctions evasion",
        "Gazprom",
    ],
    "Iran": [
        "Tehran", "the Aras river", "the North-South Transport Corridor", "the Rasht-Astara railway", "the IRGC",
        "Iranian Azerbaijanis",
    ],
    "Turkey": [
        "Ankara", "the Shusha Declaration", "the Organization of Turkic States", "Turkish contractors", "Kars",
    ],
    "Georgia": [
        "Tbilisi", "Georgian Dream", "the Anaklia port", "EU candidate status", "the foreign agents law",
    ],
    "Armenia": [
        "Yerevan", "Pashinyan", "the Armenian diaspora", "Gyumri", "Syunik",
    ],
    "Zangezur corridor": [
        "the Zangezur corridor", "Nakhchivan", "Meghri", "the rail link to Nakhchivan",
    ],
    "Climate": [
        "COP29", "climate finance", "offshore wind", "the falling Caspian sea level", "water scarcity",
        "the green energy corridor",
    ],
    "European Union": [
        "Brussels", "the EU monitoring mission", "the European Commission", "the Global Gateway",
        "the Eastern Partnership",
    ],
    "Central Asia": [
        "Kazakhstan", "Uzbekistan", "Turkmenistan", "Tashkent", "Ashgabat", "the C5+1 format",
    ],
    "China": [
        "Beijing", "the Belt and Road Initiative", "Chinese investment", "rail freight from China",
    ],
    "United States": [
        "Washington", "the State Department", "Section 907", "Congress",
    ],
    "Economy": [
        "GDP growth", "inflation", "the manat", "the non-oil sector", "foreign direct investment", "SOCAR",
    ],
    "Security": [
        "military drills", "arms purchases", "border guards", "the defence budget", "cybersecurity",
    ],
    "Black Sea": [
        "the Black Sea", "Constanta", "Poti", "the Black Sea electricity cable",
    ],
    "Caspian Sea": [
        "the Caspian Sea", "the Caspian convention", "the Trans-Caspian pipeline", "Turkmen gas",
    ],
    "Ukraine": [
        "the war in Ukraine", "Kyiv", "the grain corridor", "humanitarian aid to Ukraine",
    ],
    "Diplomacy": [
        "the foreign minister", "a state visit", "the strategic partnership", "a memorandum of understanding",
    ],
    "Elections": [
        "the elections", "OSCE observers", "turnout", "the parliamentary campaign",
    ],
    "Israel": [
        "Israel", "defence cooperation with Israel", "drones", "oil supplies to Israel",
    ],
    "Gulf states": [
        "the United Arab Emirates", "Saudi Arabia", "Masdar", "ACWA Power",
    ],
    "Migration": [
        "migrants", "remittances", "labour migration", "Russian relocants",
    ],
    "Media": [
        "disinformation", "propaganda", "journalists", "social media",
    ],
    "Human rights": [
        "political prisoners", "civil society", "NGOs", "freedom of expression",
    ],
    "Religion": [
        "Shia Islam", "secularism", "religious tolerance", "the Armenian Apostolic Church",
    ],
    "India": [
        "New Delhi", "Indian arms deals", "the port of Chabahar",
    ],
    "Pakistan": [
        "Islamabad", "the JF-17", "the trilateral format with Pakistan",
    ],
}
TOPICS = list(TOPIC_TERMS)
ACTORS = [
    "Baku", "Yerevan", "Tbilisi", "Moscow", "Tehran", "Ankara", "Brussels", "Washington", "Beijing", "Astana",
    "the government", "officials", "negotiators", "diplomats", "companies", "investors", "mediators", "analysts",
]
VERBS = [
    "is reassessing", "has strengthened", "continues to question", "quietly supports", "is negotiating over",
    "has expanded", "openly challenges", "is rebuilding", "has underestimated", "is investing in", "depends on",
    "is reconsidering", "has accelerated", "seeks to shape", "increasingly doubts", "has welcomed", "warns about",
]
OBJECTS = [
    "security guarantees", "transit routes", "the balance of power", "regional trade", "military cooperation",
    "the reform agenda", "digital connectivity", "public opinion", "the investment climate", "the region's future",
]
CLAUSES = [
    "after the 2020 war", "since the end of 2023", "amid pressure from abroad", "despite sanctions",
    "while talks continue", "as trade routes shift", "in a changing geopolitical landscape", "for now",
    "according to officials", "as prices fall", "ahead of next year's budget", "as the region watches closely",
]
SYLLABLES = ["qa", "ra", "ba", "zə", "li", "şa", "ki", "də", "la", "go", "ran", "ya", "çay", "kənd", "lı", "ov",
             "sar", "ta", "mur", "xan", "gəl", "bul", "ağ", "dağ", "su", "qış", "ər", "tu", "nar", "in"]
AZ_SUBJECTS = ["Bakı", "İrəvan", "Tbilisi", "Moskva", "Tehran", "Ankara", "Brüssel", "Vaşinqton", "Astana", "Hökumət"]
AZ_OBJECTS = [
    "sülh müqaviləsi", "enerji təhlükəsizliyi", "Orta Dəhliz", "Zəngəzur dəhlizi", "sərhəd delimitasiyası",
    "Qarabağın bərpası", "mina təmizlənməsi", "qaz ixracı", "Xəzər dənizi", "iqlim dəyişikliyi",
    "müharibədən sonrakı dövr", "regional əməkdaşlıq", "Naxçıvan dəmir yolu", "Şuşa bəyannaməsi",
]
AZ_VERBS = [
    "məsələsini müzakirə edir", "layihəsini dəstəkləyir", "prosesini sürətləndirir",
    "siyasətini yenidən nəzərdən keçirir", "təşəbbüsünü irəli sürür", "barədə bəyanat verib",
]
AZ_CLAUSES = [
    "2020-ci il müharibəsindən sonra", "COP29 ərəfəsində", "Avropanın təzyiqi altında",
    "yeni geosiyasi şəraitdə", "danışıqlar davam etdikcə", "ekspertlərin fikrincə",
]
RU_SUBJECTS = ["Москва", "Баку", "Ереван", "Тбилиси", "Анкара", "Тегеран", "Брюссель", "Правительство"]
RU_OBJECTS = [
    "мирный договор", "энергетическую безопасность", "Средний коридор", "транзитные маршруты",
    "делимитацию границы", "санкции", "поставки газа", "военное сотрудничество", "Каспийское море",
]
RU_VERBS = ["обсуждает", "пересматривает", "поддерживает", "критикует", "ускоряет"]
RU_CLAUSES = ["после войны 2020 года", "на фоне санкций", "в новых геополитических условиях", "по мнению экспертов"]
# fmt: on


class Writer:
    """Sentences about a piece's topics, in its language."""

    def __init__(self, rng):
        self.rng = rng
        self.places = list(
            dict.fromkeys(
                "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))).capitalize() for _ in range(4000)
            )
        )
        self.place_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(len(self.places))))

    def sentence(self, language, topics):
        rng = self.rng
        place = rng.choices(self.places, cum_weights=self.place_weights)[0] if rng.random() < 0.35 else ""
        if language == "az":
            text = f"{rng.choice(AZ_SUBJECTS)} {rng.choice(AZ_OBJECTS)} {rng.choice(AZ_VERBS)}"
            text += f", {rng.choice(AZ_CLAUSES)}" + (f" ({place})" if place else "")
        elif language == "ru":
            text = f"{rng.choice(RU_SUBJECTS)} {rng.choice(RU_VERBS)} {rng.choice(RU_OBJECTS)} {rng.choice(RU_CLAUSES)}"
        else:
            topic_terms = [term for topic in topics for term in TOPIC_TERMS[topic]]
            what = rng.choice(topic_terms) if rng.random() < 0.6 else rng.choice(OBJECTS)
            who = rng.choice(topic_terms) if rng.random() < 0.2 else rng.choice(ACTORS)
            text = f"{who} {rng.choice(VERBS)} {what} {rng.choice(CLAUSES)}" + (f" in {place}" if place else "")
        return text[0].upper() + text[1:] + "."

    def paragraph(self, language, topics):
        return " ".join(self.sentence(language, topics) for _ in range(self.rng.randint(3, 6)))
