"""Small hand-written word lists for the attribution extractor (English news reporting).

Everything is lower case. These are general lists of reporting vocabulary (verbs of saying,
nouns that head a speaker phrase, titles, outlet name shapes), not lists tuned to any article.
"""

import re


def word_list(text: str) -> list[str]:
    """Return the words of a space-separated list."""
    return text.split()


# Verbs of saying that may follow or precede a speaker anywhere in a sentence.
SAY_VERBS = word_list(
    "said says say told tells added adds noted notes wrote writes explained explains stated "
    "states argued argues insisted insists warned warns acknowledged acknowledges admitted "
    "admits confirmed confirms announced announces declared declares replied replies "
    "responded responds asked asks claimed claims recalled recalls tweeted tweets suggested "
    "suggests continued continues conceded concedes contended contends countered counters "
    "emphasized emphasizes stressed stresses complained complains predicted predicts observed "
    "observes remarked remarks reported reports testified testifies denied denies maintained "
    "maintains cautioned cautions boasted boasts joked jokes quipped quips posted commented "
    "mentioned recounted lamented alleged alleges estimated estimates concluded concludes "
    "indicated indicates disclosed revealed reveals affirmed asserted asserts charged"
)
# The base forms, after a plural subject or a modal: "critics argue", "would not confirm".
# Not "add": after a modal it adds things ("would add $84 billion", "can add a title").
SAY_BASE_FORMS = word_list(
    "tell note write explain argue insist warn acknowledge admit confirm announce declare "
    "reply respond ask claim recall tweet suggest contend counter emphasize stress complain "
    "predict observe remark report testify deny maintain caution boast mention allege "
    "estimate conclude indicate disclose reveal affirm assert concede"
)
SAY_VERBS = [*SAY_VERBS, *SAY_BASE_FORMS]
# Multi-word verbs of saying.
SAY_PHRASES = (
    "pointed out",
    "points out",
    "was quoted as saying",
    "is quoted as saying",
    "were quoted as saying",
    "went on",
    "goes on",
    *(
        f"{aux} {verb}"
        for aux in ("is", "are", "was", "were")
        for verb in [
            "saying",
            "telling",
            "arguing",
            "claiming",
            "warning",
            "insisting",
            "suggesting",
            "declaring",
            "calling",
            "urging",
            "predicting",
            "promising",
            "vowing",
            "accusing",
            "asking",
        ]
    ),
)
# Verbs that report a stance or act of a speaker: only with the speaker first ("X proposed Y").
ACT_VERBS = word_list(
    "proposed proposes urged urges informed informs pledged pledges vowed vows promised "
    "promises demanded demands accused accuses criticized criticizes praised praises blamed "
    "blames predicted believes believed thinks wants wanted hopes hoped called calls cited "
    "cites"
)
ACT_PHRASES = (
    "declined to",
    "declines to",
    "refused to",
    "refuses to",
    "called for",
    "calls for",
    "called on",
    "calls on",
    "agreed that",
    "claims that",
    "made no mention of",
    "makes no mention of",
)
# Participles that hang a second statement on the sentence's speaker ("..., adding that ...").
PARTICIPLES = word_list(
    "saying adding noting telling arguing explaining insisting warning writing claiming "
    "stressing suggesting declaring acknowledging announcing asking accusing criticizing "
    "tweeting recalling confirming denying admitting replying responding citing stating "
    "asserting contending complaining predicting"
)
# Verbs allowed in the inverted order: '"...," said Smith.'
INVERTED_VERBS = frozenset(
    word_list(
        "said says added adds wrote writes asked asks explained continued noted replied recalled "
        "argued insisted warned declared tweeted told"
    )
)
# Auxiliaries and adverbs that may sit between a speaker and the verb ("has also said").
AUX = word_list(
    "has have had also later then previously once further again often repeatedly recently "
    "earlier reportedly publicly privately separately simply flatly quickly immediately long "
    "subsequently initially first last since even already still just never now only not "
    "would could will can should might may must did does do cannot "
    "wouldn't couldn't won't can't didn't doesn't don't wouldn’t couldn’t won’t can’t didn’t "
    "doesn’t don’t"
)
# A time between a speaker and the verb: "The IMF this week said", "Lee on Tuesday said".
AUX_TIMES = (
    r"(?:(?:this|last|on|late|early)\s+)?(?:week|month|year|morning|afternoon|evening|night|"
    r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)|yesterday|today"
)
# Forms of "be" before a participle of saying: "is also asking", "was already claiming".
BE_FORMS = word_list(
    "is are was were been kept keeps keep began begins started starts continued continues "
    "isn't isn’t wasn't wasn’t aren't aren’t weren't weren’t"
)

PRONOUNS = {"he": "male", "she": "female", "they": "plural"}
# Words that never occur inside a speaker phrase.
NOT_IN_NP = frozenset(
    word_list(
        "is was are were be been being will would can could should may might must do does did not "
        "that which who whom whose what when where why how if there it this these those than then "
        "we i you me him them us our my your because while although though so yet but whether "
        "whatever very too"
    )
)
# Nouns that may head a speaker phrase when it has no proper name.
SPEAKER_NOUNS = frozenset(
    word_list(
        "source official representative spokesman spokeswoman spokesperson spokespeople aide "
        "adviser advisor lawmaker legislator senator congressman congresswoman minister president "
        "director chief head secretary analyst expert critic supporter voter resident witness "
        "people person officer police prosecutor lawyer attorney campaign administration "
        "government ministry department committee report statement poll survey study media press "
        "newspaper agency document memo letter group organization leader member diplomat "
        "researcher scientist economist observer insider staffer manager chairman chairwoman "
        "chair governor mayor candidate nominee judge court party military army strategist "
        "consultant operative activist advocate organizer founder executive ceo owner "
        "investigator inspector auditor commissioner ambassador envoy negotiator general "
        "commander delegation delegate council authority authorities office kremlin spokesmen "
        "insiders sheriff coach professor teacher student doctor physician official's critics "
        "republicans democrats conservatives liberals progressives experts officials sources "
        "analysts aides lawmakers voters residents leaders members protesters demonstrators "
        "worker employee pollster historian author columnist editor reporter correspondent "
        "blogger host commentator network outlet paper magazine complaint lawsuit filing "
        "indictment ruling release website account tweet post video ad advertisement speech "
        "interview announcement text email emails data figures numbers findings research book "
        "article deputy company firm spokespersons staff team lawyers counsel chancellor premier "
        "prosecutors opponent opponents ally allies colleague colleagues someone somebody"
    )
)
# Words that are not part of a name: titles and role words.
TITLE_WORDS = frozenset(
    word_list(
        "mr mrs ms miss dr sen senator rep representative gov governor gen general president vice "
        "prime minister secretary foreign defense defence interior deputy first lady spokesperson "
        "spokesman spokeswoman press chief head director chairman chairwoman speaker leader "
        "majority minority house senate state former acting ambassador judge justice attorney "
        "mayor commissioner sheriff professor prof rev pope king queen prince sir lord kremlin "
        "white candidate presidential republican democratic democrat gop u.s. us american russian "
        "ukrainian turkish british french german chinese israeli iranian european nato un russia "
        "ukraine turkey assistant adviser advisor aide campaign manager lt col sgt capt adm chair "
        "ceo founder executive official sen. rep. gov. gen. mr. mrs. ms. dr. minister's senior "
        "top national security council"
    )
)
# The last word of an organization's name.
ORG_HEADS = frozenset(
    word_list(
        "ministry department office administration committee council agency party kremlin house "
        "government service bureau commission court campaign police army navy company inc corp "
        "corporation university institute foundation association union bank parliament congress "
        "senate assembly cabinet embassy board group network coalition alliance federation center "
        "centre club authority authorities command forces fund organization organisation "
        "presidency duma rada pentagon nato un eu republicans democrats gop fbi cia nsa irs doj "
        "dhs"
    )
)
# Capital cities and countries used for their governments ("Kyiv said").
PLACES = frozenset(
    word_list(
        "kyiv kiev moscow washington beijing london paris berlin ankara brussels tehran jerusalem "
        "damascus tokyo seoul pyongyang delhi minsk warsaw rome madrid ottawa russia ukraine "
        "turkey china iran israel syria america britain france germany japan india europe"
    )
)
MEDIA_HEADS = frozenset(
    word_list("media press newspaper newspapers outlets reports papers networks")
)
OUTLET_NAMES = frozenset(
    word_list(
        "tass ria novosti interfax reuters ap afp bloomberg cnn bbc nbc abc cbs msnbc npr pbs "
        "politico axios fox breitbart upi dpa xinhua kyodo yonhap ukrinform unian rbc kommersant "
        "izvestia vedomosti pravda sputnik rt anadolu aljazeera al jazeera vox slate buzzfeed "
        "huffpost huffington daily beast hill"
    )
)
OUTLET_WORDS = frozenset(
    word_list(
        "news times post journal agency radio tv television press magazine network herald tribune "
        "gazette daily guardian telegraph independent observer examiner chronicle inquirer "
        "reporter wire today weekly review channel"
    )
)
FEMALE_NAMES = frozenset(
    word_list(
        "maria mary hillary nancy elizabeth sarah kamala angela theresa marine ursula anna olga "
        "julia yulia susan jennifer karen michelle melania ivanka carly nikki condoleezza "
        "madeleine samantha liz kate catherine emily jessica rebecca laura linda barbara patricia "
        "margaret lisa amy kirsten dianne tulsi marsha elena irina natalia tatiana svetlana "
        "ekaterina kaja annalena giorgia kristi debbie donna hope kellyanne sheryl"
    )
)
FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "queen", "lady", "congresswoman"}
MALE_TITLES = {"mr", "mr.", "sir", "king", "lord", "congressman", "spokesman", "chairman"}
ANON_DETERMINERS = frozenset(
    word_list("a an another one two three four several some many other unnamed anonymous")
)
ANON_HEADS = frozenset(
    word_list(
        "source sources official officials person people aide aides insider insiders diplomat "
        "diplomats representative representatives someone staffer staffers"
    )
)
# First words of an opening phrase before the subject ("On May 28,", "Asked about it,").
INTRO_WORDS = frozenset(
    word_list(
        "on in at during after before since following earlier later last this meanwhile "
        "however beyond besides but and also speaking asked for with despite amid as when "
        "while yesterday today then still now separately instead by from under over within "
        "without until once yet so an overnight likewise similarly additionally furthermore "
        "indeed ultimately eventually moreover nonetheless nevertheless across throughout "
        "outside inside among unlike along around through monday tuesday wednesday thursday "
        "friday saturday sunday"
    )
)
# Sentence openers that are not part of a speaker ("Meanwhile, ...", "But Smith said").
OPENERS = frozenset(
    word_list(
        "and but so yet then meanwhile however also still now separately instead later earlier "
        "yesterday today moreover indeed thus therefore while although though whereas even just "
        "only"
    )
)
BOILERPLATE = re.compile(
    r"^\s*(?:subscribe\b|sign up\b|follow us\b|read more\b|click here\b|share this\b"
    r"|related:|advertisement\s*$|download (?:our|the) app\b|join (?:us|our)\b"
    r"|copyright\b|all rights reserved\b|©)",
    re.IGNORECASE,
)
ABBREVIATIONS = frozenset(
    word_list(
        "mr mrs ms dr sen rep gov gen lt col sgt capt adm st jr sr prof rev hon pres jan feb mar "
        "apr jun jul aug sep sept oct nov dec no inc corp co ltd vs etc u.s u.k u.n e.g i.e a.m "
        "p.m d.c mt ft fig approx dept est"
    )
)
# Words that may follow a speaker named after its cue ("said Smith on Tuesday").
AFTER_SPEAKER = frozenset(
    word_list(
        "on in at during after before when while as who last this yesterday today earlier "
        "later adding noting"
    )
)
