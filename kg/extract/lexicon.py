"""Word lists the rules key on. Linguistic knowledge only: nothing here names a particular article."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from kg.model import Channel, EventType

# head nouns of role descriptions ("the Lithuanian president", "the US leader")
ROLE_NOUNS = {
    "president", "leader", "minister", "chancellor", "premier", "king", "queen", "prince", "emir", "sultan",
    "secretary", "spokesman", "spokeswoman", "spokesperson", "ceo", "chairman", "chairwoman", "chair",
    "governor", "mayor", "ambassador", "envoy", "pope", "senator", "head", "chief", "commander", "general",
    "director", "founder", "diplomat", "monarch", "dictator", "prosecutor", "judge", "monsignor", "official",
    "commissioner", "attorney", "sheriff", "officer", "coach",
}
GENERIC_ROLES = {"leader", "head", "chief"}  # match anyone holding an office of that country
# title words that may stand before a name ("US President Joe Biden", "Interior Minister Agnė Bilotaitė")
TITLE_WORDS = ROLE_NOUNS | {
    "prime", "foreign", "defence", "defense", "interior", "finance", "economy", "health", "justice", "deputy",
    "vice", "acting", "former", "state", "crown", "supreme", "attorney", "lord", "sir", "dame", "dr", "dr.",
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "rep", "rep.", "sen", "sen.", "gov", "gov.", "gen", "gen.",
    "sheikh", "archbishop", "bishop", "cardinal", "rabbi", "imam", "captain", "colonel", "lieutenant",
    "sergeant", "officer", "professor", "prof", "prof.", "coach", "manager", "executive", "general",
    "secretary-general", "representative", "congressman", "congresswoman", "first", "lady", "opposition",
}
MALE_TITLES = {"mr", "mr.", "msgr", "msgr.", "monsignor", "sir", "lord", "king", "prince", "father", "fr", "fr.",
               "brother", "sheikh", "emir", "sultan", "pope", "cardinal", "archbishop", "bishop", "rabbi", "imam"}
FEMALE_TITLES = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "dame", "lady", "queen", "princess", "sister", "sr",
                 "sr.", "mother", "spokeswoman", "chairwoman", "congresswoman", "businesswoman"}
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "prof", "prof."}
ORG_WORDS = {
    "ministry", "office", "party", "council", "agency", "inc", "inc.", "corp", "corp.", "corporation", "bank",
    "university", "company", "group", "union", "committee", "commission", "service", "court", "parliament",
    "army", "police", "department", "association", "institute", "foundation", "organization", "organisation",
    "co", "co.", "ltd", "ltd.", "plc", "llc", "government", "assembly", "senate", "congress", "board",
    "authority", "federation", "club", "fc", "school", "college", "hospital", "network", "press", "times",
    "news", "post", "journal", "airlines", "motors", "bureau", "forces", "navy", "guard", "fund", "center",
    "centre", "league", "alliance", "movement", "front", "coalition", "administration", "cabinet", "gazette",
    "herald", "tribune", "telegraph", "chronicle", "observer", "society", "academy", "laboratory", "secretariat",
}
# common nouns that describe the organisation named next to them ("aircraft maker Boeing", "German airline Lufthansa")
COMPANY_NOUNS = {
    "company", "firm", "maker", "manufacturer", "carrier", "airline", "automaker", "carmaker", "bank", "retailer",
    "giant", "producer", "supplier", "operator", "insurer", "conglomerate", "chain", "startup", "broadcaster",
    "newspaper", "lender", "exchange", "brand", "developer", "publisher", "outlet", "band", "club", "team",
}
PLACE_WORDS = {"street", "square", "river", "mountain", "mount", "lake", "island", "islands", "bay", "sea",
               "ocean", "province", "county", "state", "region", "valley", "airport", "station", "hall",
               "park", "bridge", "district", "city", "village", "coast", "peninsula", "strait", "stadium",
               "arena", "avenue", "road", "palace", "cathedral", "mosque", "base", "gulf", "straits", "cape",
               "canal", "channel", "isle", "desert", "harbour", "harbor", "reef", "archipelago", "delta"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec"}
# nouns that stand for the state or organisation named in their compound: "New South Wales government officials"
GOVERNMENT_NOUNS = {"government", "officials", "official", "authorities", "administration", "ministry", "cabinet",
                    "negotiators", "delegation", "sources", "spokesman", "spokeswoman", "spokesperson", "forces",
                    "troops", "navy", "army", "police", "diplomats", "regime", "leaders", "leadership", "state"}
FIRST_PERSON = {"i", "we", "me", "us", "my", "our"}
# nouns that, with a nationality adjective, name the state itself ("the Brazilian government")
STATE_NOUNS = {"government", "authorities", "administration", "regime", "cabinet"}
# plural nouns for unnamed sources that speak as a group ("analysts said")
SPEAKER_GROUPS = {"analysts", "officials", "diplomats", "economists", "sources", "experts", "traders", "dealers",
                  "environmentalists", "witnesses", "residents", "critics", "observers", "bankers", "negotiators",
                  "executives", "investigators", "researchers", "scientists", "activists", "lawmakers", "legislators",
                  "delegates", "industry", "developers", "groups", "unions", "police", "authorities", "producers",
                  "farmers", "workers", "exporters", "importers", "participants", "members", "leaders", "ministers"}
# singular unnamed sources: "a naval officer said", "state media reported", "one witness said"
SPEAKER_NOUNS = {"spokesman", "spokeswoman", "spokesperson", "official", "officer", "source", "witness", "media",
                 "agency", "newspaper", "analyst", "economist", "expert", "trader", "dealer", "diplomat", "resident",
                 "survivor", "woman", "man", "television", "radio", "spokesmen"}
TIME_NOUNS = {"today", "yesterday", "tomorrow", "tonight", "week", "weekend", "month", "year", "day", "morning",
              "evening", "afternoon", "night", "noon", "midnight"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# event triggers: kg/extract/data/news_events.tsv (ordinary news) over cameo_verbs.tsv (PETRARCH2's CAMEO verb
# dictionary, MIT): lemma -> Trigger(type, CAMEO code, kind)


@dataclass(frozen=True)
class Trigger:
    type: EventType
    cameo: str  # CAMEO code, "" when CAMEO has none
    kind: str  # what the event is called, as a noun where English has one
    dyadic: bool = False  # known only from CAMEO's verb dictionary: an event only between a source and a target


# CAMEO's twenty root categories -> the ontology's classes (statements, 01, are quotes, not events)
CAMEO_ROOT = {
    "02": EventType.REQUEST, "03": EventType.PLEDGE, "04": EventType.DISCUSSION, "05": EventType.COOPERATION,
    "06": EventType.COOPERATION, "07": EventType.AID, "08": EventType.CONCESSION, "09": EventType.INVESTIGATION,
    "10": EventType.REQUEST, "11": EventType.CRITICISM, "12": EventType.REJECTION, "13": EventType.THREAT,
    "14": EventType.PROTEST, "15": EventType.FORCE, "16": EventType.SUSPENSION, "17": EventType.COERCION,
    "18": EventType.ATTACK, "19": EventType.ATTACK, "20": EventType.ATTACK,
}
# verbs CAMEO codes that mostly carry no event of their own in news prose
GENERIC_VERBS = {
    "be", "have", "do", "make", "take", "give", "get", "go", "come", "see", "know", "think", "want", "use", "find",
    "put", "keep", "let", "seem", "become", "show", "try", "leave", "work", "feel", "provide", "hold", "turn",
    "begin", "bring", "include", "continue", "set", "run", "move", "live", "believe", "allow", "add", "lead",
    "stand", "follow", "change", "pay", "meet", "expect", "remain", "receive", "mean", "help", "look", "start",
    "send", "carry", "reach", "return", "open", "end", "stop", "face", "raise", "pass", "drop", "rise", "fall",
    "grow", "increase", "decline", "gain", "trade", "total", "reflect", "hope", "plan", "intend", "aim", "wish",
    "need", "say", "tell", "note", "state", "report", "estimate", "predict", "forecast", "place",
    "point", "serve", "sit", "act", "win", "draw", "cover", "deal", "base", "record", "rate", "price", "post",
    "mark", "list", "value", "cost", "fit", "level", "head", "hit", "cause", "produce", "own", "range", "express", "describe", "call", "name", "concern", "worry", "seek", "offer", "release", "fire", "close",
    "cut", "limit", "consider", "review", "rule", "order", "maintain", "sentence", "charge", "back", "join",
    "support", "attempt", "manage", "prepare", "form", "build", "develop", "improve", "create",
}


def _data(name: str) -> list[list[str]]:
    text = (resources.files("kg.extract") / "data" / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _tables() -> tuple[dict[str, Trigger], dict[str, Trigger]]:
    verbs: dict[str, Trigger] = {}
    for lemma, code in _data("cameo_verbs.tsv"):
        code = code.split(":")[0]
        etype = CAMEO_ROOT.get(code[:2])
        if etype is not None and lemma not in GENERIC_VERBS:
            verbs[lemma] = Trigger(etype, code, lemma, dyadic=True)
    nouns: dict[str, Trigger] = {}
    for word, pos, cls, code, kind in _data("news_events.tsv"):
        trig = Trigger(EventType(cls), "" if code == "-" else code, kind)
        (verbs if pos == "v" else nouns)[word] = trig
    return verbs, nouns


VERB_TRIGGERS, NOUN_TRIGGERS = _tables()


def verb_lemma(lemma: str, word: str) -> str:
    """The lemma as the trigger table knows it: the model's, else one guessed from the inflection
    ("rebuked" lemmatised as "rebuk" -> "rebuke")."""
    if lemma in VERB_TRIGGERS:
        return lemma
    w = word.lower()
    guesses = [w]
    if w.endswith("ied"):
        guesses.append(w[:-3] + "y")
    if w.endswith("ed"):
        guesses += [w[:-1], w[:-2], w[:-3]]
    if w.endswith("ing"):
        guesses += [w[:-3] + "e", w[:-3], w[:-4]]
    if w.endswith("es"):
        guesses += [w[:-1], w[:-2]]
    elif w.endswith("s"):
        guesses.append(w[:-1])
    return next((g for g in guesses if g in VERB_TRIGGERS), lemma)


# nouns that are events only with an event-like context (a possessor, a "with"/"between" phrase, a name)
WEAK_NOUNS = {"talk", "deal", "vote", "strike", "tour", "promise", "threat", "request", "appeal", "visit", "plan",
              "package", "programme", "program", "budget", "report", "session", "offer", "order", "support",
              "review", "study", "cut", "increase", "reduction", "loss", "damage", "failure", "fire", "crash",
              "collapse", "hearing", "suit", "name", "decision", "demand", "sale", "death", "aid", "ban"}
# verbs whose subject is a person or an organisation, never a place ("Valerio met ...")
HUMAN_VERBS = {
    "meet", "visit", "host", "travel", "fly", "arrive", "discuss", "negotiate", "ask", "urge", "request", "appeal",
    "demand", "pledge", "promise", "vow", "commit", "agree", "sign", "criticize", "criticise", "condemn",
    "denounce", "slam", "threaten", "announce", "unveil", "elect", "appoint", "nominate", "resign", "acquire",
    "buy", "arrest", "detain", "protest", "rally", "demonstrate", "testify", "accuse", "praise", "deny",
}
# verbs that carry a nominal event as their object: the verb's subject is the event's actor
LIGHT_VERBS = {
    "hold", "have", "attend", "host", "join", "chair", "reach", "make", "give", "pay", "conduct", "launch", "stage",
    "sign", "seal", "strike", "conclude", "win", "begin", "start", "open", "resume", "end", "address", "tell",
    "announce", "issue", "impose", "declare", "call", "submit", "present", "unveil", "outline", "file", "bring",
    "propose", "approve", "adopt", "accept", "reject", "offer", "lodge", "deliver", "order", "take", "undertake",
    "carry", "mount", "organise", "organize", "plan", "tender", "hand", "put", "set", "face", "lead",
    "express", "voice", "lend", "extend", "register",
}
# events that need no actor to be worth a node: a date or a place is enough ("the quake struck on Tuesday")
ACTORLESS = {EventType.DISASTER, EventType.STRIKE, EventType.ATTACK, EventType.DEATH, EventType.SUMMIT,
             EventType.ELECTION}
# events that are worth a node with a place and no named participant ("talks in London", "a meeting in Dhaka")
GATHERINGS = {EventType.MEETING, EventType.SUMMIT, EventType.DISCUSSION, EventType.AGREEMENT, EventType.VISIT,
              EventType.TRAVEL, EventType.PROTEST}
# nominal events whose "of" phrase names the doer ("the resignation of X"), not what is done to ("the arrest of X")
OF_IS_AGENT = {
    EventType.RESIGNATION, EventType.DEATH, EventType.VISIT, EventType.TRAVEL, EventType.STATEMENT,
    EventType.ANNOUNCEMENT, EventType.PROTEST, EventType.STRIKE, EventType.PROPOSAL, EventType.DECISION,
    EventType.PLEDGE, EventType.REQUEST, EventType.REJECTION, EventType.CRITICISM, EventType.THREAT,
    EventType.INTERVIEW, EventType.PUBLICATION, EventType.INVESTIGATION,
}
# verb trigger that needs a particular particle/object to count
TRAVEL_NEEDS_DESTINATION = {"head", "leave", "fly"}
SPEECH_VERBS = {
    "say", "add", "tell", "state", "note", "write", "explain", "insist", "stress", "emphasise", "emphasize",
    "declare", "claim", "argue", "warn", "tweet", "post", "comment", "reply", "respond", "acknowledge",
    "admit", "conclude", "confirm", "remark", "observe", "suggest", "believe", "announce", "report",
    "assert", "mention", "recall", "predict", "estimate", "caution", "concede", "complain", "urge",
}
# verbs of saying only with their particle: "pointed out that ..."
SPEECH_PARTICLE_VERBS = {"point": "out"}
CHANNELS = [
    (("press release", "news release"), Channel.PRESS_RELEASE),
    (("press conference", "news conference", "briefing"), Channel.PRESS_CONFERENCE),
    (("facebook",), Channel.FACEBOOK),
    (("tweet", "twitter", "on x "), Channel.TWITTER),
    (("instagram",), Channel.INSTAGRAM),
    (("interview",), Channel.INTERVIEW),
    (("statement",), Channel.STATEMENT),
    (("speech", "address"), Channel.SPEECH),
    (("blog",), Channel.BLOG),
    (("television", " tv ", "televised"), Channel.TELEVISION),
    (("radio",), Channel.RADIO),
    (("letter",), Channel.LETTER),
    (("email", "e-mail"), Channel.EMAIL),
]
CHANNEL_NOUNS = {"statement", "release", "conference", "briefing", "post", "tweet", "interview", "speech",
                 "address", "blog", "letter", "email", "message", "video", "broadcast", "op-ed", "column"}
PLANNED_ADJ = {"upcoming", "planned", "expected", "future", "next", "scheduled", "forthcoming", "proposed",
               "possible", "potential", "anticipated", "prospective"}
PAST_ADJ = {"last", "previous", "recent", "earlier", "past", "former"}
PLAN_VERBS = {"plan", "intend", "expect", "schedule", "hope", "aim", "prepare", "want", "seek", "propose",
              "set", "due", "likely", "go"}
CANCEL_WORDS = {"cancel", "postpone", "call", "scrap", "suspend", "delay"}
MODALS_FUTURE = {"will", "shall", "'ll", "would", "may", "might", "could", "wo"}
# events that contain others said to happen during, at or in them ("said in an interview", "at the summit")
CONTAINERS = {EventType.SUMMIT, EventType.MEETING, EventType.VISIT, EventType.INTERVIEW, EventType.LEGAL_ACTION,
              EventType.DISCUSSION}
# verbs that tell where and when a disaster or strike hit ("the quake struck Aceh on Tuesday")
IMPACT_VERBS = {"strike", "hit", "rock", "jolt", "shake", "ravage", "devastate", "sweep", "batter", "occur",
                "happen", "take", "erupt", "spread", "paralyse", "paralyze", "cripple"}
# verbs that make their object follow their subject ("the plan sparked strikes")
CAUSE_VERBS = {"cause", "spark", "trigger", "prompt", "provoke", "lead", "bring", "force", "result", "set"}
AFTER_MARKERS = {"following", "after", "since"}
BEFORE_MARKERS = {"before", "ahead", "prior"}
SIDELINE_NOUNS = {"sideline", "margin"}  # "on the sidelines of X": a sub-event of X
