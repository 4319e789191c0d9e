"""Word lists per language: function words to ignore, markers of a language, colloquial spellings.

Lists are written in ordinary spelling and folded here the way the analyser folds text (Russian
without soft signs, Kazakh in the loose key), so Latin-typed and Russian-keyboard text hits them.
Question words (сколько, неше, how) are deliberately not stop words: they tell "how many
deputies" from "who appoints deputies".
"""

from __future__ import annotations

from typing import Final

from bot.search.translit import kk_loose, ru_loose

_RU_STOP: Final = """
и в во на с со к ко по о об обо от до из у за для при про без над под через а но или либо ли же
бы ну то это этот эта эти этого этой тот та те там тут вот мне меня мой моя мое мои я ты вы мы он
она оно они его ее их нам вам нас вас ему ей им него нему ним нем нее ней них ними себя себе собой
свой своя свое свои своих был была было были быть будет будут будем есть еще уже вообще все всё
всего так также тоже даже просто теперь сейчас ныне именно точно конкретно вообще-то всё-таки
покажи покажите открой откройте найди найдите дай дайте пожалуйста скажите подскажите расскажите
объясните скажи подскажи расскажи объясни хочу хотел хотела знать интересно вопрос правда
значит типа вроде короче кстати ладно ок окей хорошо спасибо привет здравствуйте
"""

_KK_STOP: Final = """
және мен бен пен да де та те ма ме ба бе па пе бұл осы сол ол сен сіз біз олар маған саған оған
менің сенің оның біздің сіздің үшін туралы бойынша ғой қой ғана әлде немесе ал еді екен қазір әлі
айтыңызшы айтып беріңізші түсіндіріңізші түсіндіріңіз білгім келеді сұрақ рахмет сәлем
сәлеметсіз бе жайлы жөнінде көрсет көрсетші көрсетіңіз көрсетіңізші ашыңыз тауып беріңіз
"""

_EN_STOP: Final = """
a an the is are was were be been being am do does did of in on at to for from by with about as
into and or but if then so that this these those it its there their they them i me my we our you
your he she his her him will would shall should could might please tell know want wonder
explain s t also just really actually exactly precisely now already still yet ever anymore show
give open find display hi hello
thanks thank ok okay question
"""

# Spellings people type in chats, mapped to the standard word the content uses.
_RU_COLLOQUIAL: Final = {
    "скок": "сколько",
    "скока": "сколько",
    "скоко": "сколько",
    "чо": "что",
    "че": "что",
    "шо": "что",
    "што": "что",
    "щас": "сейчас",
    "ща": "сейчас",
    "тока": "только",
    "ваще": "вообще",
    "кароч": "короче",
    "пжлст": "пожалуйста",
    "плз": "пожалуйста",
    "нащет": "насчет",
    "канеш": "конечно",
    "счас": "сейчас",
    "када": "когда",
}
_KK_COLLOQUIAL: Final = {
    "нешеу": "неше",
    "кімдер": "кім",
    "қашаннан": "қашан",
}
_EN_COLLOQUIAL: Final = {
    "u": "you",
    "r": "are",
    "ur": "your",
    "pls": "please",
    "plz": "please",
    "whats": "what",
    "whos": "who",
    "hows": "how",
    "wheres": "where",
    "whens": "when",
    "dont": "do",
    "doesnt": "does",
    "cant": "can",
    "wont": "will",
    "isnt": "is",
    "arent": "are",
    "howmany": "how many",
    "thx": "thanks",
    "gonna": "will",
    "wanna": "want",
}

# Words that point to one language even without letters of its own alphabet.
_RU_MARKERS: Final = """
что как какой какая какое какие каким кто кого кому сколько когда где куда почему зачем ли можно
нужно будет будут есть это новой новая новый или который которая если чем для при про теперь
разве правда ли надо нельзя может могут должен
в во на с со у к ко по о об от до из за над под без и но же бы ещё уже
"""
_KK_MARKERS: Final = """
неше нешеу қанша қандай қашан қайда кім кімді кімге қалай неге қайсы бола болады болама ма ме
ба бе па пе және үшін туралы бойынша деген керек бар жоқ ма екен бе қажет мүмкін бар ма
"""
_EN_MARKERS: Final = """
what who whom whose how when where why which is are the a an of does do can will many much my
your there about under new does did was were should could would in on at to for from with by
and or not no so if it this that any still yet ok okay yes nah huh
"""

# Words that carry little meaning for this bot although the content rarely uses them: question
# words (which question is asked matters less than what it is about), "what does it say"
# framings, the country's name, and "still / now / remains" (almost any question about the new
# text can be asked as "is X still so?").
_RU_WEAK: Final = """
что кто кого кому кем чем как какой какая какое какие каким каких когда где куда откуда почему
зачем сколько чей чья чье говорит говорится сказано написано гласит пишут казахстан казахстана
казахстане рк республика республики страна стране
прежнему прежнее прежний остается остаётся останется остаются останутся сохраняется сохранится
теперь сейчас еще ещё уже всё надо нужно
"""
_KK_WEAK: Final = """
не кім кімге кімді кімнің қандай қашан қайда неге неше қанша қалай қайсы дейді делінген
айтылған жазылған айтады қазақстан қазақстанда қазақстанның республика ел елде
бұрынғыдай бұрынғысынша әлі енді қазір сақтала сақталады керек
"""
_EN_WEAK: Final = """
what who whom whose how when where why which say says said written kazakhstan republic country
still remain remains stay stays anymore now yet already need needs
"""

# Other states: a question about their constitution or president is off-topic, so these words
# weigh as much as the rarest term and must be matched by the item that answers.
_RU_FOREIGN: Final = """
россия россии россию рф российская российской американская американской сша америка америке
узбекистан узбекистана кыргызстан кыргызстана киргизии киргизия таджикистан таджикистана
туркменистан туркмении франция франции германия германии китай китая кнр турция турции украина
украины беларусь беларуси белоруссия белоруссии англия англии британия британии италия италии
япония японии индия индии грузия грузии армения армении азербайджан азербайджана монголия монголии
"""
_KK_FOREIGN: Final = """
ресей ресейдің ресейде америка америкада ақш өзбекстан өзбекстанның қырғызстан қырғызстанның
тәжікстан түрікменстан франция германия қытай түркия украина беларусь англия италия жапония
үндістан грузия армения әзербайжан моңғолия
"""
_EN_FOREIGN: Final = """
russia usa america american uzbekistan uzbek kyrgyzstan kyrgyz tajikistan turkmenistan france
french germany german china chinese turkey turkish ukraine ukrainian belarus britain british uk
england italy japan india georgia armenia azerbaijan mongolia
"""

# Everyday matters a constitution bot never answers (prices, tickets, weather, exchange rates):
# a question holding one is about something else however many content words it shares.
_RU_OFF_TOPIC: Final = """
погода погоду прогноз цена цены ценам стоимость билет билеты поезд поезда самолет рейс автобус
доллар доллара евро рецепт анекдот шутку футбол фильм песню хлеб бензин гороскоп виза визу
"""
_KK_OFF_TOPIC: Final = """
ауа райы болжамы билет билеті пойыз пойызы ұшақ автобус доллар доллардың еуро бағамы рецепт
әзіл анекдот футбол фильм нан бензин жұлдызнама виза
"""
_EN_OFF_TOPIC: Final = """
weather forecast price prices cost costs ticket tickets train flight flights bus dollar dollars
euro recipe joke football movie film song bread petrol gasoline horoscope visa
"""

FunctionWords = dict[str, frozenset[str]]


def _words(block: str) -> list[str]:
    return block.split()


STOPWORDS: Final[FunctionWords] = {
    "ru": frozenset(ru_loose(word) for word in _words(_RU_STOP)),
    "kk": frozenset(kk_loose(word) for word in _words(_KK_STOP)),
    "en": frozenset(_words(_EN_STOP)),
}
"""Function words per language, folded as the analyser folds surface words."""

MARKERS: Final[FunctionWords] = {
    "ru": frozenset(ru_loose(word) for word in _words(_RU_MARKERS)),
    "kk": frozenset(kk_loose(word) for word in _words(_KK_MARKERS)),
    "en": frozenset(_words(_EN_MARKERS)),
}
"""Words that are evidence for a language, folded like STOPWORDS."""

WEAK_WORDS: Final[dict[str, tuple[str, ...]]] = {
    "ru": tuple(_words(_RU_WEAK)),
    "kk": tuple(_words(_KK_WEAK)),
    "en": tuple(_words(_EN_WEAK)),
}
"""Words whose index terms get a low weight whatever their rarity (not folded: they are read
with the analyser like content)."""

FOREIGN_STATES: Final[dict[str, tuple[str, ...]]] = {
    "ru": tuple(_words(_RU_FOREIGN)),
    "kk": tuple(_words(_KK_FOREIGN)),
    "en": tuple(_words(_EN_FOREIGN)),
}
"""Names of other states (read with the analyser like content)."""

OFF_TOPIC: Final[dict[str, tuple[str, ...]]] = {
    "ru": tuple(_words(_RU_OFF_TOPIC)),
    "kk": tuple(_words(_KK_OFF_TOPIC)),
    "en": tuple(_words(_EN_OFF_TOPIC)),
}
"""Words of everyday matters outside the Constitution (read with the analyser like content)."""

COLLOQUIAL: Final[dict[str, dict[str, str]]] = {
    "ru": {ru_loose(key): value for key, value in _RU_COLLOQUIAL.items()},
    "kk": {kk_loose(key): value for key, value in _KK_COLLOQUIAL.items()},
    "en": dict(_EN_COLLOQUIAL),
}
"""Folded colloquial spelling -> standard word(s), per language."""
