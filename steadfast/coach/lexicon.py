"""Word lists and patterns behind the coach's rules.

Each cue is (label, weight, pattern, why). The weight is how sure the cue is on its own (0..1);
`why` is the one line the person sees next to the highlighted words. Patterns run on text whose
curly quotes were straightened, case-insensitively.

Sources for the cue families: Gottman's Four Horsemen as publicly described (criticism attacks
character, contempt mocks or looks down, defensiveness deflects, stonewalling withdraws), and the
gentle start-up ("I feel … about … I need …"). See README.md for the references.
"""

import re

LABELS = ("criticism", "contempt", "defensiveness", "stonewalling", "gentle")
HORSEMEN = LABELS[:4]

# Al-Mosaiwi & Johnstone (2018), Clinical Psychological Science 6(4):529-542,
# doi:10.1177/2167702617747074; the 19-word list from the paper's supplement.
ABSOLUTIST_WORDS = (
    "absolutely",
    "all",
    "always",
    "complete",
    "completely",
    "constant",
    "constantly",
    "definitely",
    "entire",
    "ever",
    "every",
    "everyone",
    "everything",
    "full",
    "must",
    "never",
    "nothing",
    "totally",
    "whole",
)
# Letters or an apostrophe on either side mean the word is part of a longer one ("all's" is
# still "all"; "ever" in "everyone" or "forever" is not "ever").
ABSOLUTIST_RE = re.compile(r"(?<![\w])(" + "|".join(ABSOLUTIST_WORDS) + r")(?![\w])", re.IGNORECASE)

_YOU_ARE = r"\byou(?:'re| are|re|r)\b"
_DEGREE = r"(?:\s+(?:so|such|really|just|completely|totally|very|truly|honestly|the most|a|an))*"
CHARACTER_WORDS = (
    r"selfish|lazy|careless|useless|thoughtless|inconsiderate|irresponsible|unreliable|hopeless"
    r"|insensitive|self-?(?:absorbed|centred|centered|obsessed)|immature|stubborn|controlling"
    r"|cold|moody|jealous|needy|rude|disorgani[sz]ed|flaky|negative|ungrateful|reckless|tactless"
    r"|shallow|impossible|difficult|passive|secretive|liar|slob|nightmare|workaholic|incapable"
    r"|unbearable|bad (?:father|mother|partner|dad|mum|mom|husband|wife)|terrible \w+"
)
INSULT_WORDS = (
    r"idiot|moron|loser|pathetic|clown|muppet|plonker|dumbass|dense|dim|stupid|ridiculous"
    r"|disgusting|gross|joke|waste of space|drama queen|snowflake|wimp|coward|hypocrite|fraud"
    r"|embarrassment|nasty piece of work|donkey|baby|child|toddler|sad little \w+|thick"
    r"|laughable|spineless \w+|bad joke|muppet|princess"
)

# Said warmly, "you always" is appreciation ("you always make me laugh"). "Never" is warm only
# in a few turns of phrase: "you never say thank you" names a lack, not a kindness.
WARM_ALWAYS = re.compile(
    r"\b(?:love|laugh|thank|thanks|proud|amazing|lovely|the best|cheer|patient|appreciate"
    r"|i notice|grateful|adore|make me (?:happy|smile|feel safe)|wonderful|there for me"
    r"|first person|at home|have my back|smell|special|make my day|know how to|feel (?:safe"
    r"|loved|better))\b",
    re.IGNORECASE,
)
WARM_NEVER = re.compile(r"\bnever (?:fail|stop|forget|let me down|give up on)\b", re.IGNORECASE)

SARCASTIC_FRAME = re.compile(
    r"\b(?:not\.|oh wait|yeah right|as if|sure you (?:were|did|will)|🙄)", re.IGNORECASE
)

CUES = [
    # Criticism: the partner's character, not one behaviour.
    (
        "criticism",
        0.75,
        r"\byou(?:'ve| have)?\s+(?:(?:just|only|really)\s+)?(?:always|never|constantly|forever)\b"
        r"(?:\s+(?:once|ever))?",
        "'you always' or 'you never' turns a complaint about one moment into a judgement of"
        " character",
    ),
    (
        "criticism",
        0.85,
        _YOU_ARE + _DEGREE + r"\s+(?:" + CHARACTER_WORDS + r")\b",
        "a label like this describes who your partner is, not what they did",
    ),
    (
        "criticism",
        0.85,
        r"\bwhat(?:'s| is) wrong with you\b",
        "'what's wrong with you' attacks the person instead of naming the problem",
    ),
    (
        "criticism",
        0.8,
        r"\b(?:the|that's just the) (?:kind|type|sort) of (?:person|man|woman|guy|partner|people)"
        r"(?: who| you are)?\b",
        "'the kind of person who' turns one event into a verdict on who they are",
    ),
    (
        "criticism",
        0.7,
        r"\bwhy (?:are|can't|do|must|won't|is it) you(?: so| always| ever| never| like this"
        r"| insist| incapable)\b",
        "a 'why are you so…' question blames character rather than asking about a situation",
    ),
    (
        "criticism",
        0.7,
        r"\bI (?:just )?(?:feel|think)(?: like| that)? you(?:'re| are)?\s+(?:always|never|so|just|a"
        r"|don't care|really)\b",
        "'I feel like you…' is a judgement dressed as a feeling; a feeling is about you",
    ),
    (
        "criticism",
        0.7,
        r"\byou (?:just )?(?:don't|do not|clearly don't|never) (?:even )?(?:care|try|think|respect"
        r"|value)\b",
        "saying your partner doesn't care judges their heart; say what you need instead",
    ),
    (
        "criticism",
        0.6,
        r"\b(?:you (?:only )?(?:ever )?(?:think|care) about (?:yourself|work|you)|typical you"
        r"|(?:once|yet) again you|do you ever (?:think|listen)|your problem is"
        r"|the problem with you)\b",
        "this frames the problem as your partner's nature rather than one situation",
    ),
    # Contempt: superiority, mockery, name-calling, disgust.
    (
        "contempt",
        0.9,
        _YOU_ARE + _DEGREE + r"\s+(?:" + INSULT_WORDS + r")\b",
        "name-calling says you look down on your partner; it hurts more than any complaint",
    ),
    (
        "contempt",
        0.85,
        r"\b(?:you (?:disgust me|make me sick)|you (?:absolute|complete|total) \w+|what an?"
        r" (?:joke|idiot|loser|child|absolute \w+)|i married an? \w+|waste of space|get a grip"
        r"|get over yourself|grow up|act your age|man up|cry me a river|boo hoo|cry about it"
        r"|bless your heart|slow clap|eye ?roll|rolls? (?:my )?eyes|spare me the \w+"
        r"|crocodile tears|cue the waterworks|oscar-worthy|drama queen)\b",
        "mocking or looking down on your partner is contempt, the most damaging of the four",
    ),
    (
        "contempt",
        0.85,
        r"(?:\b(?:do you want|want|should i (?:throw|write|give) you) (?:a )?(?:medal|gold star"
        r"|parade|trophy|thank-you card|round of applause)|\bmust be nice\b|\bthanks? (?:a lot|for"
        r" nothing)\b|\bcheers for nothing\b|\bwell done you\b|\blet me guess\b|\blook who(?:'s)?"
        r" (?:finally|decided|turned|showed)\b|\b(?:father|mother|parent|employee) of the"
        r" (?:year|month)\b|\bthat's rich\b|\bcoming from you\b|\bsays the (?:person|one|man|woman"
        r"|guy)\b|\bkeep telling yourself\b|\bwhatever helps you sleep\b|\bcould you be any more\b"
        r"|\bwhat are you,? (?:five|5|twelve)\b|\bdo you even have a brain\b|\bnot\.\s*$"
        r"|\bstop the presses\b|\brecords are falling\b|\bshocker\b|\bwhat a surprise\b"
        r"|\bmiracles do happen\b|\bhow (?:generous|kind|adorable|cute) (?:of you|that)\b"
        r"|\bdon't (?:strain|hurt) yourself\b|\bmust be exhausting being you\b|\b(?:funny|amazing)"
        r" how you\b|\bleave it to you to\b|\bwhat did i ever see in you\b|\bhow are you (?:this"
        r"|so) \w+\?|\bbecause you're (?:so|famously)\b|\bi expected nothing\b|^\W*oh,? (?:great"
        r"|fantastic|brilliant|wonderful|lovely|good|wow|joy)\b(?![^.!?]*\b(?:thank|love)))",
        "sarcasm says the opposite of what it means and leaves your partner feeling mocked",
    ),
    (
        "contempt",
        0.7,
        r"(?:🙄|👏\s*👏|🍿|\*[^*\n]{0,20}eye[^*\n]{0,10}\*|\b(?:lol|lmao)\b|\bri{2,}ght\b"
        r"|\bpfft\b|\bsoo+\b|\bwhatever you say,? (?:dear|boss)\b|\byes,? (?:dear|master)\b"
        r"|\bdear\b\.?$)",
        "eye-rolls and mocking laughter signal contempt even without harsh words",
    ),
    (
        "contempt",
        0.65,
        r"\byour (?:little )?\"[^\"\n]{1,30}\"|\"[^\"\n]{1,30}\"\s*(?:again|🙄|\?)|"
        r"\b(?:sure|oh),? (?:you were|it's|it was|you'll) \"[^\"\n]{1,30}\"",
        "quote marks around your partner's words say you don't believe them",
    ),
    # Defensiveness: deflecting, counter-attacking, excuses, innocent victim.
    (
        "defensiveness",
        0.85,
        r"\b(?:it(?:'s| is| was|s)|that(?:'s| is| was)|this(?:'s| is))\s*(?:not|n't|isn't|wasn't)"
        r"(?: really| exactly| entirely| all)? (?:my fault|on me|my responsibility|my decision"
        r"|my idea|up to me|in my control)\b|\bnot my (?:fault|problem to fix)\b|\bblame (?:him|her"
        r"|them|the \w+) not me\b|\bdon't put this on me\b|\bi'm not going to be blamed\b",
        "saying it isn't your fault deflects the complaint; owning even a small part calms things",
    ),
    (
        "defensiveness",
        0.85,
        r"\b(?:i'm |i am )?sorry (?:if |that )?you (?:feel|felt|took|were|are|think|see)\b"
        r"|\bsorry you took it\b|\bsorry for (?:existing|trying)\b|\bsorry i'm not perfect\b",
        "'I'm sorry you feel that way' apologises for their feelings, not for anything you did",
    ),
    (
        "defensiveness",
        0.8,
        r"\b(?:you're the one (?:who|always|that)|you're one to talk|what about (?:when|the time"
        r"|you|all the times)|you do (?:exactly )?the same|(?:you're|you are) not (?:exactly )?"
        r"(?:perfect|easy)|it's not like you're|don't act like you've never|you started it"
        r"|you (?:shouted|did it) first|i'm not the one|i don't see you)\b",
        "answering a complaint with one of your own (cross-complaining) keeps the fight going",
    ),
    (
        "defensiveness",
        0.8,
        r"\b(?:nothing i do is (?:ever )?(?:good enough|right)|i can't (?:win|do anything right)"
        r"|so (?:now )?(?:i'm|it's) (?:the bad guy|my fault)|why is (?:it|everything) always my"
        r" fault|(?:here we go, )?blame me|after everything i do|everything i do is wrong|i'm the"
        r" worst \w+ ever|i'm a terrible person|why am i always the one|i'm only human|how dare you"
        r"|this is the thanks i get|why is it always me"
        r"|i didn't do anything wrong|i did nothing wrong|i'm not going to apologi[sz]e)\b",
        "playing the innocent victim turns the complaint back on your partner",
    ),
    (
        "defensiveness",
        0.7,
        r"\b(?:i never said (?:that|i'd|i would)|that's not what i said|i never promised|that's not"
        r" how it happened|you're (?:remembering it wrong|misremembering|exaggerating|overreacting"
        r"|twisting|reading too much|too sensitive|being unreasonable)|you misunderstood|stop"
        r" exaggerating|it's not a big deal|it was (?:one|only one) time|it was (?:just|only) a"
        r" joke|no i didn't|i did not|it wasn't me|when have i ever|name one time|that's literally"
        r" not true|i'm not being defensive|i'm (?:just|only) explaining)\b",
        "denying or correcting their account puts the two of you on opposite sides",
    ),
    (
        "defensiveness",
        0.6,
        r"\b(?:i hear (?:you|what you're saying),? but|with (?:all due )?respect|to be fair|tbf"
        r"|in (?:my defen[cs]e|fairness)|i (?:get|understand|see|appreciate|take) (?:that"
        r"|your point"
        r"|it|where you're coming from|what you mean)[^.!?\n]{0,40}?\b(?:but|however|though)"
        r"|(?:yes|yeah|ya|ok|okay),? but|respectfully)\b",
        "'yes, but' acknowledges your partner and then cancels it",
    ),
    (
        "defensiveness",
        0.55,
        r"\b(?:how was i (?:supposed|meant) to know|you never (?:said|told me|asked)|you didn't"
        r" (?:tell|remind|ask|say)|you should have (?:reminded|told|asked)"
        r"|can't read (?:your )?minds?"
        r"|i (?:was|had been) (?:busy|swamped|stressed|tired|just about to|literally about to|going"
        r" to)|my phone died|i didn't have time|i had (?:a (?:really )?long day|to finish)|nobody"
        r" told me|it slipped my mind|i just forgot|i forgot,? so what)\b",
        "an excuse explains why it wasn't your fault; the complaint is left unanswered",
    ),
    # Stonewalling: refusing, withdrawing, shutting the conversation down.
    (
        "stonewalling",
        0.85,
        r"\b(?:i(?:'m| am) not (?:discussing|talking about|doing this|having this|getting into"
        r"|going there|answering|explaining|replying|listening|talking to you|arguing)|(?:don't|do"
        r" not) want to (?:talk|hear|discuss)|not (?:discussing|having this|getting into|going"
        r" there)|we're done|conversation (?:is )?over|end of discussion|leave me alone|go away"
        r"|i don't care|don't care|couldn't care less|nothing (?:more )?to (?:say|talk about"
        r"|discuss)|(?:don't|stop|do not) (?:talk(?:ing)?|text(?:ing)?|messag(?:e|ing)|call(?:ing)?"
        r"|contact(?:ing)?) me|not up for discussion|i won't (?:discuss|engage)|i refuse to"
        r"|don't (?:ever )?bring (?:it|that) up|no point talking|count me out|i've stopped|i don't"
        r" owe you an answer|forget i said anything|blocking you"
        r" listening|talk to the hand|i'm (?:muting|blocking|ignoring)|i've muted|headphones"
        r"|don't wait (?:up|for me)|don't (?:ask|follow)|i give up|can't be bothered|not"
        r" interested|save it|i'm shutting down|i'm switching off|we can talk never|not ever)\b",
        "shutting the conversation down leaves your partner alone with the problem",
    ),
    (
        "stonewalling",
        0.6,
        r"\b(?:i'm (?:going out|leaving|out|off to|going to (?:bed|sleep|my))"
        r"|i need (?:some )?space"
        r"|taking (?:some )?time out|i'm stepping away|change the subject"
        r"|can we talk about something"
        r" else|moving on|next topic|^\W*anyway|i'm busy|can't talk|not now|not in the mood"
        r"|whatever|forget it|drop it|never ?mind|nvm|i'm done|no comment|do what(?:ever)? you"
        r" (?:want|like)|it doesn't matter)\b",
        "walking away without saying when you'll come back can feel like a door closing",
    ),
]

# A whole reply of one or two flat words, said in the middle of a hard conversation.
CURT_REPLY = re.compile(
    r"^\W*(?:fine|whatever|w/e|k+|ok(?:ay)?|sure(?: thing)?|noted|nothing|yep|yup|nope|nah|no|mhm"
    r"|uh huh|idc|meh|cool|great|fab|right|bye|later|nvm|done|enough|stop|pass|yeah(?: yeah)?"
    r"|ya|seen|silence|shrug|gone|offline|busy|quiet|shh|night|goodnight|goodbye|gtg"
    r"|if you say so|up to you|your call|we'll see|cool story)\W*$|^\W*$|^[\s.…]+$|^\W*(?:🤷\S*"
    r"|👍)\W*$",
    re.IGNORECASE,
)
CURT_WHY = "a one-word reply in a hard conversation reads as shutting your partner out"

# Gentle evidence: own feelings, needs and requests, appreciation, repair, curiosity.
FEELINGS = (
    r"hurt|sad|lonely|scared|worried|anxious|nervous|frustrated|upset|overwhelmed|stressed"
    r"|disappointed|embarrassed|insecure|jealous|uneasy|uncomfortable|neglected|ignored|unheard"
    r"|left out|let down|flooded|fragile|hopeful|proud|grateful|happy|angry|low|confused|afraid"
    r"|lost|unsure|guilty|ashamed|unappreciated|invisible|distant|silly|steamrollered|tired"
    r"|exhausted|heated|sorry|relieved|excited|loved|safe|safest|calmer|better"
)
GENTLE_CUES = [
    (
        0.7,
        r"\bi (?:feel|felt|get|got|am feeling|'m feeling|'ve been feeling|have been feeling)"
        r"(?:\s+(?:a (?:bit|little)|really|so|very|quite|kind of|kinda|pretty|honestly|tbh))*\s+"
        r"(?:" + FEELINGS + r")\b|\bi(?:'m| am)(?:\s+(?:a (?:bit|little)|really|so|very|quite"
        r"|kind of|kinda|feeling|getting))*\s+(?:hurt|sad|lonely|scared|worried|anxious|nervous"
        r"|frustrated|upset|overwhelmed|disappointed|embarrassed|insecure|flooded|fragile|hopeful"
        r"|proud|grateful|heated)\b",
        "naming your own feeling invites your partner in instead of putting them on trial",
    ),
    (
        0.5,
        r"\b(?:i need|i'd (?:like|love|appreciate|really like)|i would (?:like|love|appreciate)"
        r"|could we|can we (?:talk|try|agree|make|plan|sit|go|set|have|look|sort|find|pause|take"
        r"|chat|do|decide|reschedule)|would you (?:be|mind|text|let)|could you (?:let|give|help"
        r"|do|take|tell|text|check|ask|be)|would it help|it would (?:help|mean|really)|next time"
        r"|how about|shall we|let's (?:try|talk|take|plan|sort|figure|do)|what do you think"
        r"|how does that sound|what would help)\b",
        "asking for what you need gives your partner a way to help",
    ),
    (
        0.6,
        r"\b(?:thank(?:s| you)(?! (?:a lot|for nothing))|i (?:really )?appreciate|i love (?:you"
        r"|it|how|that|the way)|love (?:you|u)\b|proud of (?:you|us)|grateful|you(?:'re| are)"
        r" (?:so |really |such a |a )?(?:thoughtful|wonderful|brilliant|good|kind|amazing"
        r"|patient|the best)|you did (?:so |a )?(?:well|great|good)|make[s]? me (?:happy|laugh"
        r"|feel safe)|luv u)\b|(?:❤️|😊|💕|\bx+)\s*$",
        "appreciation makes a hard conversation feel safer",
    ),
    (
        0.7,
        r"\b(?:(?:i'm|i am|i'm so|i'm really) sorry(?! (?:if |that )?you (?:feel|felt|took|were"
        r"|think))|i apologi[sz]e|i owe you an apology|that's on me|(?:it was|that was) my fault"
        r"|i should have|you're (?:right|right that)|you have a point|you had a point|i was wrong"
        r"|i messed up|no excuse|my part|part of this is on me|i didn't handle that well|i can see"
        r" why|i get why|i understand(?!,? but)|that makes sense|that's fair|good point"
        r"|i can own)\b",
        "taking responsibility, even for a small part, lowers the temperature",
    ),
    (
        0.7,
        r"\b(?:tell me more|help me understand|say more|what do you need|how (?:did|does) (?:that"
        r"|it) (?:make you )?feel|i'm listening|i want to (?:understand|hear)|is that right"
        r"|did i get"
        r" that right|is that it|what was that like|how can i|is there anything i can do|what can i"
        r" do|i'd like to (?:hear|understand)|i'm here if|i'm on your side|we're a team)\b",
        "curiosity about your partner's side helps them feel heard",
    ),
]

# A break that names a time or a promise to come back is the antidote to stonewalling.
RETURN_PLAN = re.compile(
    r"\b(?:back (?:in|at|by|after)|come back|be back|i'll come (?:find|back)|pick (?:this|it) up"
    r"|continue|keep (?:going|talking)|finish (?:this|talking)|talk (?:again |about it |properly )?"
    r"(?:in|at|tomorrow|tonight|after|later today|when i've calmed|once)|not going anywhere"
    r"|not leaving)\b",
    re.IGNORECASE,
)
RETURN_PLAN_WHY = "naming a break with a time to come back is the antidote to stonewalling"

# Threats and coercive control: route to the safety resources, never to a rewrite.
SAFETY_CUES = re.compile(
    r"\b(?:you(?:'re| are) not allowed to|you can't (?:leave|go out|see (?:your|them|her|him))"
    r"|(?:i'll|i will|i'm going to|im gonna|i'm gonna) (?:take the (?:kids|children|baby)|(?:hurt"
    r"|kill|hit|destroy|ruin|end|smash) (?:you|the kids|them|myself|yourself|him|her|your \w+))"
    r"|you'll never see"
    r" (?:the|your) (?:kids|children|baby)|give me your (?:phone|password|passcode|pin|bank)"
    r"|hand over your (?:phone|keys|card|wages)|unlock your phone|send me your location"
    r"|or else(?:\W*$| you| i)"
    r"|you'd better (?:watch|do as|not)|watch your back|i know where you (?:live|work|are)"
    r"|you'll regret (?:it|this)"
    r"|i'll make you (?:pay|regret|sorry)|if you leave (?:me )?i'll|if you leave,? i'll|i'll post"
    r" (?:the|your) (?:photos|pictures|videos)|you need my permission|who said you could"
    r"|you're not going anywhere|i'll tell everyone|nobody will believe you|you're mine)\b",
    re.IGNORECASE,
)
SAFETY_WHY = (
    "this sounds like a threat or an attempt to control; help is available, and this is not"
    " something to rephrase"
)
