"""The transparent phrase layer: readable patterns for each label, with negation.

Each label has two short lists of token patterns (the language is described in
:mod:`classifiers.token_patterns`): *strong* ones that nearly always report the
concern ("held me down", "strip searched") and *weak* ones that often do but
also turn up in ordinary feedback ("injection", "side effects"). Each match is
*affirmed*, *negated* ("I was never restrained") or *hypothetical* ("I was
scared they would restrain me"), read off the scopes of its first word (see
:mod:`classifiers.tokens`).

The matches become features of the model, which learns how far to trust each
group, and their spans are offered as evidence. Because one feature stands for
a whole list of phrasings, a phrasing the corpus never used ("spit hood",
"bed rails") still counts towards its label.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Literal, NamedTuple

from classifiers.taxonomy import LABELS, Label
from classifiers.token_patterns import Found, PatternSet
from classifiers.tokens import Token

Tier = Literal["strong", "weak"]
State = Literal["affirmed", "negated", "hypothetical"]
TIERS: tuple[Tier, ...] = ("strong", "weak")
STATES: tuple[State, ...] = ("affirmed", "negated", "hypothetical")

_NUMBER = "two|three|four|five|six|seven|eight|2|3|4|5|6|7|8|several|loads|lots|few"
_INTAKE = (
    "food|water|drink|drinks|dinner|breakfast|lunch|tea|meal|meals|fluids|wash|shower|bath"
    "|blanket|pad|pads|change"
)
_MEDS = (
    "meds|medication|medicine|medicines|insulin|dose|doses|tablets|tablet|pills|clozapine"
    "|lithium|inhaler|injection|depot|antibiotics|painkillers|epilepsy|parkinson's"
)

STRONG: Mapping[str, tuple[str, ...]] = {
    Label.RESTRAINT: (
        "restrain*",
        "held|hold|holding|holds|pinned|pin|pinning|pins|forced|pushed|kept|got ..2 down",
        "held|pinned|pushed|forced|sat|knelt|kneeled|pressed ..3 floor|ground|bed|mattress",
        "pinned|pinning|floored|prone|supine",
        "face down|first",
        "sat|knelt|kneeling|kneeled|knee|knees|kneels|lay|laid|lying|jumped|piled|dived"
        " on {obj}|{poss}|top",
        f"{_NUMBER} ..1 staff|nurses|men|people|guards|officers|blokes|of on {{obj}}|{{poss}}|top",
        f"{_NUMBER} on {{obj}}",
        "rapid tranq*|tranquil*|tranquilis*|tranquiliz*",
        "tranq*|sedated|sedation|sedate|sedating|sedative|sedatives",
        "chemical cosh|restraint|straitjacket",
        "cosh|coshed",
        "strapped|straps|belted|cuffs|cuffed|handcuff*|shackle*|harness|mittens|bandaged",
        "tied|tie|tying ..2 down|up|bed|chair|hands|wrists",
        "lap belt|tray|strap",
        "bed rails|sides",
        "tilt|tilted|tilting|recliner chair",
        "locked lap|tray",
        "spit hood|guard|mask",
        "restrictive escort|escorts",
        "arm|wrist|thumb|leg|head lock|locks|hold|holds",
        "twisted|bent|bending|twisting|yanked|wrenched ..2 arm|arms|wrist|wrists|thumb|fingers"
        "|leg|legs",
        "behind {poss} back",
        "dragged|carried|frogmarched|marched|manhandled|bundled",
        "took|taken|take|takes|brought|bring|taking ..2 down",
        "holds|hold used|position|positions",
        "the team|alarm ..2 came|running|called|arrived|pulled|went",
        "needle|needles ..3 came|out|in|bum|backside|arse|leg",
        "injected|jabbed ..2 {obj}|against|while|without|again|anyway|held",
        "physical intervention|interventions",
        "pushed|forced|shoved ..2 back",
    ),
    Label.SECLUSION: (
        "seclu*",
        "segregat*",
        "lts",
        "locked|lock|shut ..2 in|inside|into|away",
        "quiet|calm|padded|isolation|side|strong|safe|seclusion|empty|bare|blank room|rooms|suite"
        "|cell",
        "low stim*|stimulation|stimulus",
        "time out room|rooms",
        "timeout room",
        "extra care area|suite|unit|room|zone",
        "the box",
        "cell|cells",
        "locked room|door|doors",
        "door ..2 locked|bolted|shut",
        "against|blocking|blocked|block ..2 door|doorway",
        "stood|standing|stand|blocked|blocking in|at ..1 doorway|door",
        "kept|left|shut|stuck|put|confined|isolated|alone|contained|nursed ..3 room|bedroom"
        "|area|corridor|suite",
        "couldn't|cannot|can't|wasn't|wasnt|not|couldnt|cant ..3 leave|out|come ..2 room"
        "|bedroom|area",
        "on {poss} own ..1 hours|days|ages|week|weeks",
        "by myself|himself|herself ..1 hours|days|ages",
        "isolated|isolation|solitary",
        "nursed apart|away|alone|separately",
        "away from everyone|everybody|others|other",
        "observation window|hatch|panel",
        "mattress on ..1 floor",
    ),
    Label.COERCION: (
        "forc* ..3 take|have|medication|meds|treatment|injection|depot|tablets|pills|swallow|it"
        "|eat|ect",
        "forcibly|forced|forcing",
        "against {poss} will|wishes|wish|consent|choice",
        "without {poss}? consent|agreement|permission",
        "or else",
        "or they'd|they'll|we'll|i'd|i'll|you'll|they",
        "pressure|pressured|pressuring|coerced|coercion|coercive|blackmail*|bribe*|bribing",
        "covert*",
        "crushed|hid|hidden|hide|hiding|sneaked|snuck|slipped|secretly|disguised ..4 food|tea"
        "|drink|juice|yoghurt|yogurt|coffee|dinner|custard|meal|water",
        "threat*",
        "if {obj}|i ..4 refuse|refused|refusing|didn't|didnt|don't|dont|won't|wont|wouldn't",
        "would|will|they'd|they'll|could|going|gonna ..3 section|sectioned|sectioning|cto"
        "|recall|recalled|detain|detained",
        "lose|losing|lost|stop|stopped|took|taken|cancel*|withdraw*|withheld|withhold|withholding"
        "|removed ..2 leave|phone|cigarettes|fags|vape|visits|visit|tv|money|lighter|privileges"
        "|tobacco",
        "not|wasn't|wasnt|weren't|werent|never|wouldn't|wouldnt|won't|wont|didn't|didnt|refused"
        " ..2 allowed|let|allow|allowing ..2 leave|home|out|go",
        "stopped|prevented|blocked ..2 leaving|leave|going|go",
        "informal|informally",
        "refus* ..8 anyway|regardless|still|held|injected|gave|given|forced|restrained|made",
        "had to sign|agree|take|stay|accept",
        "past|after|beyond|expired|ended|lapsed|ran ..3 section|sections|detention",
        "section|sections ..2 expired|lapsed|ended|ran",
        "punish*|punishment",
        "reward|rewards|earn|earned|privileges",
        "compliance|comply|complied|compliant",
        "no|didn't|didnt|hadn't|hadnt|without|not ..1 choice|option|options",
    ),
    Label.ABUSE: (
        "assault*|attack*|harass*|bully|bullied|bullies|bullying|humiliat*|mocked|mocking|mock"
        "|mocks|taunt*|degrad*|belittl*|intimidat*|victimis*|tormen*",
        "hit|slapped|slap|slaps|punched|punch|kicked|kick|shoved|shove|pushed|push|grabbed|grab"
        "|choked|strangled|throttled|spat|beat|beaten|hurt|smacked|thumped|scratched|bit"
        "|elbowed|headbutted|stamped|yanked|pinched|slammed|threw|thrown|whacked|battered"
        "|shook|shaken ..2 {obj}|{poss}|into|against|across|at",
        "bruis*",
        "black eye|eyes",
        "broken arm|wrist|nose|rib|ribs|finger|fingers|tooth",
        "called {obj} ..2 a|an|names|stupid|fat|thick|attention|pathetic|disgusting|useless|liar"
        "|lazy|crazy|mental|psycho|nutter|animal|tramp|junkie|whore|slag|bitch|retard|mad"
        "|manipulative|drama",
        "names like",
        "swore|sworn|swearing|shouted|screamed|yelled|shouting|screaming|yelling|laughed"
        "|laughing|sneered|smirked|sniggered|jeered|spat|swears|shouts|laughs at",
        "made fun",
        "sarcastic|nasty|vile|cruel|spiteful|vicious|sadistic|menacing|aggressive|rough|roughly",
        "sexual*|sexually",
        "touch* ..2 {obj}|{poss}|inappropriately|breasts|bum|private|privates",
        "grop*",
        "exposed himself|herself",
        "kissed|kiss|kissing ..1 {obj}",
        "stole|stolen|steal|stealing|steals|theft|thief|nicked",
        "took|taking|takes|take|kept|keeping|spent|spending|used ..1 {poss} money|cash|card|bank"
        "|benefits|pension|savings|purchases|allowance|jewellery|ring",
        "money|cash|card|purse|wallet|jewellery|ring ..3 missing|gone|disappeared|vanished|taken",
        "missing money|cash",
        "threatened ..2 hit|hurt|kill|beat|batter|smack|punch|slap",
        "gonna|going|will|i'll|he'll|she'll hit|hurt|kill|batter|smack|get {obj}",
        "slammed|banged|smashed|bashed ..3 head|face",
        "wound|winding|wind ..1 up",
        "provok*|goad*|goaded",
        "another|other patient|patients|resident|residents ..5 hit|attacked|punched|beat|assaulted"
        "|groped|touched|hitting|attacking",
        "let|allowed|watched|nothing ..4 hit|attack|beat|punch|bully|bullied|hitting|attacked",
        "scared|frightened|afraid|terrified ..3 of ..2 staff|nurse|nurses|him|her|he|she",
        "in {poss} face",
        "fingers|finger ..2 chest|face",
    ),
    Label.NEGLECT: (
        "left ..4 urine|wee|pee|poo|faeces|feces|mess|soiled|wet|dirty|sick|vomit|pad|pads"
        "|nappy|excrement|poop|own",
        "soiled|soaked|soaking|sodden",
        "wet ..2 bed|sheets|himself|herself|myself|through",
        "bed sore|sores",
        "bedsore*",
        "pressure sore|sores|ulcer|ulcers|damage",
        "dehydrat*|starv*|malnourish*|thirsty|unwashed|emaciated|undernourish*",
        f"no|without|never|didn't|didnt|not|wasn't|wasnt|hadn't|hadnt|nothing ..2 {_INTAKE}",
        f"miss|missed|missing|skipped|forgot|forgotten|forgetting|late|ran|run ..3 {_MEDS}",
        f"{_MEDS} ..3 missed|forgotten|late|skipped|ran|run|wasn't|wasnt|weren't|werent|never"
        "|not|forgot",
        "buzzer|buzzers|bell|bells|alarm|cord|pulled",
        "nobody|noone ..1 came|checked|helped|answered|responded|noticed|bothered|cared"
        "|listened|came|looked|called|rang|phoned|contacted|visited|followed",
        "no one ..1 came|checked|helped|answered|responded|noticed|bothered|cared|listened|looked"
        "|called|rang|phoned|contacted|visited|followed",
        "obs|observations|checks ..4 not|never|weren't|werent|wasn't|wasnt|missed|skipped|fake*"
        "|made|falsified|signed|filled",
        "didn't|didnt|never|not|no ..2 obs|observations|checks|checked|check",
        "pain|infection|fall|fell|temperature|fever|seizure|seizures|fit|fits|chest|lump"
        "|bleeding|vomiting|injury|injuries|wound|wounds|swollen|broken|uti|sepsis|diabetes"
        "|sugar|sugars|heart|breathing|choking ..8 ignored|dismissed|untreated|unchecked|missed"
        "|nothing|nobody|weeks|days|hours",
        "ignored|ignoring|ignore|dismissed|untreated|unanswered",
        "left ..3 floor|hours|overnight|alone|corridor|chair|night|day|days",
        "sent|discharged ..3 home|away|back ..6 suicidal|overdose|plan|plans|harm|ligature|kill",
        "suicidal|overdose|overdosed|plan|plans|ligature|harm|kill ..8 sent|discharged"
        "|waiting|nothing|nobody|ignored|list",
        "a e ..6 hours|corridor|chair|trolley|floor",
        "help ..2 eat|eating|feed|feeding|toilet|wash|washing|drink",
        "weight ..2 loss|lost|dropped",
        "lost ..3 weight|stone|kilos|kg|pounds",
        "nobody|noone|no one ..2 fed|feed|help|helped|wash|washed|changed|change",
        "days|hours|week|weeks ..4 without ..2 " + _INTAKE,
    ),
    Label.DISCRIMINATION: (
        "racis*|racial|racially|homophob*|transphob*|islamophob*|sexis*|ageis*|discriminat*"
        "|prejudic*|stereotyp*|misgender*|deadnam*|xenophob*|bigot*|antisemit*|ableis*",
        "dead name",
        "interpreter|interpreters|translator|translators|translate|translated|translation|bsl"
        "|signer|makaton",
        "sign language",
        "no|little|not|poor|broken|limited|much|bad|speak|spoke|speaks|speaking ..2 english",
        "{poss} accent|accents|culture|religion|faith|skin|colour|color|race|ethnicity"
        "|sexuality|gender|age|disability|weight|wheelchair|autism|deafness|hearing",
        "because ..4 black|asian|muslim|jewish|sikh|hindu|gay|lesbian|bisexual|trans|transgender"
        "|disabled|deaf|blind|autistic|old|age|race|colour|color|skin|religion|faith|accent"
        "|sexuality|gender|weight|disability|culture|polish|romanian|traveller|gypsy|woman"
        "|female|girl|foreign|immigrant|refugee|asylum|african|caribbean|chinese|indian"
        "|pakistani",
        "wheelchair|wheelchairs|ramp|ramps|hearing loop|braille|accessible|inaccessible",
        "reasonable adjustment*",
        "learning disabilit*",
        "hijab|headscarf|turban|halal|kosher|prayer|prayers|mosque|ramadan|church|religious"
        "|bible|quran|koran|fasting|pray|praying|chaplain|imam|synagogue|temple",
        "pronoun*",
        "treated ..2 differently|different|worse|less",
        "white|black|brown|asian ..1 patients|patient|people|staff|men|man|woman|women|lads|guys",
        "too old|young",
        "gay|lesbian|queer|trans|bisexual|lgbtq|lgbt|nonbinary|transgender",
        "non binary",
        "immigrant|immigrants|foreigner|foreigners|refugee|refugees|asylum",
        "go back to ..2 country|own|where",
        "easy read|large print",
        "hearing aid|aids",
        "dyslexi*",
        "different ..2 rules|standards",
    ),
    Label.CONSENT_INFORMATION: (
        "not|never|nobody|noone|didn't|didnt|wasn't|wasnt|weren't|werent|hasn't|hasnt"
        "|haven't|havent ..3 told|tell|explain*|inform*|ask|asked|asking|consult*|involv*|given"
        "|offered|discuss*|mention*|warned|warn|say|said",
        "no one ..3 told|tell|explain*|inform*|ask|asked|asking|consult*|involv*|discuss*"
        "|mention*|warned",
        "{poss}|patient|patients|of|our rights",
        "rights ..2 leaflet|read|explained|told",
        "section 132",
        "advocate|advocates|advocacy|imha|imca|tribunal|tribunals|appeal|appeals|hearing"
        "|hearings|solicitor|solicitors|lawyer|soad",
        "second opinion",
        "careplan*",
        "advance statement|decision|directive|choices|wishes",
        "diagnos*",
        "access ..3 notes|records|file",
        "without ..2 asking|explaining|telling|consent|explanation|discussing|warning|permission"
        "|agreement|consulting|involving|informing",
        "kept ..2 dark",
        "no say|idea|explanation|information|info|choice|involvement|clue|reason|warning",
        "don't|dont|didn't|didnt|doesn't|doesnt ..1 know|understand ..3 what|why|which|how",
        "found out ..5 letter|later|notes|chance|accident|pharmacist|google|internet|leaflet"
        "|myself|nurse",
        "jargon",
        "why ..4 section|sectioned|detained|medication|meds|injection",
        "ward round|rounds ..6 not|never|without|didn't|didnt|excluded",
        "asked ..3 why|what ..6 no|nobody|never|wouldn't|wouldnt|refused",
    ),
    Label.PRIVACY_DIGNITY: (
        "privacy|private|dignity|undignified|degrading|humiliat*|naked|undress*|stripped|strip",
        "strip search*|searched",
        "searched|search|searches|frisked",
        "body|pat|patted|rubbed search|searched|down",
        "opened|read|reading|went|going|checked|go|open|opening|reads ..2 mail|post|letters"
        "|letter|diary|messages|texts|bag|bags|belongings|stuff|phone|parcels|parcel|cards",
        "watch*|watched|observed|observing|staring|stared|stare|looking|looked|peeping|peered"
        " ..4 shower|showering|toilet|wash|washing|bath|bathing|changing|dressing|wee|pee"
        "|undress*|naked|sleep|sleeping",
        "door|doors ..2 open|wide ..3 toilet|shower|bathroom",
        "toilet|shower|bathroom|loo ..3 door|doors ..1 open|lock|locks",
        "no lock|locks",
        "vision panel|panels|window|hatch",
        "confidential*|breach*|gossip*|gossiping",
        "told ..3 family|mum|dad|employer|boss|neighbour|neighbours|everyone|other|school|work"
        "|colleagues|friends|partner|husband|wife|parents",
        "in front of ..3 others|everyone|other|patients|whole|visitors|family|people|ward"
        "|lounge|waiting",
        "shouted|shouting|announced|discussed|talked|talking|read ..4 across|out|loud|corridor"
        "|reception|waiting|public|everyone",
        "photo|photos|photograph*|filmed|filming|film|cctv|camera|cameras|recorded|recording"
        "|video*|selfie|selfies",
        "mixed sex|gender",
        "male ward|patients|patient|staff|nurse|nurses|hca|hcas|carer|carers|bays|bedrooms",
        "female ward|patients|patient|staff",
        "men|man|boys|lads on ..1 ward|corridor|bay",
        "paper gown|clothes|pants|knickers|shorts|suit",
        "anti ..1 ligature ..1 gown|clothing|clothes|dress|smock",
        "rip|tear ..1 proof",
        "safety gown|smock|dress|clothing",
        "gown|smock|onesie",
        "phone|calls|call ..3 corridor|hallway|hall|office|speaker|loudspeaker|public|payphone",
        "listen* ..2 calls|call|phone|conversation|conversations",
        "whiteboard|board ..4 names|name|diagnosis|section|risk",
        "names|name ..3 board|whiteboard",
        "nappy|nappies|pad|pads|incontinence",
        "bucket|commode|potty",
        "see ..1 through",
        "treated ..3 like ..2 animal|child|baby|prisoner|criminal|dog|object|number|idiot",
        "talked|talking|spoke|speaking ..2 about|over ..3 {obj}|like",
        "own clothes|pyjamas|underwear",
        "tampon|tampons|sanitary|period|periods",
        "shaved|shave|haircut|teeth|dentures|glasses",
    ),
    Label.LIVING_CONDITIONS: (
        "freezing|cold|heating|radiator|radiators|boiling|sweltering|stifling|draughty|draughts",
        "too hot",
        "dirty|filthy|grim|grimy|mould|mold|mouldy|moldy|damp|stink*|smell*|cockroach*|mice|mouse"
        "|rats|rat|bedbug*|broken|leak*|blocked|overflowing|unsafe|overcrowd*|crumbling|rundown"
        "|disgusting|minging|manky|stained|sticky|peeling|flies|maggots|infest*|unhygienic"
        "|unclean|dilapidated|shabby|vandalised|holes",
        "falling apart",
        "run down",
        "ligature point|points",
        "bed bugs",
        "food ..3 awful|disgusting|cold|inedible|terrible|horrible|rank|vile|gross|minging|rubbish"
        "|shit|crap|poor|bad|same|stale|raw|undercooked|burnt|mouldy|date|slop|grim|tiny",
        "tiny|small|smaller|miserly ..1 portions|portion",
        "stale|inedible|undercooked|raw",
        "nothing ..1 to do",
        "bored*|boring|boredom",
        "no|never|nothing ..1 activities|activity|ot|groups|games|tv|telly|books|radio|ping",
        "tv|telly|television|pool|games ..2 broken|never|not|locked",
        "phones|phone|mobile|mobiles|chargers|charger|laptop|laptops|internet|wifi|tablet|ipad"
        "|ipads ..3 taken|banned|confiscated|allowed|locked|removed|away|ban|take|hand|handed",
        "kitchen|kitchens|bedroom|bedrooms|garden|gardens|courtyard|door|doors|drinks|tea|water"
        "|toilets|toilet|lounge|room|rooms|fridge|showers|shower|laundry|gym ..3 locked|shut"
        "|closed|off",
        "locked out ..1 of",
        "fresh air",
        "visit|visits|visiting|visitors|visitor ..3 cut|stopped|banned|cancelled|restricted"
        "|limited|reduced|allowed|stop",
        "no visit|visits|visitors|visiting",
        "blanket ban|bans|rule|rules|restriction|restrictions|policy|approach",
        "leave ..3 cancelled|stopped|withdrawn|cut|suspended|taken|revoked|removed|stopped"
        "|reduced|staffing",
        "no leave",
        "ground|escorted|section|s17 leave",
        "shared dorm|dormitory|bay|room|rooms|bathroom",
        "dorm|dormitory|dorms",
        "no curtains|sheets|pillow|pillows|blanket|blankets|towels|towel|soap|toilet|loo|hot"
        "|heating|window|windows|mirror",
        "hot water",
        "lights ..1 on|off|out",
        "snacks|takeaway|takeaways|vending|shop|tuck ..3 banned|allowed|stopped|cut|locked|taken",
        "curfew|bedtime",
        "rules ..4 ridiculous|stupid|pointless|petty|everyone|all|whole",
        "everyone ..4 punished|because|stopped|banned",
        "because ..1 of ..1 one ..1 patient|person",
        "mattress|mattresses|bed|beds|chairs|furniture ..3 broken|torn|ripped|plastic|thin|hard"
        "|stained",
        "toilet|toilets|loo|shower|showers|sink ..3 broken|blocked|leak*|dirty|filthy|flooded|out",
    ),
    Label.COMMUNITY_INCLUSION: (
        "housing|homeless*|hostel|hostels|street|streets|sofa|eviction|evicted|council|tenancy"
        "|rent|landlord|bedsit|accommodation|flat|homelessness",
        "no fixed abode",
        "nowhere ..2 go|live|stay|sleep",
        "benefits|benefit|pip|esa|dwp|jobcentre|sanction*|debt|debts|bills|payments",
        "universal credit",
        "job centre",
        "job|jobs|work|working|employment|employer|unemployed|college|school|education|course"
        "|courses|university|uni|volunteer*|training|apprentice*|career|exams|studies",
        "out ..1 of ..1 area",
        "miles|hours ..2 away|from",
        "far|away from ..3 family|home|kids|children|friends|town|area",
        "other side ..1 of",
        "placement|placements|placed",
        "hundred|hundreds|100|150|200|250|300 miles",
        "discharg* ..4 nowhere|nothing|street|streets|hostel|homeless|alone|taxi|bus|without"
        "|nobody",
        "no support|follow|help|plan|package|care ..4 after|on|when|discharge|leaving|home"
        "|outside|community",
        "delayed discharge|discharges",
        "stuck|trapped|kept|waiting|stranded|languishing ..4 hospital|ward|unit|home|bed|placement",
        "bed block*",
        "no placement|bed|beds|home|house|flat",
        "waiting ..3 placement|flat|house|home|housing|accommodation|package|placements",
        "supported accommodation|living|housing|tenancy",
        "lonely|isolated|loneliness|isolation",
        "no friends",
        "day centre|centres|center|centers|services|service|hospital",
        "closed ..3 down|centre|service|group",
        "family ..3 visit|see|travel|far|miles|hours",
        "see ..2 kids|children|family|son|daughter|mum|dad",
        "public transport|buses|bus|train|trains",
        "back ..1 into ..1 work|community|society|education",
        "into ..1 the ..1 community",
        "independent|independence|independently",
    ),
}

# Words that go with a label but mostly appear in ordinary feedback.
_COMMON_WORDS: Mapping[str, tuple[str, ...]] = {
    Label.RESTRAINT: (
        "injection|injections|injected|jab|jabbed|needle|needles|im|prn",
        "held|holding|hold|grabbed|grab|floor|ground",
        "staff ..3 on {obj}|top",
    ),
    Label.SECLUSION: ("locked|lock", "room|bedroom|alone"),
    Label.COERCION: (
        "section|sectioned|sectioning|detain*|cto|s2|s3|s136|136",
        "injection|depot|medication|meds|tablets|pills|treatment|ect",
        "refuse*|refusing",
        "had to",
        "made me",
        "leave|phone",
    ),
    Label.ABUSE: ("staff|nurse|hca|carer|he|she ..4 rude|horrible|angry|shouted|mean", "scared"),
    Label.NEGLECT: ("waited|waiting|wait ..3 hours|days|weeks", "nobody|no one"),
    Label.DISCRIMINATION: ("language|english|culture|religion|faith|age|disability|disabled",),
    Label.CONSENT_INFORMATION: ("told|explain*|information|leaflet|letter", "medication|meds"),
    Label.PRIVACY_DIGNITY: (
        "door|doors|shower|toilet|bathroom",
        "everyone|staff ..2 saw|see|heard",
    ),
    Label.LIVING_CONDITIONS: ("food|meals|portion|portions", "ward|wards|room|rooms"),
    Label.COMMUNITY_INCLUSION: ("home|house|money|family|community|support",),
}

# Phrasings that looked decisive but, on the training corpus, are under 30% precise
# (the corpus deliberately uses them in ordinary feedback): features, not strong signals.
_DEMOTED: Mapping[str, tuple[str, ...]] = {
    Label.COERCION: ("made {obj} take|have|sign|swallow|agree|stay",),
    Label.ABUSE: (
        "abus*",
        "rape|raped|raping|molest*|pervert|perv|indecent*|fondl*|flashed",
    ),
    Label.NEGLECT: (
        "neglect*",
        "hungry|hunger",
    ),
    Label.DISCRIMINATION: ("english ..2 not|poor|little|limited|broken|first|bad|second",),
    Label.CONSENT_INFORMATION: (
        "crisis|discharge|safety plan",
        "side effect|effects",
        "{poss} notes|records|file|files|diagnosis|medication|meds",
        "care plan|plans|planning|review|reviews",
    ),
    Label.LIVING_CONDITIONS: (
        "noise|noisy|loud|racket|screaming",
        "go|get|going|getting|went|gone|let ..2 outside|out|outdoors|garden|courtyard",
        "same ..2 food|meal|meals|every|sandwich|sandwiches",
        "own clothes|belongings|things|stuff|pillow|duvet",
        "garden|courtyard|outdoors|outside",
    ),
    Label.COMMUNITY_INCLUSION: (
        "peer support|group|groups|worker|workers",
        "shopping|cooking|budgeting|skills",
        "cut ..1 off",
        "club|clubs|gym|library|church|mosque|allotment",
        "care home|homes|package|packages|coordinator",
        "community ..2 support|team|services|groups|group|nothing",
    ),
}
WEAK: Mapping[str, tuple[str, ...]] = {
    label: (*_COMMON_WORDS.get(label, ()), *_DEMOTED.get(label, ())) for label in LABELS
}


class PhraseMatch(NamedTuple):
    """A span of the text that one of a label's patterns matched."""

    label: str
    tier: Tier
    start: int
    end: int
    state: State


_TIERED: tuple[tuple[Tier, PatternSet], ...] = (
    ("strong", PatternSet(STRONG)),
    ("weak", PatternSet(WEAK)),
)

# One feature per label, tier and state.
FEATURE_NAMES: tuple[str, ...] = tuple(
    f"phrase:{label}:{tier}:{state}" for label in LABELS for tier in TIERS for state in STATES
)
_COLUMN = {name: index for index, name in enumerate(FEATURE_NAMES)}


def patterns_fingerprint() -> str:
    """Return a digest of every pattern, so a model can tell when the rules changed."""
    digest = hashlib.sha256()
    for tier, patterns in (("strong", STRONG), ("weak", WEAK)):
        for label in LABELS:
            for pattern in patterns.get(label, ()):
                digest.update(f"{tier}\0{label}\0{pattern}\0".encode())
    return digest.hexdigest()


def _state(token: Token) -> State:
    if token.negated:
        return "negated"
    if token.hypothetical:
        return "hypothetical"
    return "affirmed"


# The pattern sets of the tiers, in :data:`TIERS` order, for matching in one
# pass with other rules (see :func:`classifiers.features.analyse`).
PATTERN_SETS: tuple[PatternSet, ...] = tuple(patterns for _, patterns in _TIERED)


def find_phrases(tokens: Sequence[Token]) -> list[PhraseMatch]:
    """Return every label pattern match over ``tokens``."""
    return phrase_matches(tokens, [list(patterns.finditer(tokens)) for patterns in PATTERN_SETS])


def phrase_matches(tokens: Sequence[Token], found: Sequence[Sequence[Found]]) -> list[PhraseMatch]:
    """Return the phrase matches of ``found``, each tier's matches of :data:`PATTERN_SETS`."""
    matches: list[PhraseMatch] = []
    for (tier, _), tier_found in zip(_TIERED, found, strict=True):
        for pattern, first, last in tier_found:
            start, end = tokens[first].start, tokens[last].end
            matches.append(PhraseMatch(pattern.key, tier, start, end, _state(tokens[first])))
    return matches


def feature_column(match: PhraseMatch) -> int:
    """Return the index (into :data:`FEATURE_NAMES`) of the feature ``match`` switches on."""
    return _COLUMN[f"phrase:{match.label}:{match.tier}:{match.state}"]


def phrase_features(matches: Sequence[PhraseMatch]) -> list[int]:
    """Return the column indices (into :data:`FEATURE_NAMES`) that ``matches`` switch on."""
    return sorted({feature_column(match) for match in matches})


def denied_labels(matches: Sequence[PhraseMatch]) -> frozenset[str]:
    """Return the labels whose strong matches are all negated or hypothetical.

    "I was never restrained" mentions restraint only to deny it; a model score
    for such a label that is not clearly high is vetoed (see ``negation_veto_below``).
    """
    mentioned: set[str] = set()
    affirmed: set[str] = set()
    for match in matches:
        if match.tier == "strong":
            mentioned.add(match.label)
            if match.state == "affirmed":
                affirmed.add(match.label)
    return frozenset(mentioned - affirmed)
