"""Word lists for synthetic data: names, places, outlets and sentence parts in seven languages.

Everything here is fictional filler built from common words and names; no real person or
outlet is meant. Pairs are (native spelling, Latin spelling) where the two differ.
"""

LANGUAGES = ("en", "ru", "uk", "de", "fr", "es", "tr")
# Relative weights of the languages of claims and sources.
LANGUAGE_WEIGHTS = {"en": 40, "ru": 15, "uk": 15, "de": 8, "fr": 8, "es": 7, "tr": 7}

# culture -> countries (ISO 3166-1), top-level domains, name order of outlets.
CULTURES: dict[str, dict] = {
    "en": {"countries": ("GB", "US", "IE"), "tlds": ("co.uk", "com", "ie"), "city_first": True},
    "ru": {"countries": ("RU",), "tlds": ("ru",), "city_first": True},
    "uk": {"countries": ("UA",), "tlds": ("com.ua", "ua"), "city_first": True},
    "de": {"countries": ("DE", "AT", "CH"), "tlds": ("de", "at", "ch"), "city_first": True},
    "fr": {"countries": ("FR", "BE"), "tlds": ("fr", "be"), "city_first": False},
    "es": {
        "countries": ("ES", "MX", "AR"),
        "tlds": ("es", "com.mx", "com.ar"),
        "city_first": False,
    },
    "tr": {"countries": ("TR",), "tlds": ("com.tr",), "city_first": True},
}

# (native, Latin, female)
FIRST_NAMES: dict[str, tuple[tuple[str, str, bool], ...]] = {
    "en": (
        ("James", "James", False), ("Sarah", "Sarah", True), ("Michael", "Michael", False),
        ("Emily", "Emily", True), ("Daniel", "Daniel", False), ("Rachel", "Rachel", True),
    ),
    "ru": (
        ("Дмитрий", "Dmitry", False), ("Мария", "Maria", True), ("Сергей", "Sergei", False),
        ("Анна", "Anna", True), ("Алексей", "Alexei", False), ("Ольга", "Olga", True),
    ),
    "uk": (
        ("Олександр", "Oleksandr", False), ("Оксана", "Oksana", True),
        ("Андрій", "Andriy", False), ("Юлія", "Yuliia", True), ("Євген", "Yevhen", False),
        ("Ірина", "Iryna", True),
    ),
    "de": (
        ("Jürgen", "Jurgen", False), ("Anna", "Anna", True), ("Matthias", "Matthias", False),
        ("Sabine", "Sabine", True), ("Jörg", "Jorg", False), ("Katrin", "Katrin", True),
    ),
    "fr": (
        ("François", "Francois", False), ("Hélène", "Helene", True), ("Jérôme", "Jerome", False),
        ("Amélie", "Amelie", True), ("Loïc", "Loic", False), ("Élodie", "Elodie", True),
    ),
    "es": (
        ("José", "Jose", False), ("María", "Maria", True), ("Andrés", "Andres", False),
        ("Lucía", "Lucia", True), ("Íñigo", "Inigo", False), ("Inés", "Ines", True),
    ),
    "tr": (
        ("Mehmet", "Mehmet", False), ("Ayşe", "Ayse", True), ("Hakan", "Hakan", False),
        ("Zeynep", "Zeynep", True), ("Çağrı", "Cagri", False), ("Gülşen", "Gulsen", True),
    ),
}  # fmt: skip

LAST_NAMES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("Carter", "Carter"), ("Bennett", "Bennett"), ("Walsh", "Walsh"),
           ("Hughes", "Hughes"), ("Morgan", "Morgan"), ("O'Neill", "O'Neill")),
    "ru": (("Иванов", "Ivanov"), ("Смирнов", "Smirnov"), ("Кузнецов", "Kuznetsov"),
           ("Соколов", "Sokolov"), ("Лебедев", "Lebedev"), ("Волков", "Volkov")),
    "uk": (("Коваленко", "Kovalenko"), ("Шевченко", "Shevchenko"), ("Бондаренко", "Bondarenko"),
           ("Ткаченко", "Tkachenko"), ("Мельник", "Melnyk"), ("Кравчук", "Kravchuk")),
    "de": (("Müller", "Mueller"), ("Schröder", "Schroeder"), ("Weiß", "Weiss"),
           ("Köhler", "Koehler"), ("Krüger", "Krueger"), ("Hoffmann", "Hoffmann")),
    "fr": (("Dubois", "Dubois"), ("Lefèvre", "Lefevre"), ("Moreau", "Moreau"),
           ("Girard", "Girard"), ("Mercier", "Mercier"), ("Faure", "Faure")),
    "es": (("García", "Garcia"), ("Martínez", "Martinez"), ("Fernández", "Fernandez"),
           ("Núñez", "Nunez"), ("Ibáñez", "Ibanez"), ("Gómez", "Gomez")),
    "tr": (("Yılmaz", "Yilmaz"), ("Şahin", "Sahin"), ("Çelik", "Celik"),
           ("Yıldız", "Yildiz"), ("Aydın", "Aydin"), ("Öztürk", "Ozturk")),
}  # fmt: skip

CITIES: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("London", "London"), ("Manchester", "Manchester"), ("Chicago", "Chicago"),
           ("Boston", "Boston"), ("Dublin", "Dublin"), ("Leeds", "Leeds")),
    "ru": (("Москва", "Moskva"), ("Казань", "Kazan"), ("Самара", "Samara"),
           ("Пермь", "Perm"), ("Тверь", "Tver"), ("Омск", "Omsk")),
    "uk": (("Київ", "Kyiv"), ("Одеса", "Odesa"), ("Харків", "Kharkiv"),
           ("Львів", "Lviv"), ("Дніпро", "Dnipro"), ("Полтава", "Poltava")),
    "de": (("München", "Muenchen"), ("Köln", "Koeln"), ("Düsseldorf", "Duesseldorf"),
           ("Zürich", "Zuerich"), ("Graz", "Graz"), ("Lübeck", "Luebeck")),
    "fr": (("Lyon", "Lyon"), ("Besançon", "Besancon"), ("Liège", "Liege"),
           ("Orléans", "Orleans"), ("Nîmes", "Nimes"), ("Rennes", "Rennes")),
    "es": (("Málaga", "Malaga"), ("Córdoba", "Cordoba"), ("León", "Leon"),
           ("Cádiz", "Cadiz"), ("Mérida", "Merida"), ("Bilbao", "Bilbao")),
    "tr": (("İstanbul", "Istanbul"), ("İzmir", "Izmir"), ("Eskişehir", "Eskisehir"),
           ("Muğla", "Mugla"), ("Çanakkale", "Canakkale"), ("Ağrı", "Agri")),
}  # fmt: skip

OUTLET_NOUNS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (("Herald", "Herald"), ("Courier", "Courier"), ("Chronicle", "Chronicle"),
           ("Observer", "Observer"), ("Gazette", "Gazette"), ("Evening Post", "Evening Post")),
    "ru": (("Сегодня", "Segodnya"), ("24", "24"), ("Экспресс", "Express"),
           ("Новости", "Novosti"), ("Вестник", "Vestnik"), ("Онлайн", "Online")),
    "uk": (("Сьогодні", "Sohodni"), ("Інфо", "Info"), ("Вісник", "Visnyk"),
           ("Новини", "Novyny"), ("Експрес", "Express"), ("Правда", "Pravda")),
    "de": (("Rundschau", "Rundschau"), ("Kurier", "Kurier"), ("Anzeiger", "Anzeiger"),
           ("Tagblatt", "Tagblatt"), ("Nachrichten", "Nachrichten"), ("Zeitung", "Zeitung")),
    "fr": (("Le Courrier de", "Le Courrier de"), ("La Voix de", "La Voix de"),
           ("Le Journal de", "Le Journal de"), ("L'Écho de", "L'Echo de"),
           ("Le Progrès de", "Le Progres de"), ("La Dépêche de", "La Depeche de")),
    "es": (("El Diario de", "El Diario de"), ("La Voz de", "La Voz de"),
           ("Heraldo de", "Heraldo de"), ("El Correo de", "El Correo de"),
           ("Crónica de", "Cronica de"), ("Noticias de", "Noticias de")),
    "tr": (("Haber", "Haber"), ("Gazetesi", "Gazetesi"), ("Postası", "Postasi"),
           ("Gündem", "Gundem"), ("Manşet", "Manset"), ("Ekspres", "Ekspres")),
}  # fmt: skip

# Outlet kinds whose names follow a pattern of their own: "<city> <suffix>".
KIND_SUFFIXES = {
    "wire_agency": ("News Agency", "Press Service", "Wire"),
    "government": ("City Administration", "Regional Council", "Press Office"),
    "organization": ("Institute", "Monitoring Group", "Centre for Policy Studies"),
    "social_platform": ("Live", "Channel", "Feed"),
}

ORGANIZATIONS = (
    "Ministry of Foreign Affairs of Ukraine", "Ministry of Defence of Ukraine",
    "Office of the President of Ukraine", "Министерство иностранных дел России",
    "Министерство обороны России", "Kremlin press service", "Türkiye Dışişleri Bakanlığı",
    "Auswärtiges Amt", "Ministère des Armées", "Ministerio de Asuntos Exteriores",
    "European Commission", "NATO", "United Nations", "International Red Cross",
    "Ukrainian Grain Association", "Naftogaz", "Центральный банк России",
    "Національний банк України", "Bundesnetzagentur", "OSCE Monitoring Mission",
)  # fmt: skip

COLLECTIVES = (
    "Russian media", "Ukrainian military bloggers", "Western officials", "Turkish diplomats",
    "Російські ЗМІ", "Украинские телеграм-каналы", "Westliche Diplomaten",
    "Les chancelleries européennes", "Fuentes diplomáticas", "Kremlin-aligned commentators",
)  # fmt: skip

PERSON_ROLES = (
    "spokesperson", "foreign minister", "defence minister", "deputy head of office",
    "military analyst", "regional governor", "member of parliament", "ambassador",
    "press secretary", "chief negotiator", "economist", "mayor", "journalist",
)  # fmt: skip

ANONYMOUS_PATTERNS = ("{org} source", "A source in the {org}", "Unnamed {org} official")

TOPICS = (
    "Peace negotiations", "Prisoner exchanges", "Ceasefire violations", "Grain exports",
    "Energy infrastructure", "Gas transit", "Sanctions", "Military aid", "Air defence",
    "Drone strikes", "Black Sea shipping", "Nuclear safety", "Refugees", "Humanitarian corridors",
    "War crimes investigations", "Disinformation", "Elections", "Corruption", "Mobilisation",
    "Territorial control", "Reconstruction", "Frozen assets", "Oil price cap", "Inflation",
    "Exchange rates", "Cyber attacks", "Diplomatic visits", "Occupied territories",
    "Children deported", "Missing persons", "Religious freedom", "Media freedom",
    "Border security", "Weapons production", "Arms control", "NATO enlargement",
    "EU accession", "Turkish mediation", "Istanbul talks", "Public opinion",
)  # fmt: skip

# Sentence parts per language: subject, verb (introducing a clause), clause, time or setting.
GRAMMAR: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        "subjects": ("The defence ministry", "Negotiators", "The central bank",
                     "Officials in Kyiv", "The delegation", "Local authorities",
                     "The opposition", "The prosecutor's office", "Military analysts"),
        "verbs": ("said", "denied that", "confirmed that", "claimed that", "warned that",
                  "announced that", "insisted that"),
        "clauses": ("talks would resume next week", "no agreement had been reached",
                    "the ceasefire was violated {n} times overnight",
                    "grain exports rose by {n} percent", "{n} prisoners were exchanged",
                    "the power plant was shelled again", "{n} drones were shot down",
                    "the memorandum had not been signed", "sanctions cost {n} billion dollars",
                    "the convoy reached the city"),
        "times": ("on Monday", "late on Tuesday", "this week", "in a statement",
                  "during a press briefing", "according to state media", "on Telegram"),
    },
    "ru": {
        "subjects": ("Министерство обороны", "Делегация", "Центральный банк", "Кремль",
                     "Источник в правительстве", "Местные власти", "Представитель МИД"),
        "verbs": ("заявил, что", "опроверг, что", "подтвердил, что", "сообщил, что",
                  "предупредил, что"),
        "clauses": ("переговоры возобновятся на следующей неделе",
                    "соглашение пока не достигнуто", "ночью сбито {n} беспилотников",
                    "экспорт зерна вырос на {n} процентов", "обменяли {n} пленных",
                    "меморандум ещё не подписан", "колонна вошла в город"),
        "times": ("в понедельник", "во вторник вечером", "на этой неделе", "в заявлении",
                  "на брифинге", "в Telegram-канале"),
    },
    "uk": {
        "subjects": ("Міністерство оборони", "Делегація", "Національний банк", "Офіс президента",
                     "Джерело в уряді", "Місцева влада", "Речник МЗС"),
        "verbs": ("заявив, що", "заперечив, що", "підтвердив, що", "повідомив, що",
                  "попередив, що"),
        "clauses": ("переговори відновляться наступного тижня", "згоди досі не досягнуто",
                    "вночі збито {n} дронів", "експорт зерна зріс на {n} відсотків",
                    "обміняли {n} полонених", "меморандум ще не підписано",
                    "гуманітарний конвой дістався міста"),
        "times": ("у понеділок", "у вівторок увечері", "цього тижня", "у заяві",
                  "на брифінгу", "у Telegram-каналі"),
    },
    "de": {
        "subjects": ("Das Verteidigungsministerium", "Die Delegation", "Die Zentralbank",
                     "Die Behörden in Kiew", "Die Opposition", "Militärexperten"),
        "verbs": ("erklärte, dass", "bestritt, dass", "bestätigte, dass", "warnte, dass",
                  "teilte mit, dass"),
        "clauses": ("die Gespräche nächste Woche weitergehen", "keine Einigung erzielt wurde",
                    "über Nacht {n} Drohnen abgeschossen wurden",
                    "die Getreideexporte um {n} Prozent gestiegen sind",
                    "{n} Gefangene ausgetauscht wurden", "das Kraftwerk erneut beschossen wurde"),
        "times": ("am Montag", "am späten Dienstag", "in dieser Woche", "in einer Erklärung",
                  "bei einer Pressekonferenz"),
    },
    "fr": {
        "subjects": ("Le ministère de la Défense", "La délégation", "La banque centrale",
                     "Les autorités locales", "L'opposition", "Des analystes militaires"),
        "verbs": ("a déclaré que", "a démenti que", "a confirmé que", "a averti que",
                  "a annoncé que"),
        "clauses": ("les pourparlers reprendraient la semaine prochaine",
                    "aucun accord n'a été trouvé", "{n} drones ont été abattus cette nuit",
                    "les exportations de céréales ont augmenté de {n} %",
                    "{n} prisonniers ont été échangés", "la centrale a de nouveau été visée"),
        "times": ("lundi", "mardi soir", "cette semaine", "dans un communiqué",
                  "lors d'un point presse"),
    },
    "es": {
        "subjects": ("El Ministerio de Defensa", "La delegación", "El banco central",
                     "Las autoridades locales", "La oposición", "Analistas militares"),
        "verbs": ("afirmó que", "negó que", "confirmó que", "advirtió que", "anunció que"),
        "clauses": ("las negociaciones se reanudarán la próxima semana",
                    "no se ha alcanzado ningún acuerdo", "se derribaron {n} drones anoche",
                    "las exportaciones de grano subieron un {n} %",
                    "se intercambiaron {n} prisioneros", "la central volvió a ser atacada"),
        "times": ("el lunes", "el martes por la noche", "esta semana", "en un comunicado",
                  "en rueda de prensa"),
    },
    "tr": {
        "subjects": ("Savunma Bakanlığı", "Heyet", "Merkez Bankası", "Yerel yetkililer",
                     "Muhalefet", "Askeri uzmanlar", "Dışişleri sözcüsü"),
        "verbs": ("açıkladı:", "yalanladı:", "doğruladı:", "uyardı:", "duyurdu:"),
        "clauses": ("görüşmeler gelecek hafta yeniden başlayacak",
                    "henüz bir anlaşmaya varılmadı",
                    "gece boyunca {n} insansız hava aracı düşürüldü",
                    "tahıl ihracatı yüzde {n} arttı", "{n} esir takas edildi",
                    "mutabakat henüz imzalanmadı"),
        "times": ("pazartesi günü", "salı akşamı", "bu hafta", "yazılı açıklamada",
                  "basın toplantısında"),
    },
}  # fmt: skip

TITLE_PREFIXES = ("", "", "", "", "LIVE: ", "Exclusive: ", "Analysis: ", "UPDATE: ")
SLUG_WORDS = (
    "talks", "ceasefire", "grain", "exchange", "drones", "sanctions", "kyiv", "istanbul",
    "memorandum", "convoy", "energy", "statement", "briefing", "report", "analysis", "update",
)  # fmt: skip
PLATFORM_HOSTS = ("t.me", "x.com", "youtube.com", "telegra.ph", "facebook.com")

RATIONALES = {
    "A": "Long record of accurate reporting over {n} years; corrections are prompt and visible.",
    "B": "Usually accurate; {n} minor corrections in the last year, none on core facts.",
    "C": "Mixed record: accurate on routine news; {n} unsupported claims in war coverage.",
    "D": "Frequently repeats unverified official claims; {n} retractions since the war began.",
    "E": "Documented fabrications, {n} of them checked; publishes coordinated messaging.",
    "F": "Too little track record to judge ({n} items reviewed).",
}
RETRACTION_REASONS = (
    "The speaker was misidentified; the statement was made by a deputy.",
    "The quote came from a fabricated screenshot.",
    "The original report was withdrawn by the outlet.",
    "Mistranslation: the statement was conditional in the original language.",
    "Duplicate of an earlier claim with better sourcing.",
)
VERDICT_EXPLANATIONS = (
    "Official data published {n} days later confirm the figure.",
    "Satellite images and two independent witnesses contradict the statement.",
    "The number cited is {n} percent higher than in the ministry's own report.",
    "No public record supports or refutes this; the ministry declined to comment.",
    "Partly accurate: the event happened, but on a smaller scale than claimed.",
    "The quoted document exists, but says the opposite.",
)
EVIDENCE_NOTES = (
    "Wording identical to the wire report.",
    "Same figure, different attribution.",
    "Conflicting casualty count.",
    "Republished without a link to the original.",
    "Checked against the archived copy.",
)
CITATION_NOTES = ("Quoted without attribution.", "Links to the original.", "Machine translation.")
