"""Word lists the rules key on. Linguistic knowledge only: nothing here names a particular article."""

from __future__ import annotations

from kg.model import Channel, EventType

# head nouns of role descriptions ("the Lithuanian president", "the US leader")
ROLE_NOUNS = {
    "president", "leader", "minister", "chancellor", "premier", "king", "queen", "prince", "emir", "sultan",
    "secretary", "spokesman", "spokeswoman", "spokesperson", "ceo", "chairman", "chairwoman", "chair",
    "governor", "mayor", "ambassador", "envoy", "pope", "senator", "head", "chief", "commander", "general",
    "director", "founder", "diplomat", "monarch", "dictator", "prosecutor", "judge",
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
               "arena", "avenue", "road", "palace", "cathedral", "mosque", "base"}
MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
          "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
          "dec"}
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

# event triggers: lemma -> type (verbs and nouns are looked up separately)
VERB_TRIGGERS = {
    "meet": EventType.MEETING, "visit": EventType.VISIT, "host": EventType.VISIT, "travel": EventType.TRAVEL,
    "fly": EventType.TRAVEL, "head": EventType.TRAVEL, "leave": EventType.TRAVEL, "arrive": EventType.TRAVEL,
    "discuss": EventType.DISCUSSION, "negotiate": EventType.DISCUSSION, "ask": EventType.REQUEST,
    "urge": EventType.REQUEST, "request": EventType.REQUEST, "appeal": EventType.REQUEST,
    "demand": EventType.REQUEST, "pledge": EventType.PLEDGE, "promise": EventType.PLEDGE,
    "vow": EventType.PLEDGE, "commit": EventType.PLEDGE, "agree": EventType.AGREEMENT, "sign": EventType.AGREEMENT,
    "criticize": EventType.CRITICISM, "criticise": EventType.CRITICISM, "condemn": EventType.CRITICISM,
    "denounce": EventType.CRITICISM, "slam": EventType.CRITICISM, "threaten": EventType.THREAT,
    "sanction": EventType.SANCTION, "announce": EventType.ANNOUNCEMENT, "unveil": EventType.ANNOUNCEMENT,
    "attack": EventType.ATTACK, "bomb": EventType.ATTACK, "invade": EventType.ATTACK, "shell": EventType.ATTACK,
    "elect": EventType.ELECTION, "appoint": EventType.APPOINTMENT, "nominate": EventType.APPOINTMENT,
    "resign": EventType.APPOINTMENT, "acquire": EventType.ACQUISITION, "buy": EventType.ACQUISITION,
    "merge": EventType.ACQUISITION, "arrest": EventType.ARREST, "detain": EventType.ARREST,
    "protest": EventType.PROTEST, "rally": EventType.PROTEST, "demonstrate": EventType.PROTEST,
}
NOUN_TRIGGERS = {
    "meeting": EventType.MEETING, "talks": EventType.MEETING, "talk": EventType.MEETING,
    "summit": EventType.SUMMIT, "conference": EventType.SUMMIT, "visit": EventType.VISIT,
    "trip": EventType.TRAVEL, "journey": EventType.TRAVEL, "tour": EventType.VISIT,
    "discussion": EventType.DISCUSSION, "negotiation": EventType.DISCUSSION, "request": EventType.REQUEST,
    "appeal": EventType.REQUEST, "pledge": EventType.PLEDGE, "promise": EventType.PLEDGE,
    "agreement": EventType.AGREEMENT, "deal": EventType.AGREEMENT, "treaty": EventType.AGREEMENT,
    "accord": EventType.AGREEMENT, "criticism": EventType.CRITICISM, "threat": EventType.THREAT,
    "sanction": EventType.SANCTION, "embargo": EventType.SANCTION, "announcement": EventType.ANNOUNCEMENT,
    "attack": EventType.ATTACK, "strike": EventType.ATTACK, "invasion": EventType.ATTACK,
    "election": EventType.ELECTION, "vote": EventType.ELECTION, "referendum": EventType.ELECTION,
    "appointment": EventType.APPOINTMENT, "resignation": EventType.APPOINTMENT,
    "acquisition": EventType.ACQUISITION, "merger": EventType.ACQUISITION, "takeover": EventType.ACQUISITION,
    "arrest": EventType.ARREST, "protest": EventType.PROTEST, "demonstration": EventType.PROTEST,
}
# nouns that are events only with an event-like context (a possessor, a "with"/"between" phrase, a name)
WEAK_NOUNS = {"talk", "deal", "vote", "strike", "tour", "promise", "threat", "request", "appeal", "visit"}
# verb trigger that needs a particular particle/object to count
TRAVEL_NEEDS_DESTINATION = {"head", "leave", "fly"}
CAMEO = {
    EventType.MEETING: "040", EventType.SUMMIT: "040", EventType.VISIT: "042", EventType.TRAVEL: "042",
    EventType.STATEMENT: "010", EventType.REQUEST: "020", EventType.PLEDGE: "030",
    EventType.AGREEMENT: "057", EventType.DISCUSSION: "040", EventType.CRITICISM: "111",
    EventType.THREAT: "130", EventType.SANCTION: "163", EventType.ANNOUNCEMENT: "010",
    EventType.ATTACK: "190", EventType.ELECTION: "", EventType.APPOINTMENT: "", EventType.ACQUISITION: "061",
    EventType.ARREST: "173", EventType.PROTEST: "140",
}
SPEECH_VERBS = {
    "say", "add", "tell", "state", "note", "write", "explain", "insist", "stress", "emphasise", "emphasize",
    "declare", "claim", "argue", "warn", "tweet", "post", "comment", "reply", "respond", "acknowledge",
    "admit", "conclude", "confirm", "remark", "observe", "suggest", "believe", "announce", "report",
    "assert", "mention", "recall", "predict", "estimate", "caution", "concede", "complain", "urge",
}
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
AFTER_MARKERS = {"following", "after"}
BEFORE_MARKERS = {"before", "ahead", "prior"}
SIDELINE_NOUNS = {"sideline", "margin"}  # "on the sidelines of X": a sub-event of X
