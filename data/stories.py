"""A built-in generator of simple children's stories: slm's offline default corpus.

Every word of this text is synthetic, written by hand for slm (no dataset is copied), so the model has kids'
stories to learn from on any machine without a download. Two families of stories:
- any-hero stories (ANY_HERO_SHARE of them): the hero is any kind a children's story has, drawn from the catalogue
  in data/heroes.py (a rhinoceros, a fire truck, a cactus, twins, the sun), opened in the forms real stories open
  with, and told from one of the plots written as text in data/plots.py; the engine for them is the section "any-hero
  stories" below (Being, _AnyStory, _read_plots). Content lives in those two files, so a contributor adds a hero or a
  plot without reading the engine.
- the older plot shapes (a lost toy, sharing, fear of the dark, a storm, a garden that will not grow, ...), each a
  function here: a sequence of steps with several wordings per step, framed by varied openings, connectors and
  endings, and filled from the word lists below.

The output is deterministic for a seed: one random.Random(seed) drives everything, and no step depends on hash
randomisation or set ordering.

    python -m data.stories [N] [path]      # writes N stories (default 20000) to path (default data/builtin/stories.txt)
"""

import hashlib
import os
import random
import re
import sys
from pathlib import Path

from data import heroes as _heroes
from data import plots as _plots
from data.tokens import EOT, write_atomically

DEFAULT_PATH = Path(__file__).resolve().parent / "builtin" / "stories.txt"   # beside this file, from any folder


def _words(text):
    return text.split()


def _items(text):
    return [t.strip() for t in text.split("|") if t.strip()]


# ---------------------------------------------------------------------------------------------------------------
# word lists

GIRL_NAMES = _words("""
Lily Mia Emma Ava Zoe Lucy Ella Chloe Grace Ruby Rosa Anna Maya Nora Sara Amy Daisy Hannah Ivy Jade Kate Lena
Molly Nina Olivia Poppy Rita Sophie Tina Wendy Bella Clara Dora Eva Fiona Gina Hazel Isla Julia Kim Layla Mila
Nadia Priya Rosie Sofia Tara Vera Willow Yara Zara Aisha Amara Leila Mei Fatima Elena Lola Greta Pia Esme Iris
Luna Stella Amelia Alice Matilda June Bea Cora Elsie Freya Holly Inez Joy Kiki Lara Maisie Nell Opal Penny Ria
Suki Thea Uma Violet Wren Yasmin Zuri Abby Becky Carla Dina Edith Flora Gemma Jenny Katie Lottie Meg Naomi
Sue Sally Jane Sarah Mary Jill Lisa Susie Millie Kitty Lila Jen Mimi Annie Beth Tess Dot Polly Peggy Rachel
""")
BOY_NAMES = _words("""
Tom Ben Max Leo Jack Finn Noah Liam Oscar Theo Toby Jake Luke Ryan Adam Eli Owen Hugo Ivan Joe Kai Milo Nick
Omar Pablo Ravi Sean Tim Victor Zack Arlo Billy Carlos Danny Ethan Felix George Harry Isaac Jonah Kofi
Louis Mateo Ned Ollie Peter Rory Simon Teddy Umar Vince Wes Yusuf Ahmed Hiro Raj Diego Marco Bruno Otto Jasper
Henry Arthur Caleb Dylan Freddie Gus Lucas Aaron Bobby Chris Dev Eddie Frank Gabe Hank Jim Kevin Lenny Mark Nate
Pete Rafi Stan Tariq Walter Zane Amir Bilal Cody Dario Emil Fred Hamid Ian Jorge Karl Leon Neil Paul Rudy
Timmy Bob John Tommy Jimmy Benny Andy Sammy Joey Bill Mike Steve Tony Jeff Roy Rob Dan Ted
""")
NEUTRAL_NAMES = _words("""
Alex Sam Charlie Riley Jamie Robin Quinn Jordan Taylor Casey Morgan Rowan Sage Ash Remy Frankie Jesse Kit
Reese Avery Emery Harper Parker Drew Toni Jules Blair Ari Bailey Dakota Ellis Finley Hayden Indigo Jody
Kendall Marley Noel Oakley Peyton Reggie Shay Tatum Val Wynn
""")
PET_NAMES = _words("""
Buddy Coco Rex Spot Patch Pip Biscuit Pepper Muffin Socks Whiskers Bubbles Fluffy Shadow Sunny Button Peanut
Noodle Ziggy Sprinkles Pickles Tiny Bean Toffee Ginger Mango Pumpkin Dotty Waffles Honey Snowy Scout Rusty
Bingo Lulu Nibbles Marble Jelly Cookie Fudge Nugget Pebbles Poppet Rolo Smudge Tango Twinkle Wiggles Zippy
Bramble Clover Dumpling Flapjack Gizmo Hopscotch Juniper Kiwi Lemon Maple Nutmeg Oreo Parsnip Quill Raisin
""")
SURNAMES = _words("""
Green Brown Hill Lee Park Moss Reed Stone Wood Lake Bell Fox Berry Lane Snow Rose May Day Gray Frost Fields
Brook Cole Hart Kent Lamb North Oak Pine Rivers Swan Wells Apple Baker Cotton Dale Finch Glen Jay Kettle
Marsh Nettle Orchard Plum Shore Thorn Vale Smith Jones Miller Carter White Cook
""")

_CHILD_NAMES = frozenset(GIRL_NAMES + BOY_NAMES + NEUTRAL_NAMES)
# the names most stories use, weighted as real TinyStories uses them (in 3,000 of its stories: Lily a third of the
# girls' names, Tim a third and Tom a fifth of the boys', Sam most of the rest); every one is in the lists above
def _weighted(text):
    return [name for item in text.split() for name, times in [item.split("*")] for _ in range(int(times))]


COMMON_GIRL_NAMES = _weighted("Lily*34 Sue*13 Lucy*8 Mia*7 Anna*5 Sara*4 Amy*4 Sally*3 Jane*2 Sarah*2 Daisy*2 Kitty*2 "
                              "Molly*1 Lila*1 Mary*1 Jill*1 Emma*1 Lisa*1 Ella*1")
COMMON_BOY_NAMES = _weighted("Tim*33 Tom*20 Ben*11 Max*10 Timmy*4 Jack*4 Bob*4 John*3 Joe*1 Billy*1 Tommy*1 Jimmy*1 "
                             "Benny*1 Andy*1 Jake*1 Sammy*1")
COMMON_NEUTRAL_NAMES = _weighted("Sam*5 Alex*2 Remy*1 Charlie*1 Riley*1")
COMMON_NAME_SHARE = 0.88     # of real TinyStories' named children, 89% have one of the names above
# grown-ups' first names ("Aunt Ruth"), kept apart from the children's so a story's child names are only its children
AUNT_NAMES = _words("Ruth Helen Carol Joan Linda Susan Margaret Betty Diane Nancy Karen Ellen Martha Gloria")
UNCLE_NAMES = _words("Harold Albert Clive Gordon Leonard Eugene Howard Ralph Stanley Bernard Norman Douglas")

# (kind noun, how it speaks) for animal heroes and friends; all gentle animals that can walk on land
HERO_ANIMALS = _words("""
dog dog dog dog cat cat cat cat bird bird bird fish fish rabbit rabbit mouse mouse puppy puppy kitten bunny
bunny fox bear mouse puppy kitten duckling owl frog squirrel hedgehog piglet lamb goat fawn raccoon otter penguin
panda elephant monkey giraffe koala badger beaver turtle hamster pony mole kangaroo chipmunk llama zebra hippo
tiger lion chick gosling calf foal donkey
""")
ANIMALS = _words("""
dog cat bird horse cow pig sheep goat duck hen rooster rabbit mouse fox bear wolf deer owl frog toad turtle snail
worm butterfly bee ladybug ant beetle spider dragonfly caterpillar squirrel hedgehog badger mole otter beaver
raccoon skunk bat crow robin sparrow blackbird swan goose pigeon parrot penguin seal whale dolphin octopus crab
starfish jellyfish shark fish lion tiger elephant giraffe zebra hippo rhino monkey gorilla panda koala kangaroo
camel llama donkey goldfish hamster tortoise lizard snake crocodile flamingo peacock pelican puffin walrus moose
yak lamb kitten puppy chick unicorn dragon dinosaur bunny chipmunk ostrich cheetah leopard sloth meerkat moth
cricket grasshopper firefly seahorse lobster shrimp turkey mule porcupine weasel
""")
COLORS = _words("""
red blue green yellow orange purple pink white black brown gray golden silver teal violet lilac crimson turquoise
navy cream lemon mint scarlet amber peach rosy tan beige maroon lavender magenta lime olive coral ivory copper
bronze emerald indigo ruby cherry plum aqua sky-blue sea-green jade chocolate grass-green bubblegum-pink ocean-blue
""")
TOYS = _items("""
ball | kite | doll | teddy bear | toy car | toy train | robot | yo-yo | puzzle | spinning top | drum | toy boat |
truck | jump rope | marble | puppet | hula hoop | whistle | scooter | wagon | rocket | toy dinosaur | rag doll |
toy plane | tea set | xylophone | music box | race car | rubber duck | fire truck | tractor | bouncy ball |
toy horse | rocking horse | castle | jack-in-the-box | snow globe | kaleidoscope | harmonica | toy piano |
stuffed elephant | stuffed giraffe | toy digger | toy bus | dollhouse | magic wand | crown | telescope |
toy camera | toy guitar | toy phone | paper crown | wooden sword | toy tiger | finger puppet | play tent |
stuffed bunny | stuffed puppy | toy kitten | toy helicopter | toy submarine | toy ambulance | toy spaceship |
toy pirate ship | toy farm | toy kitchen | baby doll | toy soldier | nutcracker | wind-up mouse | wind-up frog |
jigsaw puzzle | pogo stick | skateboard | toy sailboat | monster truck | toy dragon | toy unicorn | toy knight |
toy pony | stuffed lion | stuffed monkey | stuffed penguin | plush owl | toy trumpet | slinky | bubble gun |
water pistol | kazoo | toy drum set | hobby horse | toy fort | toy ship | building set | toy binoculars |
toy crane | toy fire station | teddy dog | beach ball | paper windmill | toy bunny | pull-along duck |
toy tambourine | stuffed tiger | toy cash register | toy doctor kit
""")
TOY_ADJ = _words("""
shiny old soft fluffy sparkly little big bouncy squeaky wooden striped spotty fuzzy tiny special lucky musical
glittery bright cuddly battered new painted favorite precious colorful funny magic beloved tattered patched chunky
wobbly noisy cheerful pretty handmade plastic cute small huge wonderful dusty well-loved secret gleaming
""")
HERO_ADJ = _words("""
kind curious brave clever shy cheerful gentle friendly funny playful busy silly sweet polite helpful quiet lively
bouncy cheeky careful thoughtful bright smart caring merry chatty giggly daring patient honest jolly happy young
eager lovely sunny wise noisy dreamy spirited loving generous fearless bold clumsy sleepy hungry proud loyal tidy
messy lucky cuddly plucky adventurous creative excited wiggly bubbly smiley sporty speedy sensible dainty nosy
restless hardworking fussy grumpy freckly tough hopeful joyful timid mischievous energetic good-natured witty
""")
HOBBIES = _items("""
painting pictures | building tall towers with blocks | singing silly songs | reading picture books |
dancing in the kitchen | playing with a red ball | jumping in puddles | looking for bugs | counting the stars |
climbing trees | drawing animals | making mud pies | riding a little bike | playing hide-and-seek |
collecting shells | picking flowers | blowing bubbles | splashing in the bath | playing dress-up |
making paper boats | skipping down the path | looking at clouds | feeding the ducks | telling jokes |
helping in the garden | watching the trains go by | stacking cups | playing the drum | hopping like a frog |
chasing butterflies | whistling tunes | doing cartwheels | listening to the rain | sorting pebbles |
baking cookies with Grandma | flying kites on windy days | building sandcastles | planting seeds |
playing with the cat | rolling down grassy hills | swinging on the swings | making snow angels |
catching snowflakes | building forts with pillows | singing in the bath | playing pretend |
drawing with chalk on the sidewalk | making necklaces out of beads | reading stories under the covers |
watching the fish in the pond | baking muffins | riding on the merry-go-round | playing catch in the yard |
stomping in the leaves | listening to the birds sing | dressing up as a pirate | drawing maps of secret places |
making cards for friends | playing the piano | helping wash the car | going to the library |
playing with the puppy next door | swimming at the pool | spinning round and round |
looking for four-leaf clovers | sliding down the big slide | making funny faces | reading books about dinosaurs |
watering the plants | counting the cars that drove by | collecting pretty leaves | putting on puppet shows |
learning new words | humming little songs | playing with toy trains
""")
HOMES = _items("""
by the sea | near the woods | at the end of a long, winding lane | on top of a green hill |
next to a big duck pond | at the edge of a busy town | under a tall oak tree | beside a sparkling river |
in a quiet valley | near a field of sunflowers | on a street full of cherry trees | next to a big park |
near a busy train station | by a quiet lake | at the top of a windy hill | close to the big city zoo |
beside a little bakery | across from the school | near a farm with red barns | at the edge of the forest |
by a little brook | on a street with tall lamps | behind a big apple orchard | near the beach |
next to the library | by the old mill | near a field full of cows | in the middle of a little village |
on a quiet, sunny street | near a sparkling waterfall | beside a field of wheat | under a big willow tree
""")
SNACKS = _items("""
an apple | a banana | some grapes | a jam sandwich | some popcorn | a bowl of berries | a slice of melon |
some cheese and crackers | a cinnamon bun | a blueberry muffin | a slice of pizza | some carrot sticks |
a cup of cocoa | some honey toast | a peanut butter sandwich | some orange slices | a handful of nuts |
a pot of yogurt | a bowl of cherries | a boiled egg | some warm bread | a slice of watermelon | a ripe mango |
a juicy pear | a little pie | a bowl of noodles | some dumplings | a cheese sandwich | a bowl of porridge |
a plum | some raisins | a fig | a rice cake | a bowl of soup | a pancake with syrup | a lemon cookie |
a cup of juice | some apple slices | a granola bar | a bag of pretzels | a banana muffin | a bowl of strawberries |
a slice of cheese | a chocolate chip cookie | some crackers | a cup of milk | a tangerine | a kiwi |
a handful of blueberries | some celery sticks | a ham sandwich | a slice of banana bread | some dried apricots |
a tuna sandwich | a bag of popcorn | a cup of applesauce | a peach | an orange | a little box of raisins |
a jelly sandwich | a bowl of fruit salad | a bagel with cream cheese | some cucumber slices |
a piece of cornbread | a bowl of rice | a slice of apple pie | some baby carrots | a cheese stick | a waffle
""")
PICNIC = _items("""
sandwiches | strawberries | grapes | cookies | cheese | lemonade | apples | crackers | muffins | carrot sticks |
cherries | little cakes | boiled eggs | pretzels | tomatoes | cucumber slices | plums | oatmeal bars | pears |
blueberries | pastries | fruit salad | pickles | scones | tangerines | hot dogs | potato salad | juice boxes |
peaches | watermelon slices | cupcakes | brownies | cheese sandwiches | chicken legs | corn on the cob | bananas |
raspberries | lemon bars | egg sandwiches | oranges | raisins | popcorn | jam tarts | pasta salad | cold milk |
apple pie | cinnamon buns | pizza slices | biscuits | mini pies
""")
ENDEARMENTS = _items("sweetie | little one | my dear | sunshine | darling | pumpkin | my love | sweetheart | petal")
GAMES = _items("""
tag | hopscotch | catch | hide-and-seek | on the slide | with the big blocks | in the sandpit |
on the climbing frame | with the skipping rope | with the hoops | leapfrog | red light, green light |
follow the leader | Simon says | duck, duck, goose | hot potato | with the kite | on the swings |
with the soccer ball | with the toy cars | marbles | jump rope | house | pretend | pirates | dress-up |
musical chairs | freeze tag | with a beach ball | in the leaves | on the seesaw | with a frisbee |
knights and dragons | with chalk | with the puppets | board games
""")
FLOWERS = _words("""
roses daisies tulips poppies daffodils bluebells lilies violets pansies marigolds buttercups sunflowers peonies
carnations snapdragons forget-me-nots lilacs hyacinths primroses zinnias petunias cornflowers orchids irises
foxgloves geraniums crocuses snowdrops dahlias
""")
FEELINGS_GOOD = _words("""
happy proud warm glad safe calm cozy brave thankful cheerful joyful hopeful loved excited pleased content peaceful
delighted grateful cheery light sunny relaxed strong special tingly thrilled comfy snug bubbly giggly
""")

_DYNAMIC = {   # words picked afresh at every use, so one story does not repeat the same one
    "sad": _words("sad upset gloomy unhappy"),
    "scared": _words("scared frightened afraid nervous"),
    "smile": _items("a big smile | a wide smile | a happy grin | a bright smile"),
}
_CONNECTORS = {   # kind -> forms; a story asks for a kind that fits the step ({then}, {sudden}, {but}, ...)
    "then": ["then", "after that,", "next,"],
    "soon": ["soon", "before long,", "a little later,", "after a while,"],
    "sudden": ["suddenly,", "just then,", "all of a sudden,"],
    "but": ["but"],
    "so": ["so", "so,"],
    "last": ["at last,", "in the end,", "finally,"],
}

_PRONOUNS = {
    "she": dict(he="she", him="her", his="her", self="herself", was="was", are="is", has="has", s="s"),
    "he": dict(he="he", him="him", his="his", self="himself", was="was", are="is", has="has", s="s"),
    "they": dict(he="they", him="them", his="their", self="themselves", was="were", are="are", has="have", s=""),
    "it": dict(he="it", him="it", his="its", self="itself", was="was", are="is", has="has", s="s"),
}
for _forms in _PRONOUNS.values():   # "{A.His}" starts a sentence
    _forms.update({key.capitalize(): form.capitalize() for key, form in list(_forms.items())})


class Who:
    """A character. Templates ask it for its own pronoun and verb forms, so "{A.He} {A.was} sad" reads
    "She was sad" or "They were sad" and a character keeps one pronoun for the whole story."""

    def __init__(self, name, pron, kind="", rel=""):
        self.name, self.pron, self.kind, self.rel = name, pron, kind, rel
        self.__dict__.update(_PRONOUNS[pron])

    def __format__(self, spec):
        return self.name


class _Stranger(Who):
    """A grown-up with no name: "a nice man" the first time the story mentions them, "the nice man" after."""

    def __init__(self, name, pron, kind=""):
        super().__init__(name, pron, kind)
        self.met = False

    def __format__(self, spec):
        if self.met:
            return "the " + self.name.split(" ", 1)[1]
        self.met = True
        return self.name


class _Parent(Who):
    """Mom, Dad, Grandma or Grandpa: called so in speech ("Mom, look!"), and in the telling often "her mom" instead,
    as children's stories say it. The story tells it whether it is rendering speech."""

    def __init__(self, name, pron, rel, story):
        super().__init__(name, pron, kind=rel, rel=rel)
        self.story = story

    def __format__(self, spec):
        story = self.story
        if not story.in_speech and story.r.random() < 0.55:
            return f"{story.env['A'].his} {self.rel}"
        return self.name


class _Env(dict):
    """The template namespace of one story: characters and plot words, plus connectors and dynamic words that
    are chosen (and, for connectors, recorded) each time a template asks for them."""

    def __init__(self, story):
        super().__init__()
        self.story = story

    def __missing__(self, key):
        if key in _CONNECTORS:
            return self.story.connector(key)
        if key in _DYNAMIC:
            return self.story.r.choice(_DYNAMIC[key])
        raise KeyError(key)


_SENTENCE_START = re.compile(r"(^|[.!?] )([a-z])")
_ARTICLE = re.compile(r"\b(a|an|A|An) ([A-Za-z][\w'-]*)")


def _cap(text):
    return _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)


def _wants_an(word):
    w = word.lower()
    if w.startswith(("hour", "honest", "honou", "heir")):
        return True
    if w.startswith(("uni", "use", "usu", "uti", "eu", "one", "once", "ukul", "ewe")):
        return False
    return w[0] in "aeiou"


def _fix_articles(text):
    # word lists are filled in after "a", so the article is decided here, once the next word is known
    def fix(m):
        art, word = m.groups()
        new = "an" if _wants_an(word) else "a"
        return (new.capitalize() if art[0] == "A" else new) + " " + word
    return _ARTICLE.sub(fix, text)


# ---------------------------------------------------------------------------------------------------------------
# openings and endings

_INTRO_OPENINGS = [   # (name, template); followed by a trait and "One day, {A} <start>."; repeats weigh more
    ("Once upon a time", "Once upon a time, there was {desc} named {A}."),
    ("Once upon a time", "Once upon a time, there was {desc} named {A}."),
    ("Once upon a time", "Once upon a time, there was {desc} named {A}."),
    ("Once upon a time, in a place", "Once upon a time, in {town}, there lived {desc} named {A}."),
    ("Once upon a time, in a place", "Once upon a time, in {town}, there was {desc} named {A}."),
    ("Once upon a time, his name was", "Once upon a time, there was {desc}. {A.His} name was {A}."),
    ("Once there was", "Once there was {desc} named {A}."),
    ("There once was", "There once was {desc} named {A}."),
    ("There was once", "There was once {desc} called {A}."),
    ("Long ago, in a small town", "Long ago, in a small town, there lived {desc} named {A}."),
    ("In a little house", "In a little house {home}, there lived {desc} named {A}."),
    ("Name first", "{A} was {desc}."),
    ("Far away", "Far away, in a village by a big forest, there lived {desc} named {A}."),
]
_TIME_OPENINGS = [    # (name, words, plot times it fits); "<words>, {desc} named {A} <start>."
    ("One sunny morning", "One sunny morning", {"any", "day", "school"}),
    ("One day", "One day", {"any", "day", "rain", "snow", "school"}),
    ("One day", "One day", {"any", "day", "rain", "snow", "school"}),
    ("One warm summer day", "One warm summer day", {"any", "day"}),
    ("Once upon a time", "Once upon a time", {"any", "day", "rain", "snow", "school", "night"}),
    ("On a bright spring day", "On a bright spring day", {"any", "day"}),
    ("One rainy day", "One rainy day", {"rain"}),
    ("Late one night", "Late one night", {"night"}),
    ("One quiet evening", "One quiet evening", {"night"}),
    ("One cold winter morning", "One cold winter morning", {"snow"}),
]
_LEADS = {
    "any": ["One day"] * 10 + ["One morning", "One Saturday"],
    "day": ["One sunny day", "One bright morning", "One warm afternoon"] + ["One day"] * 6,
    "rain": ["One rainy day", "One wet, gray morning", "One rainy afternoon"],
    "night": ["One night", "One evening", "Late one night"],
    "snow": ["One winter morning", "One cold, snowy day", "One morning in winter"],
    "school": ["One Monday morning", "One day", "One morning"],
}
_GENERIC_TRAITS = [
    "{A.He} loved {hobby}.",
    "{A.He} liked {hobby} more than anything.",
    "{A.His} favorite color was {fav_color}.",
    "{A.He} had a big smile and a giggly laugh.",
    "Everyone said {A} had the kindest heart in town.",
    "{A.He} lived in a {fav_color} house with a little garden.",
    "{A.He} loved {hobby}, and {A.he} always said please and thank you.",
    "{A.He} had {fav_color} boots and a head full of ideas.",
    "{A.He} loved to {loves_to}.",
    "{A.He} loved to {loves_to}.",
    "{A.He} liked to {loves_to} every day.",
    "Every day, {A.he} liked to {loves_to}.",
    "{A.He} {A.was} very {trait_adj}, and {A.he} loved to {loves_to}.",
    "{A.He} lived with {A.his} mom and dad in a little house {home}.",
    "{A.He} always wanted to {dream}.",
    "{A.He} had many friends, and {A.he} liked to {loves_to}.",
    "{A.He} liked to play with {A.his} friends.",
    "{A.He} {A.was} a nice {A.kind} with lots of friends.",
    "{A.He} wanted to {loves_to} and have fun with {A.his} friends.",
]
_SCENES = {   # a sentence that sets the scene after the first line, by the time of day the plot fits
    "day": _items("""
The sun was shining, and the birds were singing in the trees. | The sky was blue, and there were big, white clouds. |
It was a warm day, and a soft wind was blowing. | The flowers were open, and the bees were busy. |
The grass was green and soft, and the air smelled sweet. | It was a beautiful day, just right for playing outside. |
Butterflies flew from flower to flower. | The leaves on the trees were red, orange and yellow. |
It was a hot summer day, and the sun was very bright. | A little breeze made the tall grass wave.
"""),
    "any": _items("""
It was a nice day. | Everything was quiet, and the clock went tick, tock. | It was a day like any other, or so it seemed. |
The house smelled of fresh bread. | Outside, a dog was barking, and a car drove by. | The sun peeked in through the window.
"""),
    "rain": _items("""
Rain tapped on the windows, and the sky was gray. | Big puddles filled the street. |
The clouds were dark, and the rain would not stop. | Water ran down the windows in little rivers.
"""),
    "night": _items("""
The moon was up, and the house was quiet. | Outside, an owl hooted in the dark. |
The stars were out, and the wind was still. | Everyone in the house was asleep, or almost everyone.
"""),
    "snow": _items("""
Snow covered the ground like a soft white blanket. | The trees were white, and the air was cold and crisp. |
Little flakes of snow danced in the air.
"""),
    "school": _items("""
The school bell rang, and the children ran inside. | The classroom was bright and full of pictures. |
There were backpacks and lunch boxes everywhere.
"""),
}
TOWNS = _items("""
a small town | a little village | a big city | a quiet town | a land far away | a sunny little town |
a big, green forest | a small village by the sea | a happy little town | a busy town | a cozy little house |
a little town by the hills | a busy little city | a snowy mountain town | a sleepy village | a town by the river |
a faraway kingdom | a green valley | a little seaside town | a town full of gardens | a windy town by the sea |
a little farm town | a quiet village in the woods | a pretty town with a big clock | a town with a big park |
a bright, busy city | a little island town | a cozy village on a hill | a land of tall trees |
a kingdom by the sea | a small town with red roofs | a sunny village
""")
LOVES_TO = _items("""
play outside | run and jump in the grass | play with {A.his} ball | sing songs | draw pictures | play in the park |
look at the stars at night | dance and sing | climb trees | help {A.his} mom | play with {A.his} toys |
explore new places | read books with {A.his} dad | splash in puddles | make things with {A.his} hands |
play games with {A.his} friends | eat yummy treats | watch the birds | go on adventures | laugh and play |
play in the sun | pick pretty flowers | build things with blocks | swim in the lake | ride {A.his} little bike |
bake cookies with {A.his} grandma | fly {A.his} kite | build sandcastles at the beach |
feed the ducks at the pond | swing high on the swings | make mud pies | play dress-up | hug {A.his} teddy bear |
go down the big slide | collect pretty rocks | blow bubbles in the yard | paint with bright colors |
plant seeds in the garden | chase butterflies | pet the neighbor's cat | listen to stories before bed |
count the stars | roll down the grassy hill | build forts with pillows | sing in the bath |
play catch with {A.his} dad | bounce on {A.his} bed | make funny faces | bake with {A.his} mom | dig in the sand |
watch the clouds float by | go fishing with {A.his} grandpa | eat ice cream on sunny days | dance to happy music |
skip rope | visit the zoo | help in the kitchen | pick apples in the orchard | make snowmen in winter |
read picture books | learn new things | tell funny jokes
""")
DREAMS = _items("""
see the big ocean | fly like a bird | touch the sky | find a real treasure | go on a big adventure |
ride a big horse | visit the moon | climb the tallest hill | make a new friend | see a real rainbow up close |
sail on a big ship | ride a roller coaster | see a real lion | swim with the dolphins | fly in a hot air balloon |
build a tree house | meet a real knight | be a firefighter | drive a big red fire truck | see the snow |
visit the big city | ride on a real train | find a dinosaur bone | go camping under the stars |
sing on a big stage | grow the biggest pumpkin | bake a giant cake | climb a real mountain | catch a falling star |
have a pet puppy | learn to swim | ride a bike with no training wheels | see a whale | go to the circus
""")
TRAIT_ADJ = _words("kind happy curious brave friendly playful smart helpful gentle cheerful polite silly shy")
_ENDINGS = {
    "lesson": ["{A} learned that {lesson}.", "That day, {A} learned something important: {lesson}.",
               "And so {A} learned that {lesson}."],
    "from that day on": ["From that day on, {A} {ritual}.", "From then on, {A} {ritual}.",
                         "And from that day on, {A} {ritual}."],
    "feeling": ["{A} felt {feel} and {feel2}, all the way down to {A.his} toes.",
                "{A} felt {feel} and {feel2} inside.", "{A.His} heart was full of joy, and {A.he} felt {feel}."],
    "happily ever after": ["And they all lived happily ever after.", "And they lived happily ever after."],
    "best day": ["It was the best day ever!", "{A} said it was the best day in the whole wide world.",
                 "What a wonderful day it had been!"],
    "bedtime": ["That night, {A} fell asleep with a smile on {A.his} face.",
                "That night, {A} went to bed feeling {feel}, and {A.he} dreamed happy dreams."],
    "every time": ["Now, every time {A} sees {keep}, {A.he} smile{A.s}.",
                   "Now, whenever {A} sees {keep}, {A.he} remember{A.s} that day and smile{A.s}."],
    "friends": ["{A} and {B} were best friends after that.", "{A} was happy to have a friend like {B}.",
                "{A} and {B} were good friends, and they played together every day.", "From then on, {A} and {B} were the best of friends.",
                "{A} and {B} became best friends.", "From that day on, {A} and {B} became good friends.",
                "{A} and {B} stayed good friends for a long, long time."],
    "lesson said": ['{M} smiled and said, "Remember, {lesson}."', '"You see," said {M}, "{lesson}."',
                    '{M} said, "Now you know that {lesson}." {A} nodded.'],
    "hug": ["{M} gave {A} a big hug. {A} felt safe and loved.", "{A} gave {M} a big, warm hug.",
            "{A} thanked {M} and gave {M.him} a big hug.", "{A} hugged {M} and said thank you.",
            "{M} pulled {A} into a cozy hug, and they both smiled."],
    "moral": ["The moral of the story is that {lesson}.", "The moral of the story is: {lesson}.",
              "And the moral of the story is that {lesson}."],
    "very happy": ["{A} was very happy.", "{A} smiled. It was a very good day.",
                   "{A} was so happy, and {A.he} never forgot that day.", "{A} felt very happy and proud."],
    "played together": ["{A} and {B} played together all day long.", "They had so much fun together.",
                        "{A} and {B} played together until the sun went down.",
                        "{A} and {B} laughed and played, and they had the best day."],
}
_CONTRACTIONS = [(re.compile(r"\b([Cc]ould|[Dd]id|[Ww]as|[Dd]o|[Dd]oes|[Ii]s|[Ww]ere|[Ww]ould|[Hh]ad) not\b"), r"\1n't"),
                 (re.compile(r"\b([Cc])an ?not\b"), r"\1an't")]


# ---------------------------------------------------------------------------------------------------------------
# the story builder that plot functions write into

class _Plot:
    def __init__(self, name, fn, when, animals, bedtime, weight):
        self.name, self.fn, self.when, self.animals, self.bedtime = name, fn, when, animals, bedtime
        self.weight = weight


_PLOTS = []


def _plot(name, when="any", animals=True, bedtime=True, weight=1):
    """Register a plot shape. when: which openings fit it; animals: may the hero be an animal; bedtime: may it end
    with "That night, ... fell asleep" (not when the plot already ends in bed); weight: how often it is drawn,
    against 1 for most (the plain, everyday plots are drawn more, as real children's stories are mostly those)."""
    def register(fn):
        _PLOTS.append(_Plot(name, fn, when, animals, bedtime, weight))
        return fn
    return register


class _Story:
    """What a plot function writes into: it casts characters, sets words, and adds sentences (each a random choice
    among wordings); compose() then frames them with an opening and an ending."""
    pronoun_share = 0.85          # "{A} ran." after a sentence about the hero reads "She ran." this often
    speech_pronoun_share = 0.6    # and '"Look!" she said.' instead of '"Look!" said Lily.'

    def __init__(self, r, plot):
        self.r, self.plot = r, plot
        self.env = _Env(self)
        self.paras = [[]]
        self.names = []
        self.cast = {}
        self.connectors = []
        self.starts, self.traits, self.trait_needed = None, None, False
        self.last_subject = "A"   # the opening is about the hero
        self.in_speech = False    # is a template inside quotes being rendered (see _Parent)
        self.asked = None         # who asked, when the last line of dialogue was a question ("replied" answers it)
        self.lessons, self.rituals, self.feelings, self.keeps = [], [], [], []
        self.env.update(hobby=self.pick(HOBBIES), fav_color=self.pick(COLORS), home=self.pick(HOMES),
                        town=self.pick(TOWNS), dream=self.pick(DREAMS), trait_adj=self.pick(TRAIT_ADJ))

    # --- randomness
    def pick(self, seq):
        return self.r.choice(seq)

    def chance(self, p):
        return self.r.random() < p

    def sample(self, seq, k):
        return self.r.sample(seq, k)

    def connector(self, kind):
        forms = _CONNECTORS[kind]
        form = self.pick(forms)
        if len(forms) > 1 and self.connectors and form.rstrip(",").capitalize() == self.connectors[-1]:
            form = self.pick(forms)   # one retry is enough to make "Then ... Then ..." rare
        self.connectors.append(form.rstrip(",").capitalize())
        return form

    # --- cast
    def _name(self, pool):
        name = self.pick(pool)
        while name in self.names:
            name = self.pick(pool)
        self.names.append(name)
        return name

    def _add(self, key, who):
        self.env[key] = who
        self.cast[key] = (who.name, who.pron)
        return who

    def person(self, key, animal_kind=None):
        """A child (or, when animal_kind is given, a young animal) with a name and a pronoun."""
        roll = self.r.random()
        if roll < 0.45:
            pron, pool = "she", GIRL_NAMES
        elif roll < 0.9:
            pron, pool = "he", BOY_NAMES
        else:
            pron, pool = "they", NEUTRAL_NAMES
        if self.chance(0.06):   # neutral names are not only for "they"
            pool = NEUTRAL_NAMES
        if self.chance(COMMON_NAME_SHARE):   # most children have one of the common names
            pool = {"she": COMMON_GIRL_NAMES, "he": COMMON_BOY_NAMES}.get(pron, COMMON_NEUTRAL_NAMES)
        name = self._name(pool)
        if animal_kind:
            kind = animal_kind
        else:
            kind = {"she": "girl", "he": "boy", "they": self.pick(["kid", "child"])}[pron]
        return self._add(key, Who(name, pron, kind))

    def hero(self):
        animal = self.plot.animals and self.chance(0.22)
        a = self.person("A", self.pick(HERO_ANIMALS) if animal else None)
        adj = self.pick(HERO_ADJ)
        self.env["loves_to"] = self.pick(LOVES_TO).format_map(self.env)
        self.env["desc"] = self.pick([f"a little {a.kind}", f"a {adj} little {a.kind}", f"a {adj} {a.kind}",
                                      f"a {adj} little {a.kind}"])
        return a

    def friend(self, key="B"):
        if key in self.env:
            return self.env[key]
        a = self.env["A"]
        hero_animal = a.kind not in ("girl", "boy", "kid", "child")
        return self.person(key, self.pick(HERO_ANIMALS) if hero_animal else None)

    def grownup(self, key="M", kind="any"):
        if key in self.env:
            return self.env[key]
        if kind == "any":
            kind = self.pick(["parent"] * 14 + ["grand"] * 3 + ["aunt"])
        if kind == "parent":
            name, pron = self.pick([("Mom", "she")] * 6 + [("Dad", "he")] * 3 + [("Mommy", "she"), ("Daddy", "he")])
            rel = name.lower()
        elif kind == "grand":
            name, pron = self.pick([("Grandma", "she"), ("Grandpa", "he"), ("Grandma", "she"), ("Grandpa", "he")])
            rel = name.lower()
        elif kind == "aunt" and self.chance(0.5):
            name, pron, rel = "Aunt " + self._name(AUNT_NAMES), "she", "aunt"
        else:
            name, pron, rel = "Uncle " + self._name(UNCLE_NAMES), "he", "uncle"
        if name in self.names:   # two grown-ups in one story must not both be "Mom"
            name, pron, rel = ("Grandma", "she", "grandma") if name != "Grandma" else ("Grandpa", "he", "grandpa")
        self.names.append(name)
        if rel in ("mom", "dad", "grandma", "grandpa"):
            return self._add(key, _Parent(name, pron, rel, self))
        return self._add(key, Who(name, pron, rel=rel, kind=rel))

    def titled(self, key, rel, kind=""):
        """A grown-up outside the family: a teacher, a neighbor, a farmer."""
        if key in self.env:
            return self.env[key]
        pron = self.pick(["she", "he"])
        title = self.pick(["Mrs.", "Miss", "Ms."]) if pron == "she" else "Mr."
        name = f"{title} {self._name(SURNAMES)}"
        return self._add(key, Who(name, pron, kind=kind or ("lady" if pron == "she" else "man"), rel=rel))

    def pet(self, key="P", kinds=("dog", "cat", "puppy", "kitten", "bunny")):
        if key in self.env:
            return self.env[key]
        name = "Spot" if "Spot" not in self.names and self.chance(0.2) else self._name(PET_NAMES)
        if name == "Spot":
            self.names.append(name)
        return self._add(key, Who(name, self.pick(["she", "he"]), kind=self.pick(kinds)))

    def thing_hero(self, kind):
        """Make the hero a thing with a name and a wish ("a little red car named Beep") instead of a child."""
        a = self._add("A", Who(self._name(THING_NAMES), self.pick(["he", "she"]), kind))
        self.env.update(desc=f"a {kind}", loves_to=self.pick(LOVES_TO).format_map(self.env))
        return a

    def animal_hero(self, kind):
        """Make the hero a young animal of this kind (for plots about an animal), with a child's name."""
        a = self.person("A", kind)
        adj = self.pick(HERO_ADJ)
        self.env.update(desc=self.pick([f"a little {kind}", f"a {adj} little {kind}", f"a {adj} {kind}"]),
                        loves_to=self.pick(LOVES_TO).format_map(self.env))
        return a

    def thing(self, key, name, kind=""):
        """An unnamed animal, called "it"."""
        return self._add(key, Who(name, "it", kind=kind))

    def set(self, **words):
        self.env.update(words)

    def toy(self, adjective=True):
        t = self.pick(TOYS)
        roll = self.r.random()
        if roll < 0.45:
            return f"{self.pick(COLORS)} {t}"
        adj = self.pick(TOY_ADJ)
        if roll < 0.8 and adjective and adj not in t:   # not "wooden wooden sword"
            return f"{adj} {t}"
        return t

    # --- text
    def render(self, template, speech=False):
        # only the first letter here; later sentences in the unit are capitalised over the whole story. Inside
        # quotes (and for a line of dialogue, speech=True) characters are named as they are spoken to
        parts = template.split('"')
        out = []
        for i, part in enumerate(parts):
            self.in_speech = speech or i % 2 == 1
            out.append(part.format_map(self.env))
        self.in_speech = False
        text = '"'.join(out)
        return text[0].upper() + text[1:] if text[0].islower() else text

    def start(self, *predicates):
        self.starts = self.pick(predicates)

    def trait(self, *sentences, needed=False):
        self.traits, self.trait_needed = self.pick(sentences), needed

    def add(self, *options):
        template = self._vary_subject(self.pick(options))
        self.last_subject = "A" if template.startswith(("{A} ", "{A.He} ")) else None
        self.paras[-1].append(self.render(template))

    def _vary_subject(self, template):
        # the hero's name at the start of every sentence reads badly; a pronoun is clear when the last sentence
        # was about the hero too ("they" is left alone: it could be read as the whole group)
        if (template.startswith("{A} ") and not template.startswith("{A} and ") and self.last_subject == "A"
                and self.env["A"].pron != "they" and self.chance(self.pronoun_share)):
            rest = template[4:]
            return "{A.He} {A.was} " + rest[4:] if rest.startswith("was ") else "{A.He} " + rest
        return template

    def maybe(self, p, *options):
        if self.chance(p):
            self.add(*options)

    def para(self):
        self.last_subject = None
        if self.paras[-1]:
            self.paras.append([])

    def say(self, who, *lines, verb=None):
        """Append a line of dialogue with a speech tag in one of three orders."""
        line = self.render(self.pick(lines), speech=True)
        end = line[-1]
        if verb is None:
            verb = self.pick({".": ["said"] * 14 + ["replied"] * 3 * (self.asked not in (None, who)),
                              "!": ["said"] * 10 + ["shouted", "cried"],
                              "?": ["asked"]}[end])
        self.asked = who if end == "?" else None
        speaker = who.format_map(self.env)
        form = self.r.randrange(3)
        if (who == "{A}" and self.env["A"].pron != "they" and (form == 2 or form == 0 and self.last_subject == "A")
                and self.chance(self.speech_pronoun_share)):
            speaker = self.env["A"].he   # '"Look!" she said.': the hero is clear from the sentence before
        if form == 0:
            unit = f'{speaker} {verb}, "{line}"'
        else:
            body = line[:-1] + "," if end == "." else line
            unit = f'"{body}" {verb} {speaker}.' if form == 1 else f'"{body}" {speaker} {verb}.'
        self.paras[-1].append(unit[0].upper() + unit[1:])
        self.last_subject = "A" if who == "{A}" else None   # after the hero speaks, "She ..." is clear

    def lesson(self, *clauses):
        self.lessons = list(clauses)

    def ritual(self, *phrases):
        self.rituals = list(phrases)

    def feel(self, *words):
        self.feelings = list(words)

    def keep(self, *things):
        self.keeps = list(things)

    # --- putting it together
    def compose(self):
        """Opening paragraph + the plot's paragraphs + an ending. -> (text, opening name, ending name)"""
        when = self.plot.when
        time_openings = [o for o in _TIME_OPENINGS if when in o[2]]
        start = self.starts.format_map(self.env)
        if self.trait_needed or not time_openings or self.chance(0.55):
            opening, template = self.pick(_INTRO_OPENINGS)
            trait = self._vary_subject(self.traits or self.pick(_GENERIC_TRAITS))
            subject = "{A.he}" if self.env["A"].pron != "they" and self.chance(0.3) else "{A}"
            units = [self.render(template), self.render(trait),
                     self.render(f"{self.pick(_LEADS[when])}, {subject} {start}.")]
        else:
            opening, words, _ = self.pick(time_openings)
            units = [self.render(f"{words}, {{desc}} named {{A}} {start}.")]
            if self.traits and self.chance(0.5):
                units.append(self.render(self.traits))
        if self.chance(0.3):
            units.append(self.pick(_SCENES[when]))
        paras = [units + self.paras[0]] + [p for p in self.paras[1:] if p]

        ending, unit = self.ending()
        if self.chance(0.5):
            paras[-1].append(unit)
        else:
            paras.append([unit])
        text = "\n".join(" ".join(p) for p in paras)
        if self.chance(0.5):   # half the stories say "didn't", "couldn't", ... where the others say "did not"
            for pattern, form in _CONTRACTIONS:
                text = pattern.sub(form, text)
        return _fix_articles(_cap(text)), opening, ending

    def ending(self):
        kinds = ["feeling", "happily ever after", "best day"]
        if self.lessons:
            kinds += ["lesson", "lesson"]
        if self.rituals:
            kinds += ["from that day on", "from that day on"]
        if self.plot.bedtime:
            kinds.append("bedtime")
        if self.keeps:
            kinds.append("every time")
        if "B" in self.env:
            kinds.append("friends")
        if "M" in self.env:
            kinds.append("hug")
            if self.lessons:
                kinds.append("lesson said")
        if self.lessons:
            kinds += ["moral", "moral"]
        kinds.append("very happy")
        if "B" in self.env:
            kinds.append("played together")
        kind = self.pick(kinds)
        feelings = self.feelings or FEELINGS_GOOD
        feel, feel2 = self.sample(feelings, 2) if len(feelings) > 1 else (feelings[0], "happy")
        self.env.update(lesson=self.pick(self.lessons) if self.lessons else "",
                        ritual=self.pick(self.rituals).format_map(self.env) if self.rituals else "",
                        keep=self.pick(self.keeps).format_map(self.env) if self.keeps else "",
                        feel=feel, feel2=feel2)
        text = self.render(self.pick(_ENDINGS[kind]))
        return kind, text + " The end." if self.chance(0.12) else text


# ---------------------------------------------------------------------------------------------------------------
# plot shapes: each a different sequence of events, each step with several wordings

_LOST_SPOTS = [   # (where I last had it, where it turns up)
    ("in the garden", "lying under a big leaf in the garden"),
    ("at bath time", "sitting next to the bath with the rubber ducks"),
    ("at lunch", "under the kitchen table"),
    ("in the car", "under the back seat of the car"),
    ("on the sofa", "squashed between the sofa cushions"),
    ("before bed", "tangled up in the blanket at the end of the bed"),
    ("in the sandpit", "half buried in the sandpit"),
    ("by the window", "hiding behind the curtain"),
    ("when we were baking", "on the kitchen shelf next to the flour"),
    ("in the hall", "inside a rain boot by the front door"),
    ("in the playroom", "at the very bottom of the toy box"),
    ("in the laundry room", "in the laundry basket under a towel"),
]
_LOOK_SPOTS = _items("""
under the bed | behind the sofa | under the pillows | in the kitchen cupboard | behind the door | on the bookshelf |
in the wardrobe | under the stairs | in the garden shed | under the rug | in the coat pocket | behind the curtains
""")


@_plot("lost toy")
def _lost_toy(s):
    s.set(toy=s.toy())
    memory, spot = s.pick(_LOST_SPOTS)
    look1, look2 = s.sample(_LOOK_SPOTS, 2)
    s.set(memory=memory, spot=spot, look1=look1, look2=look2)
    s.trait("{A} had a {toy} that {A.he} loved very much.",
            "{A.His} favorite thing in the whole world was a {toy}.",
            "{A} took {A.his} {toy} everywhere {A.he} went.")
    s.start("could not find {A.his} {toy}", "went to play with {A.his} {toy}, but it was not in its usual place",
            "looked for {A.his} {toy}, but it was gone")
    s.say("{A}", "Oh no! Where is my {toy}?", "My {toy} is gone!", "Has anyone seen my {toy}?")
    s.add("{A.He} looked {look1}, but it was not there.",
          "First, {A.he} looked {look1}. {A.He} only found dust and an old sock.",
          "{A.He} checked {look1}, but there was nothing there.")
    s.add("{then} {A.he} looked {look2}. No {toy}!", "{then} {A.he} searched {look2}, but it was not there either.")
    s.add("{A} began to feel {sad}.", "{A.His} eyes filled with tears.", "{A} sat down on the floor with a big sigh.")
    s.para()
    human = s.env["A"].kind in ("girl", "boy", "kid", "child")
    if human and s.chance(0.3):
        s.pet(kinds=("dog", "puppy"))
        s.add("{sudden} {A} heard a happy little bark from the hall.",
              "{then} {A} noticed that {A.his} {P.kind}, {P}, was very quiet.")
        s.add("{A} went to look. There was {P} in {P.his} basket, and under {P.his} paws was the {toy}!",
              "{P} was curled up in {P.his} bed, chewing on something. It was the {toy}!")
        s.say("{A}", "{P}! You took my {toy}!", "So that's where it went, you silly {P.kind}!")
        s.add("{P} wagged {P.his} tail, as if it had all been a fun game.",
              "{P} thumped {P.his} tail on the floor and looked very pleased with {P.self}.")
        s.add("{A} laughed and gave {P} a hug. Then {A.he} gave {P.him} a ball to chew instead.",
              "{A} could not stay cross. {A.He} gave {P} a pat and found {P.him} an old sock to play with.")
        s.keep("{P} wag {P.his} tail")
    else:
        s.grownup()
        s.add("{soon} {M} came in and sat down next to {A.him}.", "{A.His} {M.rel} saw the tears and came over.")
        s.say("{M}", "Don't worry. Where did you have it last?", "Let's think. When did you last play with it?",
              "Two pairs of eyes are better than one. Where did you last see it?")
        s.add("{A} thought and thought.", "{A} closed {A.his} eyes and tried hard to remember.",
              "{A} scrunched up {A.his} nose and thought.")
        s.say("{A}", "I had it {memory}!", "I think I played with it {memory}.")
        s.add("{so} they went to look, and there it was, {spot}!",
              "They went to look. {sudden} {A} saw it, {spot}!",
              "{A} ran to look. And there was the {toy}, {spot}!")
        s.say("{A}", "I found it!", "Here you are! I missed you!", "Hooray! There you are!")
        s.add("{A} hugged {A.his} {toy} tight.", "{A} held the {toy} close and smiled.")
        s.keep("{A.his} {toy}")
    s.lesson("it is good to put things back where they belong",
             "when you lose something, it helps to stay calm and think",
             "looking together is easier than looking alone")
    s.ritual("always put {A.his} {toy} back in the toy box", "kept {A.his} toys in one safe place",
             "put {A.his} things away before bed")
    s.feel("happy", "relieved", "glad", "calm")


@_plot("sharing a toy")
def _sharing(s):
    s.friend()
    s.set(toy=s.toy(adjective=False),
          where=s.pick(["park", "garden", "playground", "backyard", "living room", "sandpit"]))
    s.trait("{A} had a brand new {toy}.", "For {A.his} birthday, {A} got a {toy}, and {A.he} loved it.",
            "{A.His} aunt had sent {A.him} a {toy} in the post.")
    s.start("was playing with {A.his} new {toy} in the {where}", "took {A.his} new {toy} to the {where}")
    s.add("{A.His} friend {B} came over to play.", "{soon} {A.his} friend {B} came running over.")
    s.say("{B}", "Can I have a turn with your {toy}?", "Wow! Can I play with it too?", "That looks fun! Can I try?")
    s.add("{but} {A} held the {toy} tight.", "{but} {A} did not want to share.")
    s.say("{A}", "No! It's mine!", "No, it's my {toy}!", "No. I want to play with it by myself.")
    s.add("{B} looked down at {B.his} feet. {B.He} felt very {sad}.",
          "{B.His} smile went away, and {B.he} walked off to sit alone.",
          "{B} did not say anything. {B.He} just sat down on a bench by {B.self}.")
    s.para()
    s.add("{A} played with the {toy} alone, but it was not much fun.",
          "{A} tried to play by {A.self}, but soon {A.he} felt lonely.",
          "{then} {A} looked at {B}. {B.He} looked so lonely.")
    s.add("{A} felt a funny, heavy feeling in {A.his} tummy.",
          "{A} thought about how {A.he} would feel if {B} did not share.",
          "{A} remembered how sad {A.he} felt when nobody shared with {A.him}.")
    s.say("{A}", "I'm sorry, {B}. Do you want to play with me?", "{B}, let's take turns. You can go first!",
          "Here, {B}. We can play with it together.")
    s.add("{B}'s face lit up.", "{B} smiled {smile}.", "{B} jumped up and ran over.")
    s.say("{B}", "Thank you, {A}!", "Really? Thank you!", "You're the best, {A}!")
    s.add("{so} they took turns, and then they made up a new game together.",
          "They played with the {toy} together all afternoon. They laughed and laughed.",
          "Together they played a game that needed two players. It was much more fun than playing alone.")
    s.lesson("sharing makes playing more fun", "it feels good to share with a friend",
             "toys are more fun when you share them")
    s.ritual("always shared {A.his} toys with {A.his} friends", "took turns with {B}",
             "asked {A.his} friends to play whenever {A.he} got something new")
    s.feel("happy", "warm", "glad", "kind")
    s.keep("{B}", "a {toy}")


_SHAPES = [   # (scary shape, what it really was)
    ("a big, dark shape in the corner", "{A.his} coat hanging on the chair"),
    ("a tall monster by the door", "{A.his} dressing gown hanging on the door"),
    ("a long, spooky shadow on the wall", "the branch of a tree moving in the wind"),
    ("two shiny eyes on the shelf", "the button eyes of {A.his} old teddy bear"),
    ("a lumpy creature on the floor", "a pile of clothes that {A} had not put away"),
    ("a pointy-eared shape by the window", "the toy box with its lid open"),
]


@_plot("fear of the dark", when="night", bedtime=False)
def _dark(s):
    s.grownup()
    shape, truth = s.pick(_SHAPES)
    s.set(shape=shape, truth=truth.format_map(s.env), dear=s.pick(ENDEARMENTS),
          light=s.pick(["moon", "star", "little owl", "fish", "smiling sun", "turtle"]))
    s.trait("{A} was brave in the daytime, but {A.he} did not like the dark.",
            "{A} loved the sunshine, but {A.he} did not like the night one bit.",
            "Every night, {A} asked for the door to be left open a crack.")
    s.start("could not fall asleep because {A.his} room was so dark",
            "woke up and found that everything was dark",
            "was lying in bed when the hall light went out")
    s.add("{A} saw {shape}.", "{A} peeked out from under the blanket and saw {shape}.")
    s.add("{A.He} pulled the blanket up to {A.his} nose.", "{A.His} heart went thump, thump, thump.",
          "{A.He} held {A.his} breath and did not move.")
    s.say("{A}", "{M}! I'm scared of the dark!", "Help! There's a monster in my room!", "{M}, can you come here?",
          verb="called")
    s.para()
    s.add("{soon} {M} came in and sat on the bed.", "{M} came in quickly with a warm smile.")
    s.say("{M}", "What's the matter, {dear}?", "What's wrong, {dear}?")
    s.say("{A}", "There is something scary over there.", "Look! Over there! It's a monster!")
    s.add("{M} switched on the lamp.", "{M} turned on a little flashlight and pointed it at the corner.")
    s.add("It was only {truth}!", "It was not a monster at all. It was only {truth}.")
    s.add("{A} giggled.", "{A} let out a long breath and laughed.", "{A} felt a little bit silly.")
    s.say("{M}", "The dark is just your room with the lights off. Everything is still the same.",
          "The dark can't hurt you. It only hides things for a while.",
          "At night, the world is just having a rest.")
    s.add("{then} {M} gave {A} a little night light shaped like a {light}.",
          "{M} plugged in a night light shaped like a {light}. It made a soft glow on the wall.")
    s.add("{A} hugged {A.his} pillow and closed {A.his} eyes. {soon} {A.he} {A.was} fast asleep.",
          "{A} looked at the soft light and felt calm. {soon} {A.he} fell asleep.")
    s.lesson("the dark is not so scary after all", "being brave means trying even when you feel scared",
             "things in the dark are the same things you see in the day")
    s.ritual("was not afraid of the dark any more", "said good night to the moon before bed",
             "slept with {A.his} {light} light and felt brave")
    s.feel("brave", "calm", "safe", "cozy")
    s.keep("a shadow on the wall", "a {light} night light")


_INDOOR = [   # (idea, what they did)
    ("build a blanket fort", "They took blankets and pillows from every room. Soon they had a big, cozy fort in "
                             "the living room, with a flashlight inside."),
    ("have a picnic on the floor", "They put a {color} blanket on the floor and filled a basket with {food1} and "
                                   "{food2}. It was just like a real picnic, but dry!"),
    ("paint a picture of the sun", "They got out the paints and brushes. {A} painted a big yellow sun, green grass, "
                                   "and a {color} {animal} dancing on a hill."),
    ("make a puppet show", "They made puppets out of old socks. {A}'s puppet was a silly {animal} with button "
                           "eyes and a {color} nose."),
    ("bake some cookies", "They mixed flour, butter, and sugar in a big bowl. Soon the whole house smelled "
                          "warm and sweet."),
    ("put on our boots and jump in puddles", "{A} put on {A.his} {color} rain boots and coat. Outside, {A.he} "
                                             "jumped in every puddle. Splash! Splash! Splash!"),
    ("have a dance party", "They turned on some music and danced around the kitchen. {A} did a wiggly dance like "
                           "a {animal}."),
]


@_plot("a rainy-day plan", when="rain")
def _rainy(s):
    s.grownup()
    idea, did = s.pick(_INDOOR)
    food1, food2 = s.sample(PICNIC, 2)
    s.set(plan=s.pick(["go to the park", "have a picnic by the lake", "play football in the garden",
                       "ride my bike", "go to the beach", "fly my kite", "go to the zoo"]),
          idea=idea, color=s.pick(COLORS), animal=s.pick(ANIMALS), food1=food1, food2=food2)
    s.set(did=did.format_map(s.env))
    s.trait("{A} loved to play outside.", "{A} had been waiting all week for Saturday.",
            "{A} liked sunny days best of all.")
    s.start("woke up and looked out of the window", "ran to the window to see the sky")
    s.add("It was raining! Big drops ran down the glass.", "Gray clouds filled the sky, and rain was falling hard.",
          "Pitter, patter, pitter, patter. The rain was coming down.")
    s.say("{A}", "Oh no! Now I can't {plan}!", "It's not fair! I wanted to {plan} today.")
    s.add("{A} sat by the window with a frown.", "{A} put {A.his} chin in {A.his} hands and sighed.",
          "{A} stomped to the sofa and flopped down.")
    s.para()
    s.add("{M} sat down next to {A}.", "{soon} {M} came in with a twinkle in {M.his} eye.")
    s.say("{M}", "I have an idea. Let's {idea} instead!", "Rainy days can be fun too. How about we {idea}?",
          "Why don't we {idea}?")
    s.add("{A} was not sure, but {A.he} said yes.", "{A} wiped {A.his} eyes and nodded.")
    s.add("{did}")
    s.add("{A} laughed and laughed.", "{A} forgot all about the rain.", "{A} was having so much fun.")
    s.maybe(0.5, "{soon} the rain stopped, and a rainbow came out over the houses.",
            "Later, the sun peeked out, and a rainbow filled the sky.")
    s.say("{A}", "This is the best rainy day ever!", "Can it rain again tomorrow?",
          "Rainy days are fun after all!")
    s.lesson("you can have fun on any kind of day", "a rainy day can be a happy day too",
             "when plans change, you can make new ones")
    s.ritual("loved rainy days", "smiled whenever it rained", "asked to {idea} every time it rained")
    s.feel("happy", "cozy", "warm", "cheerful")
    s.keep("rain on the window", "a rainbow")


_HURT = [   # (animal, hurt part, what it could not do, what it eats, how it leaves)
    ("baby bird", "wing", "fly", "a few seeds", "flew up into the blue sky"),
    ("robin", "wing", "fly", "some bread crumbs", "flew to the top of the apple tree and sang"),
    ("sparrow", "wing", "fly", "a few seeds", "flapped its wings and flew away"),
    ("baby owl", "wing", "fly", "some soft food from the pet shop", "flew off into the trees at dusk"),
    ("hedgehog", "leg", "walk", "some cat food and water", "waddled off into the bushes"),
    ("bunny", "paw", "hop", "some lettuce and carrot tops", "hopped away into the long grass"),
    ("squirrel", "paw", "climb", "a few nuts", "ran up the tall oak tree"),
    ("duckling", "foot", "walk", "some oats and peas", "waddled back to its mother at the pond"),
    ("kitten", "paw", "walk", "a little bowl of cat milk", "went home to the house next door"),
    ("butterfly", "wing", "fly", "a drop of sugar water", "fluttered away over the flowers"),
    ("frog", "leg", "jump", "some water to sit in", "jumped back into the pond with a plop"),
    ("turtle", "leg", "walk", "some leafy greens", "walked slowly back to the stream"),
]


@_plot("helping a hurt animal", when="day")
def _hurt(s):
    s.grownup()
    critter, part, move, food, leave = s.pick(_HURT)
    s.thing("X", "the " + critter, critter)
    s.set(critter=critter, part=part, move=move, food=food, leave=leave,
          place=s.pick(["garden", "park", "woods", "field", "backyard", "meadow"]),
          bed=s.pick(["an old shoebox", "a little basket", "a cardboard box"]),
          soft=s.pick(["soft towel", "woolly scarf", "fluffy blanket", "pile of leaves"]))
    s.trait("{A} loved animals, big and small.", "{A} was always gentle with animals.",
            "{A} wanted to be an animal doctor one day.")
    s.start("was playing in the {place} when {A.he} heard a tiny sound",
            "was walking through the {place} when {A.he} saw something in the grass")
    s.add("It was a {critter} with a hurt {part}.", "{A} looked closer. It was a {critter}, and its {part} was hurt.")
    s.add("The poor {critter} could not {move}.", "The {critter} tried to {move}, but it could not.")
    s.say("{A}", "Oh, you poor thing! Don't be scared. I will help you.", "Poor little {critter}! Are you hurt?",
          "Don't worry, little {critter}. I'm here.")
    s.add("{A} ran to get {M}.", "{A} called for {M}, and {M.he} came right away.")
    s.say("{M}", "We must be very gentle. Let's make it a warm bed.", "Let's take care of it until it is well.")
    s.para()
    s.add("They put the {critter} in {bed} with a {soft} inside.",
          "{A} found {bed} and lined it with a {soft}. Then {M} put the {critter} in it very gently.")
    s.add("{A} gave it {food}.", "{then} {A} brought it {food}.")
    s.add("Every day, {A} checked on the {critter}.", "For three whole days, {A} took care of it.",
          "Each morning, {A} whispered good morning to the {critter}.")
    s.add("{soon} the {critter}'s {part} got better.", "Day by day, the {critter} grew stronger.")
    s.para()
    s.add("{last} the {critter} was ready to go home.", "One morning, the {critter} could {move} again!")
    s.add("{A} opened the box in the {place}, and the {critter} {leave}.",
          "{A} carried it outside. The {critter} looked at {A} for a moment, and then it {leave}.")
    s.say("{A}", "Goodbye, little {critter}! Be safe!", "Bye-bye! Come back and visit me!")
    s.lesson("being gentle and kind can help others feel better", "even small hands can do big, kind things",
             "every animal needs care when it is hurt")
    s.ritual("left water out for the animals in the garden", "looked after every animal {A.he} met",
             "said hello to every {critter} {A.he} saw")
    s.feel("proud", "happy", "warm", "thankful")
    s.keep("a {critter}")


@_plot("a race", when="day")
def _race(s):
    s.friend()
    s.titled("T", "teacher")
    s.set(event=s.pick(["sports day at school", "the big race in the park", "the race at the summer fair",
                        "the running race at the playground"]),
          goal=s.pick(["the big oak tree", "the finish line", "the red flag", "the end of the field"]),
          trip=s.pick(["a tree root", "a rock", "an untied shoelace", "a bump in the grass"]))
    s.trait("{A} could run very fast.", "{A} loved to run, and {A.he} wanted to win a gold ribbon.",
            "{A} ran everywhere, even to the breakfast table.")
    s.start("was so excited for {event}", "woke up early because it was the day of {event}")
    s.say("{A}", "I'm going to win!", "I'm the fastest in the whole world!")
    s.add("{A} stood at the starting line next to {A.his} friend {B}.",
          "At the starting line, {A} stood next to {B}. Everyone was ready.")
    s.say("{T}", "Ready, set, go!", verb="shouted")
    s.add("{A} ran as fast as {A.he} could. {A.He} {A.was} in front!",
          "Off they went! {A}'s legs went faster and faster, and soon {A.he} {A.was} ahead of everyone.")
    s.add("{sudden} {B} tripped over {trip} and fell down.", "{sudden} {A} heard a cry. {B} had fallen on the grass.")
    s.say("{B}", "Ow! My knee!", "Ouch! It hurts!")
    s.para()
    s.add("{A} stopped and looked back. {A.He} could win the race, but {B} was hurt.",
          "{A} could see {goal}. It was so close! {but} {A} looked back at {B}.")
    s.add("{A} ran back and helped {B} up.", "{so} {A} turned around and ran back to {B}.")
    s.say("{A}", "Are you okay? Let's finish together.", "Hold my hand. We can go slowly.")
    s.add("They walked to {goal} hand in hand, and everyone clapped and cheered.",
          "Side by side, they crossed the finish line last. The crowd cheered louder than ever.")
    s.add("{A} did not win the race, but {T} gave {A.him} a special ribbon for kindness.",
          "{A} did not get a medal, but {A.he} felt happier than if {A.he} had won.")
    s.say("{B}", "Thank you, {A}. You're a real friend.", "You gave up winning for me!")
    s.lesson("being a good friend is better than winning", "helping others is the best way to win",
             "kindness matters more than being first")
    s.ritual("stopped to help anyone who fell down", "cheered for everyone in every race")
    s.feel("proud", "happy", "warm", "glad")
    s.keep("a race", "a ribbon")


_TREATS = [   # (a ..., the ..., was/were)
    ("a chocolate cake", "the cake", "was"), ("some cookies", "the cookies", "were"),
    ("some muffins", "the muffins", "were"), ("a loaf of banana bread", "the banana bread", "was"),
    ("an apple pie", "the pie", "was"), ("a stack of pancakes", "the pancakes", "were"),
    ("some cupcakes", "the cupcakes", "were"), ("a lemon cake", "the lemon cake", "was"),
    ("some gingerbread men", "the gingerbread men", "were"), ("a berry tart", "the tart", "was"),
]
_MISHAPS = [   # (what went wrong, what they did about it)
    ("{sudden} the bag of flour tipped over. Poof! There was flour everywhere, and {A}'s nose was all white!",
     "{M} laughed so hard that {M.he} had to sit down. Then they swept up the flour and started again."),
    ("{A} was so excited that {A.he} poured in salt instead of sugar! When they tasted the mix, it was yucky.",
     "They made a face, laughed, and tipped it out. This time {A} read the labels very carefully."),
    ("They forgot to set the timer, and soon the kitchen smelled of smoke. The first batch was black!",
     "{A} wanted to cry, but {M} opened the window and said they could try again. This time {A} watched the clock."),
    ("{A} cracked an egg, and the whole thing fell into the bowl, shell and all!",
     "They fished out the bits of shell with a spoon, giggling all the while."),
]


@_plot("baking something")
def _baking(s):
    s.grownup()
    a, the, was = s.pick(_TREATS)
    oops, fix = s.pick(_MISHAPS)
    s.set(treat=a, the_treat=the, t_was=was, t_it="it" if was == "was" else "them",
          giftee=s.pick(["the new neighbors", "the lady next door", "the whole family",
                         "the old man across the street", "the firefighters down the road", "the children in the park",
                         "the mail carrier"]))
    s.set(oops=oops.format_map(s.env), fix=fix.format_map(s.env))
    s.trait("{A} loved to help in the kitchen.", "{A} dreamed of being a baker one day.",
            "The best smell in the world, {A} thought, was something baking in the oven.")
    s.start("wanted to bake {treat} for {giftee}", "decided to make {treat} for {giftee}")
    s.say("{A}", "{M}, can you help me bake?", "Can we bake {treat} today, please?")
    s.say("{M}", "Of course! Wash your hands first.", "What a lovely idea! Let's get the bowls.")
    s.add("{A} and {M} put on aprons.", "{M} got out a big bowl and a wooden spoon.")
    s.add("They added flour, eggs, sugar, and milk. {A} stirred and stirred.",
          "{A} poured in the flour, and {M} cracked the eggs. Then {A} stirred with all {A.his} might.")
    s.para()
    s.add("{oops}")
    s.add("{fix}")
    s.add("{soon} {the_treat} {t_was} ready. The kitchen smelled wonderful.",
          "{last} {the_treat} came out of the oven, golden and warm.")
    s.say("{A}", "Can I try some?", "Mmm! It smells so good!", "We did it!")
    s.add("They wrapped {the_treat} in a cloth and took {t_it} to {giftee}. "
          "Everyone said it was the best they had ever tasted.",
          "They shared {the_treat} with {giftee}, and everyone asked for more.")
    s.lesson("mistakes are part of learning", "if something goes wrong, you can try again",
             "things made with love taste the best")
    s.ritual("helped {M} in the kitchen every Sunday", "read the labels very carefully when baking",
             "baked something for {giftee} every month")
    s.feel("proud", "happy", "warm", "glad")
    s.keep("a cake", "a bag of flour")


@_plot("a new friend at school", when="school")
def _new_friend(s):
    s.titled("T", "teacher")
    s.friend()
    s.set(game=s.pick(GAMES), skill=s.pick(["drawing horses", "building towers", "singing", "doing cartwheels",
                                            "telling jokes", "counting to a hundred", "catching balls"]),
          likes=s.pick(HOBBIES))
    s.trait("{A} liked going to school.", "{A} had lots of friends at school.",
            "{A} always said good morning to {A.his} teacher.")
    s.start("was at school when {T} came in with a new {B.kind}",
            "was hanging up {A.his} coat when a new {B.kind} walked into the classroom")
    s.say("{T}", "Everyone, this is {B}. {B.He} {B.are} new here. Please make {B.him} feel welcome.",
          "Say hello to {B}, everyone. {B.He} just moved to our town.")
    s.add("{B} stood by the door and looked at the floor. {B.He} did not say a word.",
          "{B} held on tight to {B.his} backpack. {B.He} looked {scared}.")
    s.add("At recess, {B} sat all alone on a bench.", "At lunch, {B} ate all by {B.self} in the corner.")
    s.para()
    s.add("{A} remembered how it felt to be new.", "{A} thought {B} looked lonely.",
          "{A} saw {B} sitting alone, and {A.he} had an idea.")
    s.say("{A}", "Hi, I'm {A}. Do you want to play {game} with me?", "Hello! Would you like to play {game}?",
          "Hi, {B}! Come and play {game} with us!")
    s.add("{B} looked up and smiled a small smile.", "{B}'s eyes lit up.")
    s.say("{B}", "Yes, please!", "Really? Okay!", "I'd like that very much.")
    s.add("They played {game} until the bell rang.", "{soon} they were laughing and playing {game} together.")
    s.add("{A} found out that {B} liked {likes}, just like {A.him}.",
          "{A} found out that {B} was very good at {skill}.")
    s.say("{B}", "Thank you for playing with me. I was scared nobody would like me.",
          "I was so nervous today. Thank you for being my friend.")
    s.say("{A}", "I like you! Let's play again tomorrow.", "You can sit with me every day!")
    s.lesson("a small hello can make a big difference", "everyone feels shy sometimes",
             "being kind to someone new can start a friendship")
    s.ritual("said hello to every new {B.kind} at school", "made sure nobody sat alone at recess")
    s.feel("happy", "warm", "kind", "glad")
    s.keep("someone new", "{B}")


@_plot("learning to swim", when="day")
def _swim(s):
    s.titled("T", "swim teacher")
    s.set(pool=s.pick(["the swimming pool", "the pool in town", "the lake", "the beach"]),
          bands=s.pick(COLORS),
          stroke=s.pick(["a frog", "a little dog paddling", "a duck", "a fish"]))
    s.trait("{A} loved to splash in the bath, but {A.he} could not swim.",
            "{A} liked to watch the big kids swim, but {A.he} stayed on the side.",
            "{A} was scared of deep water.")
    s.start("went to {pool} for {A.his} first swimming lesson", "had {A.his} very first swimming lesson at {pool}")
    s.add("The water looked so big and deep.", "The water sparkled, but it looked very deep.")
    s.say("{A}", "I don't want to go in. What if I sink?", "It's too deep! I'm scared!")
    s.say("{T}", "Don't worry. I will hold you, and you can wear these armbands.",
          "I'll be right here. We will go one small step at a time.")
    s.add("{A} put on {bands} armbands and stepped into the water. It was cold!",
          "{A} sat on the edge and put {A.his} toes in first. Then {A.he} slid in slowly.")
    s.para()
    s.add("First, {T} showed {A} how to kick {A.his} legs. Kick, kick, kick!",
          "{T} held {A}'s hands while {A.he} kicked and kicked.")
    s.add("{then} {A} learned to move {A.his} arms like {stroke}.", "{then} {A} learned to blow bubbles in the water.")
    s.add("{but} {A} swallowed some water and coughed.", "{but} {A} slipped and went under for a second. Splutter!")
    s.say("{A}", "I can't do it!", "I want to get out!")
    s.say("{T}",
          "You're doing so well. Let's try once more.", "Everybody swallows some water. You're being very brave.")
    s.add("{A} did not give up. {A.He} went back every week.", "{A} took a deep breath and tried again.")
    s.para()
    s.add("{last} one day, {T} let go, and {A} swam all by {A.self}!",
          "Then one day, {A} kicked and paddled all the way across, without any help!")
    s.say("{A}", "Look! I'm swimming!", "I did it! I can swim!")
    s.lesson("practice helps you do hard things", "you can learn anything one small step at a time",
             "being brave means trying again")
    s.ritual("loved to swim", "jumped into the pool with a big splash every week")
    s.feel("proud", "brave", "happy", "strong")
    s.keep("a swimming pool", "water")


_BROKEN = [   # (thing, part, what happened to it, how it was mended)
    ("wooden train", "wheel", "fell off", "{M} put a little glue on the wheel and held it in place"),
    ("toy boat", "sail", "tore", "{M} sewed the sail with a needle and {color} thread"),
    ("rag doll", "arm", "came loose", "{M} stitched the arm back on with tiny stitches"),
    ("robot", "arm", "snapped off", "{M} fixed the arm with glue and a small screw"),
    ("kite", "tail", "ripped", "{M} tied the tail back on and patched the hole with tape"),
    ("teddy bear", "ear", "came off", "{M} sewed the ear back on and gave the bear a little bow"),
    ("music box", "lid", "cracked", "{M} glued the lid and painted over the crack with {color} flowers"),
    ("toy plane", "wing", "snapped", "{M} glued the wing and tied it with string until it dried"),
    ("toy truck", "wheel", "rolled away under the fridge", "{M} found the wheel with a broom and clicked it back"),
    ("bird house", "roof", "fell off", "{M} nailed the roof back on with a small hammer"),
]


@_plot("a broken thing mended")
def _mended(s):
    s.grownup(kind=s.pick(["grand", "parent", "aunt"]))
    thing, part, how, fix = s.pick(_BROKEN)
    s.set(thing=thing, part=part, how=how, color=s.pick(COLORS))
    s.set(fix=fix.format_map(s.env))
    s.trait("{A}'s favorite toy was an old {thing} that {A.his} {M.rel} had given {A.him}.",
            "{A} had a {thing} that {A.he} played with every single day.",
            "{A} loved {A.his} {thing} more than all {A.his} other toys.")
    s.start("was playing with {A.his} {thing} when something went wrong",
            "was showing {A.his} {thing} to the cat when {A.he} dropped it")
    s.add("{sudden} the {part} {how}!", "Crack! The {part} {how}.")
    s.say("{A}", "Oh no! My {thing} is broken!", "My {thing}! It's ruined!")
    s.add("{A} cried big tears. {A.He} thought {A.his} {thing} was broken forever.",
          "{A} held the pieces in {A.his} hands and sniffed.")
    s.para()
    s.add("{M} came to see what was wrong.", "{M} heard the crying and came in.")
    s.say("{M}", "Let me see. Maybe we can fix it together.", "Don't cry. Most broken things can be mended.")
    s.add("{fix}.", "Together they worked at the table. {fix}.")
    s.add("{A} held the {thing} very still while {M} worked.", "{A} handed {M} everything {M.he} needed.")
    s.add("It took a long time. {A} had to be very patient.", "It was slow work, but {A} waited patiently.")
    s.add("{last} the {thing} was as good as new!",
          "{last} it was done. The {thing} had a little mark where it had been mended, but it was whole again.")
    s.say("{A}", "It's even better now, because we fixed it together!", "Thank you, {M}! You're the best fixer!")
    s.lesson("broken things can often be mended with patience", "a little care can fix a lot",
             "it helps to ask for help when something goes wrong")
    s.ritual("took very good care of {A.his} {thing}", "helped {M} fix things around the house")
    s.feel("happy", "thankful", "proud", "calm")
    s.keep("{A.his} {thing}", "a {thing}")


@_plot("a storm", when="night", bedtime=False)
def _storm(s):
    s.grownup()
    s.set(hill=s.pick(["the hill", "the rooftops", "the field", "the park", "the river"]))
    s.trait("{A} did not like loud noises.", "{A} was a little bit scared of thunder.")
    s.start("was getting ready for bed when the wind began to howl",
            "was brushing {A.his} teeth when the sky went very dark")
    s.add("Rain hit the windows, and the trees swished and swayed.",
          "The rain drummed on the roof. Whoosh went the wind.")
    s.add("{sudden} there was a bright flash of light and then a loud BOOM!",
          "{sudden} the sky lit up, and thunder went CRASH!")
    s.add("{A} jumped and hid under {A.his} blanket.", "{A} ran and hid behind the sofa.")
    s.say("{A}", "{M}! What was that?", "{M}! I'm scared!", verb="called")
    s.para()
    s.add("{M} came and held {A.him} close.", "{M} came in with a flashlight and a big, soft blanket.")
    s.say("{M}", "It's only thunder. It's just the sky making a big noise.",
          "That was thunder. It's loud, but it can't hurt us in here.")
    s.add("{M} taught {A} a game. When the light flashed, they counted: one, two, three... Then BOOM! "
          "The bigger the number, the farther away the storm was.",
          "They made a cozy nest of pillows on the sofa, and {M} told {A} a story about a cloud that was learning "
          "to sing.")
    s.add("Each time, the thunder got quieter.", "{soon} the booms were just soft rumbles, far away.")
    s.say("{A}", "It's going away!", "The storm is saying goodbye!")
    s.add("{A} yawned and fell asleep in {M}'s arms.", "{A} snuggled up and fell asleep.")
    s.para()
    s.add("In the morning, the sky was clean and blue. There were puddles everywhere, and a bright rainbow over "
          "{hill}.",
          "When {A} woke up, the storm was gone. The sun was shining, and drops of rain sparkled on the grass.")
    s.lesson("storms always pass", "it is easier to be brave when someone is with you",
             "loud things are not always dangerous things")
    s.ritual("counted between the flash and the boom whenever there was a storm", "was not scared of thunder any more")
    s.feel("brave", "safe", "calm", "cozy")
    s.keep("a flash of lightning", "a rainbow")


@_plot("a surprise party")
def _party(s):
    if s.chance(0.5):
        s.grownup("W", kind="grand")
        s.friend("H")
    else:
        s.friend("W")
        s.grownup("H")
    s.set(c1=s.pick(COLORS), c2=s.pick(COLORS), cake=s.pick(["chocolate", "strawberry", "lemon", "carrot", "banana"]))
    s.trait("{A} loved birthdays more than anything.", "{A} was very good at keeping secrets.",
            "{A} liked to make people smile.")
    s.start("found out that it was {W}'s birthday on Saturday", "remembered that {W}'s birthday was coming soon")
    s.say("{A}", "Let's have a surprise party! But {W} must not know.", "I know! Let's plan a secret party for {W}!",
          verb="whispered")
    s.add("{A} and {H} made a list: balloons, a cake, and a big card.",
          "{A} and {H} talked in quiet voices about what they would need.")
    s.add("They blew up {c1} and {c2} balloons until their cheeks were sore.",
          "They made a paper banner with big {c1} letters that said HAPPY BIRTHDAY.")
    s.add("{A} drew a picture of {W} on the card, with a big smile and a party hat.",
          "{H} helped {A} bake a {cake} cake with candles on top.")
    s.para()
    s.add("{but} {W} almost came in while they were hiding the cake!",
          "{but} just as they were putting up the banner, they heard footsteps!")
    s.say("{W}", "What are you two doing in there?", "What's all that noise?")
    s.say("{A}", "Nothing! Nothing at all!", "Don't come in! I mean, we're just playing!")
    s.add("{A} and {H} giggled behind their hands.", "{A} threw a blanket over the cake just in time.")
    s.para()
    s.add("On the big day, the room was dark and quiet. Everyone hid behind the sofa.",
          "When {W} came home on Saturday, the house was dark and very quiet.")
    s.add("{sudden} the lights came on.", "{W} opened the door, and {sudden} the lights came on.")
    s.say("everyone", "Surprise!", "Surprise! Happy birthday!", verb="shouted")
    s.add("{W}'s mouth fell open. Then {W.he} laughed and clapped {W.his} hands.",
          "{W} jumped in surprise, and then {W.his} face broke into a huge smile.")
    s.say("{W}", "This is the best surprise ever! Thank you!", "You did all this for me?")
    s.add("They ate {cake} cake, played games, and danced until the sun went down.",
          "They sang happy birthday, ate cake, and played musical chairs.")
    s.lesson("making someone else happy makes you happy too", "the best gifts come from the heart")
    s.ritual("made a card for everyone's birthday", "loved planning surprises")
    s.feel("happy", "proud", "excited", "warm")
    s.keep("a balloon", "a birthday cake")


_SEEDS = [   # (seed, plant, many)
    ("sunflower seeds", "sunflower", "tall yellow sunflowers"), ("carrot seeds", "carrot", "orange carrots"),
    ("bean seeds", "bean", "long green beans"), ("tomato seeds", "tomato", "round red tomatoes"),
    ("pumpkin seeds", "pumpkin", "big orange pumpkins"), ("daisy seeds", "daisy", "white daisies"),
    ("pea seeds", "pea pod", "fat green pea pods"), ("poppy seeds", "poppy", "bright red poppies"),
    ("strawberry seeds", "strawberry", "sweet red strawberries"), ("lettuce seeds", "lettuce", "crunchy lettuces"),
]
_GROW_FIX = [   # (what the grown-up says, what they did)
    ("The soil is too dry. Seeds need water to drink.",
     "{so} {A} watered the seeds every day with {A.his} {color} watering can."),
    ("This spot is too dark. Seeds need sunshine to grow.",
     "{so} they planted new seeds in a sunny spot by the fence."),
    ("Seeds are slow. You have to give them time.",
     "{so} {A} waited. {A.He} sang songs to the seeds and told them stories."),
    ("The weeds are taking all the room. Let's pull them out.",
     "{so} they pulled out all the weeds, one by one, until the seeds had room to grow."),
]


@_plot("a garden that will not grow", when="day")
def _garden(s):
    s.grownup(kind=s.pick(["grand", "grand", "parent"]))
    seed, plant, many = s.pick(_SEEDS)
    said, did = s.pick(_GROW_FIX)
    s.set(seed=seed, plant=plant, many=many, color=s.pick(COLORS), said=said, flowers=s.pick(FLOWERS))
    s.set(did=did.format_map(s.env))
    s.trait("{A} wanted a garden of {A.his} very own.", "{A} liked to dig in the dirt and look for worms.",
            "{A} loved to help {A.his} {M.rel} in the garden.")
    s.start("planted some {seed} in a little patch of the garden", "got a packet of {seed} and a little spade")
    s.add("{A} dug small holes, dropped in the seeds, and covered them with soil.",
          "{A} made neat rows in the dirt and pushed the seeds in with {A.his} finger.")
    s.maybe(0.5, "Next to {A.his} patch, {M}'s {flowers} were already blooming.",
            "All around the garden, the {flowers} were growing tall.")
    s.add("Every morning, {A} ran outside to look. {but} nothing grew.",
          "{A} waited one day, then two days, then a whole week. {but} nothing grew at all.")
    s.say("{A}", "Why won't my seeds grow?", "Are my seeds broken?")
    s.para()
    s.add("{A} asked {M} for help.", "{M} came out to look at the patch of dirt.")
    s.say("{M}", "{said}")
    s.add("{did}")
    s.add("{last} one morning, {A} saw tiny green shoots poking out of the soil!",
          "Then one morning, there was something new: little green leaves, as small as a mouse's ear!")
    s.say("{A}", "They're growing! They're really growing!", "{M}, come quick! Look!")
    s.add("By the end of summer, there were {many} everywhere.",
          "The shoots grew and grew. {soon} the garden was full of {many}.")
    s.add("{A} picked the very first {plant} and shared it with {M}.",
          "{A} was so proud that {A.he} showed {A.his} garden to everyone.")
    s.lesson("good things take time", "plants need water, sun, and lots of patience",
             "if something does not work, you can find out why")
    s.ritual("looked after {A.his} garden every day", "planted new seeds every spring")
    s.feel("proud", "happy", "patient", "glad")
    s.keep("a green shoot", "a {plant}")


_ACCIDENTS = [   # (what A was doing, what happened, how A hid it)
    ("playing ball in the house", "The ball bounced off the wall and hit {M}'s {color} vase. Crash! It broke.",
     "{A} quickly hid the pieces under the sofa."),
    ("drawing at the table", "{A} knocked over a cup of juice, and it spilled all over the new white rug.",
     "{A} put a cushion on top of the sticky spot."),
    ("reaching for the cookie jar on a high shelf", "The jar slipped and smashed on the floor.",
     "{A} swept the pieces into a corner and ran away."),
    ("painting a picture", "{A} got {color} paint all over {M}'s best tablecloth.",
     "{A} folded the tablecloth up and pushed it to the back of a drawer."),
    ("jumping on the bed", "{A} bumped the shelf, and {M}'s favorite mug fell and cracked.",
     "{A} hid the mug behind the books."),
    ("playing with the garden hose", "Water sprayed all over the open window and soaked {M}'s newspaper.",
     "{A} put the wet newspaper in the bin."),
]


@_plot("telling the truth after a mistake")
def _truth(s):
    s.grownup(kind="parent")
    doing, oops, hide = s.pick(_ACCIDENTS)
    s.set(doing=doing, color=s.pick(COLORS))
    s.set(oops=oops.format_map(s.env), hide=hide.format_map(s.env))
    s.trait("{A} was a good {A.kind}, but sometimes {A.he} forgot the rules.",
            "{A} was full of energy and never sat still.", "{A} liked to play fast games indoors.")
    s.start("was {doing} while {M} was busy in the garden", "was {doing} all by {A.self}")
    s.add("{oops}")
    s.add("{A} froze. {A.His} heart beat fast.", "{A} gasped. {A.He} {A.was} in big trouble!")
    s.add("{hide}")
    s.para()
    s.add("Later, {M} came in and looked around.", "{soon} {M} found the mess.")
    s.say("{M}", "What happened here?", "Do you know anything about this?")
    s.say("{A}", "I don't know. Maybe it was the wind.", "It wasn't me!", "I didn't see anything.")
    s.add("All afternoon, {A} felt funny inside.", "{A} could not eat {A.his} dinner. {A.His} tummy felt tight.",
          "{A} did not feel like playing. The secret felt heavy, like a big stone.")
    s.add("At bedtime, {A} could not sleep.", "Even {A.his} favorite story did not make {A.him} feel better.")
    s.para()
    s.add("{last} {A} got up and went to find {M}.", "{so} {A} took a deep breath and went to find {M}.")
    s.say("{A}", "{M}, I have to tell you something. It was me. I'm sorry.",
          "It was me. I did it, and then I hid it. I'm really sorry.")
    s.add("{M} was quiet for a moment. Then {M.he} gave {A} a hug.",
          "{M} knelt down and looked at {A} with kind eyes.")
    s.say("{M}", "Thank you for telling me the truth. Everyone makes mistakes. I'm proud of you for being honest.",
          "I'm glad you told me. Mistakes can be fixed, but secrets make us feel bad.")
    s.add("Together they cleaned up the mess.", "The next day, they fixed what they could together.")
    s.add("{A} felt light and happy again, like a balloon.", "The heavy feeling in {A}'s tummy was gone.")
    s.lesson("it is always best to tell the truth", "telling the truth makes you feel better inside",
             "everyone makes mistakes, and saying sorry helps")
    s.ritual("always told the truth, even when it was hard", "played ball games outside, not in the house")
    s.feel("light", "calm", "happy", "relieved")


@_plot("flying a kite", when="day")
def _kite(s):
    helper = "B" if s.chance(0.5) else "M"
    if helper == "B":
        s.friend()
    else:
        s.grownup()
    s.set(H=s.env[helper], color=s.pick(COLORS), c2=s.pick(COLORS),
          shape=s.pick(["diamond", "fish", "dragon", "butterfly", "bird", "star"]),
          spot=s.pick(["the top of the hill", "the big field", "the beach", "the park"]))
    s.trait("{A} had always wanted to fly a kite.", "{A} liked to watch the birds fly and wished {A.he} could fly too.")
    s.start("got a new {color} kite shaped like a {shape}", "made a kite with paper, sticks, and a long {c2} tail")
    s.add("{A} took the kite to {spot} with {H}.", "{A} and {H} carried the kite to {spot}.")
    s.add("{A} held the string and ran, but the kite just bumped along the ground.",
          "{A} threw the kite into the air. It went up a little, then flopped down on the grass.")
    s.say("{A}", "Fly, kite, fly!", "Why won't it fly?")
    s.add("{A} tried again and again. Each time, the kite fell down.", "{A} ran until {A.he} {A.was} out of breath.")
    s.para()
    s.say("{H}", "You need the wind. Wait for a big gust, then let the string out slowly.",
          "Stand with your back to the wind and be patient.")
    s.add("{A} waited. {sudden} a strong wind blew across {spot}.", "{so} {A} stood still and waited for the wind.")
    s.add("The kite jumped into the air and went up, up, up!", "Whoosh! The kite rose high into the sky.")
    if s.chance(0.5):
        s.add("{but} then the kite got stuck in the branches of a tall tree!",
              "{but} the wind pulled the kite right into a tree!")
        s.add("{H} found a long stick and gently shook the branch. Down floated the kite.",
              "{A} and {H} pulled the string very gently, and the kite wiggled free.")
    s.add("The kite danced in the blue sky like a {color} bird.", "The kite swooped and twirled high above them.")
    s.say("{A}", "Look how high it is!", "It's flying! It's really flying!")
    s.lesson("if you keep trying, you will get there", "sometimes you have to wait for the right moment")
    s.ritual("flew {A.his} kite on every windy day", "loved windy days")
    s.feel("happy", "proud", "free", "excited")
    s.keep("a kite in the sky", "the wind in the trees")


@_plot("the first day of school", when="school")
def _first_day(s):
    s.grownup(kind="parent")
    s.titled("T", "teacher")
    s.friend()
    s.set(bag=s.pick(COLORS), snack=s.pick(SNACKS), story_animal=s.pick(ANIMALS),
          shoes=s.pick(COLORS))
    s.trait("{A} was big enough to start school.", "{A} had a new {bag} backpack for school.")
    s.start("woke up with butterflies in {A.his} tummy, because it was {A.his} first day of school",
            "was getting ready for {A.his} very first day of school")
    s.say("{A}", "What if nobody likes me? What if I get lost?", "I don't want to go. I'm scared.")
    s.say("{M}", "Everyone feels a little scared on the first day. I will be right here when school ends.",
          "New things are scary at first. But you are braver than you think.")
    s.add("{M} packed {snack} in {A.his} lunch box.", "{M} put a little note in {A.his} lunch box.")
    s.add("At the school gate, {A} held {M}'s hand very tight.", "At the gate, {A} gave {M} one more big hug.")
    s.para()
    s.add("{T} had a kind smile. {T.He} showed {A} where to hang {A.his} coat.",
          "{A}'s teacher was called {T}. {T.He} had a soft voice and a room full of books.")
    s.add("They sang songs, painted pictures, and listened to a story about a {story_animal}.",
          "There were paints, blocks, and a big rug for story time.")
    s.add("{A} sat next to {B}, who had {shoes} shoes and a friendly face.",
          "At the painting table, {A} sat next to a {B.kind} named {B}.")
    s.say("{B}", "Do you want to share my crayons?", "I like your picture!")
    s.add("At lunch, {A} and {B} ate together and swapped stories.",
          "{A} and {B} played on the slide at recess.")
    s.para()
    s.add("When {M} came to pick {A.him} up, {A} ran to {M.him}.", "At home time, {A} ran out of the door, smiling.")
    s.say("{A}", "School is fun! Can I come back tomorrow?", "I made a friend! Can I go again tomorrow?")
    s.lesson("new things can be scary at first but fun in the end", "being brave can lead to new friends")
    s.ritual("ran to school every morning", "looked for {B} first thing every day")
    s.feel("proud", "happy", "brave", "excited")
    s.keep("a school bus", "{A.his} {bag} backpack")


_BUSY_PLACES = [   # (place, something to stare at, helper, helper's pronoun)
    ("the market", "a stall piled high with shiny red apples", "the lady at the fruit stall", "she"),
    ("the fair", "a clown juggling five {color} balls", "a police officer", None),
    ("the zoo", "a mother monkey feeding its baby", "the zookeeper", None),
    ("the big toy shop", "a toy train going round and round a little mountain", "the man at the counter", "he"),
    ("the beach", "a crab digging a hole in the sand", "the lifeguard", None),
    ("the train station", "a huge {color} train puffing into the station", "the station guard", None),
    ("the flower show", "a giant sunflower, taller than a grown-up", "the lady selling tickets", "she"),
]


@_plot("getting lost and found")
def _lost(s):
    s.grownup(kind="parent")
    place, sight, helper, pron = s.pick(_BUSY_PLACES)
    s.set(color=s.pick(COLORS))
    s.set(place=place, sight=sight.format_map(s.env))
    s._add("H", Who(helper, pron or s.pick(["she", "he", "they"])))
    s.trait("{A} was curious about everything.", "{A} always wanted to see what was around the next corner.")
    s.start("went to {place} with {A.his} {M.rel}", "was at {place} with {M}")
    s.add("There were so many people and so many things to see.", "It was very busy, with people everywhere.")
    s.add("{A} saw {sight} and stopped to look.", "{then} {A} spotted {sight}. {A.He} just had to watch.")
    s.add("When {A} turned around, {M} was gone!", "{A} looked up, but {M} was not there any more!")
    s.say("{A}", "{M}? {M}, where are you?", "{M}! I can't see you!", verb="called")
    s.add("{A}'s heart beat fast. There were so many legs and bags everywhere.",
          "{A} wanted to run and look, but everything looked the same.")
    s.para()
    s.add("{then} {A} remembered what {M} always said: if you get lost, stay where you are and find a helper.",
          "{but} {A} remembered the rule. Stand still, and ask someone who works there.")
    s.add("{A} saw {H} and walked over.", "{so} {A} went up to {H}.")
    s.say("{A}", "Excuse me. I can't find my {M.rel}.", "Please help me. I'm lost.")
    s.say("{H}", "Don't worry. We will find {M.him} together. What is your name?",
          "You did the right thing. Let's stay right here, and we will find {M.him}.")
    s.add("{H} called out in a loud, clear voice.", "{H} spoke into a little radio.")
    s.add("{soon} {A} saw {M} running toward {A.him}.", "A moment later, {M} came hurrying through the crowd.")
    s.add("{M} scooped {A} up in a big hug.", "{A} ran into {M}'s arms.")
    s.say("{M}", "I'm so glad you stayed put and asked for help!", "You were so smart to ask a helper!")
    s.lesson("if you get lost, stay where you are and ask a helper", "it is smart to remember the safety rules")
    s.ritual("held {M}'s hand in busy places", "always stayed close to {M} at {place}")
    s.feel("safe", "relieved", "proud", "calm")
    s.keep("a crowd", "{place}")


_DISCOVERIES = _items("""
a little window seat where the sun came in | an old apple tree with a rope swing |
a tiny door under the stairs | a pond full of frogs at the end of the garden |
a room at the top of the house with a round window | a patch of wild strawberries by the fence |
a bird's nest in the hedge with three blue eggs
""")


@_plot("moving to a new house")
def _moving(s):
    s.grownup(kind="parent")
    s.friend()
    s.set(found=s.pick(_DISCOVERIES), thing=s.pick(["shells", "conkers", "pretty stones", "snails", "four-leaf clovers",
                                                    "blackberries", "feathers"]))
    s.trait("{A} had lived in the same little house all {A.his} life.", "{A} loved {A.his} old bedroom.")
    s.start("moved to a new house in a new town", "had to say goodbye to {A.his} old house")
    s.add("The new house was big and empty. {A}'s footsteps echoed in the hall.",
          "The rooms were full of boxes, and nothing was where it should be.")
    s.add("{A} missed {A.his} old room and {A.his} old friends.", "{A} sat on a box and felt {sad}.")
    s.say("{A}", "I want to go home. I don't like it here.", "Everything is wrong here!")
    s.say("{M}", "This is our home now. Let's explore and find something nice.",
          "It takes time for a new place to feel like home. Let's look around.")
    s.para()
    s.add("{A} and {M} went exploring. {A} found {found}.", "{soon} {A} found {found}. {A.His} eyes went wide.")
    s.add("{then} {A} heard a voice from over the fence.", "{sudden} a head popped up over the fence.")
    s.say("{B}", "Hi! Are you the new {A.kind} next door? I'm {B}.", "Hello! I'm {B}. I live next door!")
    s.add("{B} showed {A} the best place to find {thing}.",
          "{B} and {A} spent the whole afternoon looking for {thing}.")
    s.say("{A}", "Maybe I will like it here after all.", "This place is not so bad!")
    s.lesson("a new place can become home", "new places can bring new friends", "change can be a good thing")
    s.ritual("played with {B} every day after school", "looked for {thing} with {B} every weekend")
    s.feel("happy", "hopeful", "glad", "cozy")
    s.keep("{found}", "a moving box")


@_plot("a night with no sleep", when="night", bedtime=False)
def _no_sleep(s):
    s.grownup()
    s.set(n=s.pick(["ten", "twenty", "fifty", "a hundred"]), animal=s.pick(ANIMALS), adj=s.pick(HERO_ADJ),
          ship=s.pick(["a teacup", "a paper boat", "a big yellow balloon", "a boot", "a walnut shell", "a flying bed"]),
          dest=s.pick(["the moon", "a land made of cake", "the bottom of the sea", "the top of a cloud",
                       "an island full of giggling trees"]))
    s.trait("{A} loved bedtime stories.", "{A} had so much energy that {A.he} never wanted the day to end.")
    s.start("could not fall asleep", "lay in bed with {A.his} eyes wide open")
    s.add("{A.He} tossed and turned. {A.He} counted {n} sheep, but {A.he} {A.was} still wide awake.",
          "{A.He} rolled this way and that way. {A.His} pillow was too hot, and {A.his} blanket was too cold.")
    s.say("{A}", "{M}, I can't sleep!", "{M}! My eyes won't close!", verb="called")
    s.add("{M} brought {A} a cup of warm milk.", "{M} fluffed up {A.his} pillow and tucked {A.him} in tight.")
    s.add("{but} {A} still could not sleep.", "{but} {A}'s eyes stayed open.")
    s.para()
    s.say("{M}", "Let me tell you a story, then.", "Close your eyes, and I'll tell you a story.")
    s.add("{M} told a story about a {adj} {animal} who sailed to {dest} in {ship}.",
          "The story was about a {adj} {animal} who set off for {dest} in {ship}.")
    s.add("{A}'s eyes got heavier and heavier.", "{A} yawned a big, long yawn.")
    s.add("Before the story was over, {A} was fast asleep.", "{soon} {A} was snoring softly.")
    s.say("{M}", "Sweet dreams.", "Good night, sleep tight.", verb="whispered")
    s.lesson("a quiet story can help a busy mind rest", "it is easier to sleep when you feel calm")
    s.ritual("asked for a story every night", "dreamed about the {animal} who sailed to {dest}")
    s.feel("calm", "sleepy", "cozy", "safe")
    s.keep("{ship}", "the moon")


@_plot("a snow day", when="snow")
def _snow(s):
    s.friend()
    s.grownup()
    s.set(mittens=s.pick(COLORS), hat=s.pick(COLORS), snowname=s.pick(PET_NAMES),
          eyes=s.pick(["two black stones", "two buttons", "two round pebbles", "two dark pinecones"]))
    s.trait("{A} had been waiting and waiting for snow.", "{A} loved winter best of all.")
    s.start("looked out of the window and saw that everything was white", "woke up, and the world was covered in snow")
    s.say("{A}", "Snow! It snowed!", "Look! It's snowing!", verb="shouted")
    s.add("{A} put on {A.his} coat, a {hat} hat, a scarf, and {mittens} mittens.",
          "{A} pulled on {A.his} boots so fast that {A.he} put them on the wrong feet.")
    s.add("Outside, {A} met {A.his} friend {B}.", "{B} was already outside, catching snowflakes on {B.his} tongue.")
    s.add("They rolled a small snowball into a big one, then a bigger one.",
          "Together they rolled three snowballs: a big one, a middle one, and a small one.")
    s.add("They made a snowman with {eyes} for eyes and sticks for arms.",
          "They stacked the snowballs up and gave the snowman {eyes} for eyes.")
    s.para()
    s.add("{but} something was missing. The snowman had no nose!",
          "{but} the snowman looked a bit sad. It had no nose!")
    s.say("{B}", "We need a carrot!", "Every snowman needs a carrot nose!")
    s.add("{A} ran inside and asked {M} for a carrot.", "{A} dashed to the kitchen to find {M}.")
    s.say("{M}", "Here you go. Only one, mind!", "Take the biggest one!")
    s.add("{A} pushed the carrot into place. Now the snowman looked perfect.",
          "With its new orange nose, the snowman seemed to smile.")
    s.add("They named the snowman {snowname}.", "{B} put {B.his} own hat on the snowman's head.")
    s.add("{then} they went inside and drank hot cocoa with marshmallows to warm up their cold fingers.",
          "When their noses were pink, they went inside for hot soup and toast.")
    s.lesson("playing together makes cold days warm", "the best days are the ones you share with a friend")
    s.ritual("ran outside whenever it snowed", "built a snowman with {B} every winter")
    s.feel("happy", "cozy", "warm", "excited")
    s.keep("snow falling", "a snowman")


@_plot("a sandcastle and a wave", when="day")
def _sandcastle(s):
    s.grownup()
    s.friend()
    s.set(bucket=s.pick(COLORS), top=s.pick(["a pink shell", "a seagull feather", "a little flag", "a shiny pebble"]))
    s.trait("{A} loved the sea.", "{A} had a {bucket} bucket and a spade that {A.he} took everywhere in summer.")
    s.start("went to the beach with {A.his} {M.rel}", "spent a sunny day at the beach")
    s.add("The sand was warm, and the sea was sparkling blue.",
          "Gulls called overhead, and the waves went swish, swish.")
    s.add("{A} built a big sandcastle with four towers and a moat.",
          "{A} filled {A.his} {bucket} bucket again and again and made the biggest castle {A.he} had ever built.")
    s.add("{A} put {top} on top of the highest tower.", "{last} {A} put {top} on top.")
    s.add("{sudden} a big wave came rushing up the beach. Whoosh!",
          "{but} {A} had built it too close to the water. Here came a wave!")
    s.add("When the water went back, the castle was just a lumpy pile of wet sand.",
          "When the wave went away, the towers were gone.")
    s.say("{A}", "My castle! The sea broke it!", "No! It took my castle!")
    s.para()
    s.add("A {B.kind} named {B} came over with {B.his} own bucket.",
          "A {B.kind} with a big sun hat was watching. {B.His} name was {B}.")
    s.say("{B}", "I can help you build a new one. Let's build it higher up, away from the waves.",
          "That was a great castle. Shall we build an even bigger one, far from the water?")
    s.add("Together they built a castle twice as big, far up the beach.",
          "They dug and patted and shaped, and they decorated the walls with shells and seaweed.")
    s.add("This time, the waves could not reach it.", "The waves came and went, but the castle stood tall.")
    s.say("{A}", "It's the best castle on the whole beach!", "We're a great team!")
    s.lesson("when something breaks, you can build it again, even better", "work is easier and more fun with a friend")
    s.ritual("built sandcastles far from the waves", "went to the beach with {B} every summer")
    s.feel("happy", "proud", "glad", "sunny")
    s.keep("a sandcastle", "the sea")


_PETS = {   # kind -> (sound, what it does when found)
    "dog": ("Woof! Woof!", "{P} jumped up and licked {A}'s face all over."),
    "puppy": ("Yip! Yip!", "{P} wagged {P.his} tail so hard that {P.his} whole body wiggled."),
    "cat": ("Meow!", "{P} purred and rubbed {P.his} head against {A}'s hand."),
    "kitten": ("Mew! Mew!", "{P} climbed into {A}'s arms and purred like a tiny engine."),
    "bunny": ("Thump, thump!", "{P} twitched {P.his} nose and snuggled into {A}'s arms."),
}
_PET_FOUND = _items("""
stuck in the neighbor's garden shed | sitting under the slide at the park | chasing butterflies in the field |
curled up asleep in a flower pot | hiding under a car down the street | playing with the ducks by the pond |
sitting on the back step of the bakery
""")


@_plot("a lost pet", animals=False)
def _lost_pet(s):
    s.grownup()
    p = s.pet()
    sound, found = _PETS[p.kind]
    s.set(sound=sound, happy_pet=found.format_map(s.env), where=s.pick(_PET_FOUND))
    s.trait("{A} had a {P.kind} named {P}.", "{A} and {A.his} {P.kind}, {P}, did everything together.",
            needed=True)
    s.start("went to feed {P} and saw that the garden gate was open",
            "came home from school, but {P} did not run to say hello")
    s.add("{P} was gone!", "{A} looked in {P}'s bed. It was empty!")
    s.say("{A}", "{P}! {P}, where are you?", "{P}! Come here, {P}!", verb="shouted")
    s.add("{A} looked under the bushes, behind the shed, and up and down the street.",
          "{A} searched the whole garden, but there was no sign of {P}.")
    s.para()
    s.add("{A} and {M} made posters with a picture of {P} and the word LOST at the top.",
          "{M} helped {A} draw a picture of {P}, and they stuck it on every lamp post.")
    s.add("They knocked on doors and asked the neighbors.", "They walked around the block, calling {P}'s name.")
    s.add("As the sun went down, {A} felt more and more worried.",
          "{A} tried to be brave, but a tear rolled down {A.his} cheek.")
    s.say("{M}", "Let's look one more time. {P} can't be far.", "Don't give up. We'll find {P.him}.")
    s.add("{sudden} {A} heard something. {sound}", "{then} {A} heard a familiar sound: {sound}")
    s.add("There was {P}, {where}!", "{A} ran toward the sound and found {P} {where}.")
    s.say("{A}", "{P}! I missed you so much!", "There you are! Don't ever run away again!")
    s.add("{happy_pet}")
    s.lesson("we must keep our pets safe", "never give up on the ones you love")
    s.ritual("always checked that the gate was shut", "gave {P} an extra hug every night")
    s.feel("happy", "relieved", "thankful", "warm")
    s.keep("an open gate", "{P}")


_NEW_FOODS = [   # (food, it/them, what the grown-up turned it into)
    ("broccoli", "it", "{M} said the broccoli was a forest of little trees, and {A} was a giant."),
    ("peas", "them", "{M} made the peas into a smiley face on the plate."),
    ("spinach", "it", "{M} said spinach made you as strong as a bear."),
    ("mushrooms", "them", "{M} said the mushrooms looked like tiny umbrellas for tiny people."),
    ("fish", "it", "{M} told {A} that fish was what the penguins at the zoo ate every day."),
    ("beetroot", "it", "{M} pointed out that beetroot was a beautiful purple, {A}'s favorite color for painting."),
    ("cauliflower", "it", "{M} said the cauliflower looked like a fluffy white cloud."),
    ("lentil soup", "it", "{M} said the soup was a magic potion that made you warm all over."),
]


@_plot("trying a new food")
def _new_food(s):
    s.grownup(kind="parent")
    food, it, trick = s.pick(_NEW_FOODS)
    s.set(food=food, f_it=it, f_they="it" if it == "it" else "they", f_looks="looks" if it == "it" else "look",
          fav=s.pick(["pasta", "toast", "pancakes", "rice", "bananas", "plain noodles"]))
    s.set(trick=trick.format_map(s.env))
    s.trait("{A} only liked to eat {fav}.", "{A} was a very fussy eater.")
    s.start("sat down for dinner and saw {food} on {A.his} plate",
            "looked at {A.his} plate and saw something new: {food}")
    s.say("{A}", "Yuck! I don't like {food}!", "I'm not eating that!")
    s.add("{A} folded {A.his} arms and pushed the plate away.", "{A} made a face and shut {A.his} mouth tight.")
    s.say("{M}", "Have you ever tried {f_it}?")
    s.say("{A}", "No. But I know I won't like {f_it}.", "No, but {f_they} {f_looks} yucky.")
    s.para()
    s.add("{trick}")
    s.say("{M}", "Just one tiny bite. If you don't like {f_it}, you don't have to eat any more.",
          "How about one little taste, just to see?")
    s.add("{A} took a very small bite. {A.He} chewed slowly.",
          "{A} picked up the smallest bit and put it in {A.his} mouth.")
    s.add("{then} {A}'s eyes opened wide.", "{A} chewed, and chewed, and then {A.he} stopped.")
    s.say("{A}", "Hey, this is yummy!", "Can I have some more, please?")
    s.add("{A} ate every last bit, and {M} laughed.", "{A} cleared the whole plate.")
    s.lesson("you should try something before you say you don't like it", "new foods can be a nice surprise")
    s.ritual("tried one bite of every new food", "asked for {food} every week")
    s.feel("proud", "happy", "brave", "full")
    s.keep("{food}")


@_plot("learning to ride a bike", when="day")
def _bike(s):
    s.grownup(kind=s.pick(["parent", "parent", "aunt"]))
    s.set(color=s.pick(COLORS), where=s.pick(["the park", "the quiet lane", "the playground path", "the yard"]))
    s.trait("{A} wanted to ride a bike like the big kids.", "{A}'s old tricycle was getting too small.")
    s.start("got a shiny {color} bike", "took {A.his} new {color} bike to {where}")
    s.add("{A} wanted to ride it all by {A.self}, but it was hard.", "The bike was wobbly, and the pedals were tricky.")
    s.add("{A} wobbled and fell over. Bump! {A.He} scraped {A.his} knee.", "{A} tipped over into the grass. Thump!")
    s.say("{A}", "I can't do it! I'll never ride a bike!", "It's too hard!")
    s.say("{M}", "Everyone falls when they are learning. Let's try again. I'll hold the seat.",
          "You'll get it. Look ahead, not at your feet. I'll hold on.")
    s.para()
    s.add("{M} held on to the back of the seat and ran beside {A}.", "{M} held the bike steady while {A} got on.")
    s.add("{A} pushed the pedals. Round and round they went.", "{A} looked straight ahead and pedaled hard.")
    s.add("{A} did not know that {M} had let go!", "{sudden} {M} let go, very quietly.")
    s.say("{M}", "You're doing it! You're riding all by yourself!", verb="called")
    s.add("{A} looked back and saw {M} far behind. {A} was riding on {A.his} own!",
          "{A} was riding all the way to the end of the path, with nobody holding on!")
    s.add("{A.He} rang the bell. Ring, ring!", "{A.He} laughed out loud.")
    s.lesson("if you fall, you can get up and try again", "practice makes hard things easy")
    s.ritual("rode {A.his} bike to {where} every weekend", "helped other kids learn to ride")
    s.feel("proud", "free", "happy", "brave")
    s.keep("a bike", "a bike bell")


@_plot("a wobbly tooth", animals=False)
def _tooth(s):
    s.grownup(kind="parent")
    s.set(bite=s.pick(["a crunchy apple", "a raw carrot", "a corn cob", "a crust of bread", "a pear"]))
    s.trait("{A} was growing up fast.", "{A} was the only one in {A.his} class who had not lost a tooth yet.")
    s.start("felt something strange in {A.his} mouth", "was brushing {A.his} teeth when one of them moved")
    s.add("One of {A.his} front teeth was wobbly!", "{A} pushed it with {A.his} tongue. It wiggled!")
    s.say("{A}", "{M}! My tooth is wiggling!", "Look! My tooth moves!")
    s.say("{A}", "Will it hurt when it falls out?", "What if it never comes out?")
    s.say("{M}", "Not much. And a new, big tooth will grow in its place.", "It will come out when it is ready.")
    s.add("{A} wiggled the tooth all day.", "For three days, {A} checked the tooth every hour.")
    s.para()
    s.add("{then} at dinner, {A} took a big bite of {bite}.", "That evening, {A} bit into {bite}.")
    s.add("{sudden} there was the tooth, sitting on the table!", "Out popped the tooth!")
    s.say("{A}", "My tooth came out! And it didn't even hurt!", "I lost my tooth!", verb="shouted")
    s.add("{A} smiled a big smile with a gap in the middle.", "{A} looked in the mirror at the little gap.")
    s.add("That night, {A} put the tiny tooth under {A.his} pillow.",
          "At bedtime, {A} wrapped the tooth in a tissue and put it under {A.his} pillow.")
    s.add("In the morning, there was a shiny coin and a tiny note that said, \"Well done for being so brave!\"",
          "In the morning, the tooth was gone, and in its place was a shiny coin!")
    s.lesson("growing up can feel strange, but it is nothing to fear", "changes in your body are part of growing up")
    s.ritual("showed everyone {A.his} gappy smile", "brushed {A.his} teeth twice a day")
    s.feel("proud", "excited", "happy", "grown-up")
    s.keep("a gap in {A.his} smile", "a shiny coin")


@_plot("a new baby in the family")
def _baby(s):
    s.grownup(kind="parent")
    a = s.env["A"]
    pron = s.pick(["she", "he"])
    name = s._name(GIRL_NAMES if pron == "she" else BOY_NAMES)
    s._add("Y", Who(name, pron, kind="baby"))
    s.set(sib="sister" if pron == "she" else "brother",
          big={"she": "sister", "he": "brother"}.get(a.pron, "helper"),
          song=s.pick(["the moon song", "a song about a little duck", "a lullaby", "a silly song about socks"]))
    s.trait("{A} had always been the only {A.kind} in the house.", "{A} liked being the center of attention.")
    s.start("got a new baby {sib} named {Y}", "met {A.his} new baby {sib}, {Y}, for the very first time")
    s.add("Everyone wanted to hold {Y}. Everyone said {Y} was so cute.",
          "Visitors came with presents, and all the presents were for {Y}.")
    s.add("{M} was always busy with {Y}. Nobody had time to play with {A}.",
          "When {A} wanted to show {M} a drawing, {M} said, \"Not now, the baby is sleeping.\"")
    s.say("{A}", "Nobody cares about me any more!", "I wish {Y} would go back to the hospital!", verb="cried")
    s.add("{A} went to {A.his} room and sat on the bed.", "{A} stomped off and hid under the table.")
    s.para()
    s.add("{M} came and sat next to {A}.", "{soon} {M} came to find {A.him}.")
    s.say("{M}", "I love you just as much as always. And {Y} needs a big {big}. Will you help me?",
          "There is enough love in this house for everyone. Would you like to help me with {Y}?")
    s.add("{A} helped give {Y} a bath, with lots of bubbles.", "{A} sang {Y} {song}.",
          "{A} helped {M} fold {Y}'s tiny clothes.")
    s.add("{sudden} {Y} looked right at {A} and smiled a big, gummy smile!",
          "{Y} reached out and held {A}'s finger with {Y.his} tiny hand.")
    s.say("{A}", "{Y} smiled at me! {Y.He} likes me!", "Look, {M}! {Y.He} knows who I am!")
    s.add("{A} felt proud to be a big {big}.", "{A} did not feel left out any more.")
    s.lesson("there is always enough love to go around", "being a big sibling is a special job")
    s.ritual("sang {Y} {song} every night", "helped look after {Y}")
    s.feel("proud", "loved", "happy", "warm")
    s.keep("{Y} smile", "a tiny sock")


_CHORES = [   # (problem, A's offer, what they did, the reward)
    ("{N} was carrying heavy bags of shopping up the hill, puffing and panting.",
     "Can I help you carry your bags?",
     "{A} carried the small bag, and {M} carried the big ones, all the way to {N}'s front door.",
     "a warm cookie"),
    ("{N} had lost {N.his} glasses and could not read {N.his} letters.",
     "Can I help you look for them?",
     "{A} looked under the chair, behind the clock, and in the bread bin. Then {A.he} laughed. "
     "The glasses were on top of {N}'s head!",
     "a cup of cocoa"),
    ("{N}'s garden was covered in leaves, and {N.his} back was too sore to rake them.",
     "Can we help you rake the leaves?",
     "{A} and {M} raked and raked until there was a huge pile. Then {A} jumped right in the middle of it!",
     "a big slice of apple pie"),
    ("{N}'s little dog needed a walk, but {N} had hurt {N.his} foot.",
     "Can I walk your dog for you?",
     "{A} and {M} took the little dog to the park. It sniffed every tree and wagged its tail the whole way.",
     "a shiny sticker"),
    ("{N}'s flowers were drooping in the hot sun, and {N.he} could not lift the heavy watering can.",
     "Can I water your flowers?",
     "{A} filled a small jug again and again and gave every flower a drink.",
     "a bunch of sweet peas"),
]


@_plot("helping a neighbor")
def _neighbor(s):
    s.grownup()
    s.titled("N", "neighbor")
    problem, offer, did, reward = s.pick(_CHORES)
    s.set(problem=problem.format_map(s.env), offer=offer, did=did.format_map(s.env), reward=reward)
    s.trait("{A} liked to help.", "{A} always waved to the neighbors.")
    s.start("was playing outside when {A.he} saw {A.his} neighbor, old {N}",
            "was walking home with {M} when {A.he} saw old {N}")
    s.add("{problem}")
    s.add("{A} wanted to help.", "{A} tugged {M}'s sleeve.")
    s.say("{A}", "{offer}")
    s.say("{N}", "Oh, would you? That would be wonderful.", "What a kind {A.kind} you are! Yes, please.")
    s.para()
    s.add("{did}")
    s.add("It was hard work, but {A} did not stop until it was done.", "{soon} the job was finished.")
    s.add("{N} gave {A} {reward} and a big smile.", "To say thank you, {N} gave {A} {reward}.")
    s.say("{N}", "Thank you, dear. You have a kind heart.", "You made my whole day better!")
    s.add("On the way home, {A} felt warm all over.", "{A} skipped all the way home.")
    s.lesson("helping others makes everyone happy", "kindness is a gift you can give every day",
             "small helpers can make a big difference")
    s.ritual("visited {N} every week", "looked for ways to help {A.his} neighbors")
    s.feel("proud", "warm", "happy", "kind")
    s.keep("{N}", "a garden gate")


_TREASURE_SPOTS = _items("""
the old oak tree | the garden gate | the bird bath | the big flower pot | the mailbox | the wood pile | the swing |
the back steps | the rhubarb patch | the little stone frog
""")


@_plot("a treasure hunt")
def _treasure(s):
    s.grownup(kind=s.pick(["grand", "parent", "aunt"]))
    p1, p2, p3 = s.sample(_TREASURE_SPOTS, 3)
    s.set(p1=p1, p2=p2, p3=p3, color=s.pick(COLORS), animal=s.pick(ANIMALS),
          treasure=s.pick(["a bag of chocolate coins", "a shiny {color} marble and a little note",
                           "a tiny wooden {animal}", "a photo of {A} and {M} in a little frame",
                           "a new box of crayons", "a jar of buttons, all the colors of the rainbow"]))
    s.set(treasure=s.env["treasure"].format_map(s.env))
    s.trait("{A} loved pirates and treasure.", "{A} liked stories about explorers.")
    s.start("found a rolled-up piece of paper under {A.his} pillow", "found an old envelope on the doormat")
    s.add("It was a treasure map!", "Inside was a map with a big red X!")
    s.say("{A}", "A treasure map! I'm going to find the treasure!", "Wow! Real treasure!", verb="shouted")
    s.add("The first clue was a little drawing of {p1}. {A} thought hard, and then {A.he} ran outside.",
          "The map showed a dotted line from the back door to {p1}. {A} followed it.")
    s.add("At {p1}, {A} found another note. It pointed to {p2}.", "Taped to {p1} was a second clue. Go to {p2}!")
    s.add("{then} {A} ran to {p2}. There was one more arrow, pointing to {p3}.",
          "{A} hopped to {p2}, and there was one more clue: {p3}!")
    s.para()
    s.add("{last} {A} reached {p3}. {A.He} dug in the soft soil and found a little box.",
          "{last} at {p3}, {A} spotted a box peeking out of the leaves.")
    s.add("Inside was {treasure}.", "{A} opened the lid. Inside was {treasure}!")
    s.say("{A}", "I found the treasure!", "I did it!")
    s.add("{M} came out, laughing.", "{then} {A} saw {M} smiling by the back door.")
    s.say("{M}", "I made the map just for you! Did you like it?", "Well done, explorer! I hid it this morning.")
    s.lesson("the best treasure is time with people you love", "following clues step by step gets you there")
    s.ritual("made treasure maps for {A.his} friends", "kept the treasure map in a special box")
    s.feel("excited", "happy", "proud", "clever")
    s.keep("a red X", "a treasure map")


@_plot("a school show", when="school")
def _show(s):
    s.titled("T", "teacher")
    s.grownup()
    s.friend()
    s.set(part=s.pick(["sing a song", "say a poem", "play the drum", "be the sun in the school play",
                       "be a {animal} in the school play"]), animal=s.pick(ANIMALS))
    s.set(part=s.env["part"].format_map(s.env))
    s.trait("{A} loved to sing in the bath.", "{A} was very shy in front of big groups of people.")
    s.start("was chosen to {part} at the school show", "found out that {A.he} would {part} at the school show")
    s.add("{A} practiced every night before bed.", "{A} practiced in the bath, in the garden, and even at breakfast.")
    s.add("On the night of the show, {A} peeked out from behind the curtain. There were so many people!",
          "When the big night came, the hall was full of chairs, and every chair had a person on it.")
    s.add("{A}'s knees shook. {A.His} mouth felt dry.", "{A}'s tummy did a flip.")
    s.say("{A}", "I can't do it. I'm too scared.", "What if I forget everything?", verb="whispered")
    s.para()
    s.say("{B}", "Just look at me. Pretend we are playing in the playground.",
          "Take a deep breath, like you are blowing out birthday candles.")
    s.add("{A} took a deep breath and walked onto the stage.", "{A} squeezed {B}'s hand and stepped out.")
    s.add("At first {A.his} voice was small. {then} it grew bigger and stronger.",
          "{A} found {M} in the crowd, smiling, and {A.he} felt braver.")
    s.add("When {A} finished, everyone clapped and cheered. {M} clapped the loudest of all.",
          "The clapping was like thunder, and {T} gave {A} a thumbs up.")
    s.say("{M}", "I'm so proud of you!", "You were wonderful!")
    s.lesson("being brave is doing something even when you feel scared", "a friend can help you be brave")
    s.ritual("was never so scared of the stage again", "helped other shy kids on show night")
    s.feel("proud", "brave", "happy", "tall")
    s.keep("a stage", "a curtain")


@_plot("a balloon that flew away", when="day")
def _balloon(s):
    s.grownup()
    s.set(color=s.pick(COLORS), place=s.pick(["the fair", "the zoo", "the park", "a birthday party", "the market"]),
          land=s.pick(["the mountains", "the sea", "a castle", "a big city", "a jungle"]),
          animal=s.pick(ANIMALS))
    s.trait("{A} had never had a balloon of {A.his} very own.", "{A} loved balloons of every color.")
    s.start("got a big {color} balloon at {place}", "was given a shiny {color} balloon at {place}")
    s.add("{A} held the string tight and skipped along.",
          "{A} tied the string around {A.his} finger and danced with it.")
    s.add("{sudden} a gust of wind tugged the balloon, and the string slipped away!",
          "{but} when {A} waved at a friend, {A.he} let go of the string!")
    s.add("The balloon floated up, up, up into the sky.", "Away it went, higher and higher.")
    s.say("{A}", "Come back, balloon!", "No! My balloon!", verb="cried")
    s.add("{A} watched it get smaller and smaller until it was just a tiny dot.", "{A} felt {sad}.")
    s.para()
    s.add("{M} knelt down beside {A}.", "{M} put an arm around {A}.")
    s.say("{M}", "I wonder where it will go. Maybe it will fly over {land}.",
          "Maybe a {animal} will look up and see it and smile.")
    s.add("{A} and {M} made up a story about the balloon's trip. It flew over {land}, and a {animal} waved to it.",
          "Together they imagined the balloon floating over {land}, saying hello to a {animal}.")
    s.add("{A} began to smile.", "{soon} {A} was laughing.")
    s.add("At home, {A} drew a picture of the {color} balloon flying over {land}.",
          "That evening, {A} looked out of the window and waved at the sky.")
    s.say("{A}", "Goodbye, balloon! Have a nice trip!", "Have fun up there!")
    s.lesson("it is okay to feel sad, and a little imagination can help", "some things are fun to let go")
    s.ritual("tied {A.his} balloons to {A.his} wrist", "waved at the sky whenever {A.he} saw a balloon")
    s.feel("happy", "calm", "dreamy", "glad")
    s.keep("a balloon in the sky", "a {color} dot in the sky")


_FARM = [("cow", "Moo!"), ("pig", "Oink, oink!"), ("sheep", "Baa!"), ("hen", "Cluck, cluck!"),
         ("horse", "Neigh!"), ("duck", "Quack, quack!"), ("donkey", "Hee-haw!"), ("rooster", "Cock-a-doodle-doo!")]


@_plot("a visit to the farm", when="day")
def _farm(s):
    s.grownup()
    pron = s.pick(["she", "he"])
    s._add("F", Who("Farmer " + s._name(SURNAMES), pron, kind="farmer"))
    (a1, snd1), (a2, snd2) = s.sample(_FARM, 2)
    s.set(a1=a1, snd1=snd1, a2=a2, snd2=snd2, hat=s.pick(["hat", "scarf", "glove", "sock", "ribbon"]),
          color=s.pick(COLORS))
    s.trait("{A} had only ever seen farm animals in books.", "{A} loved animals of all kinds.")
    s.start("went to visit a farm with {A.his} {M.rel}", "spent a day on a farm with {M}")
    s.add("{F} showed them around.", "{F} met them at the gate with a big smile and muddy boots.")
    s.add("First they saw a {a1}. It said, \"{snd1}\"", "{A} patted a {a1}. The {a1} said, \"{snd1}\"")
    s.add("{then} they met a {a2}. It said, \"{snd2}\"", "{then} a {a2} came over to say hello: \"{snd2}\"")
    s.add("{A} fed the animals and collected warm brown eggs from the hens.",
          "{A} helped {F} give the animals fresh hay and water.")
    s.para()
    s.add("{sudden} a cheeky goat grabbed {A}'s {color} {hat} and started to chew it!",
          "{but} while {A} was looking at the hens, a goat sneaked up and pulled {A}'s {color} {hat} right off!")
    s.say("{A}", "Hey! That's my {hat}!", "Give it back, goat!", verb="shouted")
    s.add("Everyone laughed, even {A}.", "The goat just chewed and chewed, looking very pleased.")
    s.add("{F} gently took the {hat} back. It was a bit wet and had a hole in it.",
          "{F} swapped the {hat} for a carrot, and the goat let go.")
    s.say("{F}", "Goats will eat almost anything!", "That goat eats everything, even my letters!")
    s.add("On the way home, {A} could not stop giggling about the goat.",
          "{A} kept the {hat} with the hole in it as a funny souvenir.")
    s.lesson("farm animals need care every day", "funny things can make the best memories")
    s.ritual("giggled every time {A.he} saw a goat", "kept {A.his} hats far away from goats")
    s.feel("happy", "cheerful", "silly", "glad")
    s.keep("a goat", "a {a1}")


_LOST_THINGS = _items("""
a sticky lollipop | three socks | a library book | a puzzle piece | a toy car | a crayon with no paper |
a birthday card from Grandma | a lost marble | half a sandwich
""")


@_plot("tidying a messy room")
def _tidy(s):
    s.grownup()
    l1, l2 = s.sample(_LOST_THINGS, 2)
    s.set(lost=s.pick(["left shoe", "favorite book", "{color} hat", "toy rocket", "library card", "best drawing"]),
          color=s.pick(COLORS), l1=l1, l2=l2, song=s.pick(["a fast song", "a marching song", "a silly song"]))
    s.set(lost=s.env["lost"].format_map(s.env))
    s.trait("{A} did not like tidying up.", "{A}'s room always looked like a storm had been through it.")
    s.start("could not find {A.his} {lost} anywhere", "needed {A.his} {lost}, but {A.his} room was a mess")
    s.add("Toys, socks, books, and crayons covered the floor.",
          "There were clothes on the bed and blocks on the floor.")
    s.say("{M}", "Let's tidy up. Then you will find it.", "If you tidy your room, I bet you'll find it.")
    s.say("{A}", "But tidying is boring!", "Do I have to?")
    s.say("{M}", "Let's make it a game. Can you put everything away before the song ends?",
          "I'll play {song}. Let's see how fast you can be!")
    s.para()
    s.add("{A} raced around the room. Blocks went into the box. Books went on the shelf. Socks went in the basket.",
          "{A} zoomed this way and that, picking things up as fast as {A.he} could.")
    s.add("Under the bed, {A} found {l1}, and behind the chair {A.he} found {l2}!",
          "{A} found {l1} under a pillow and {l2} inside a boot.")
    s.add("{last} {A} looked in the corner and found {A.his} {lost}.",
          "And there it was, under a pile of clothes: {A.his} {lost}!")
    s.say("{A}", "It was here all the time!", "I found it!")
    s.add("The room looked clean and bright.",
          "{A} looked around. The floor was clear, and everything was in its place.")
    s.lesson("tidying up can be fun and helps you find things", "a tidy room is a happy room")
    s.ritual("tidied {A.his} room every evening", "put {A.his} things away with a song")
    s.feel("proud", "happy", "calm", "tidy")
    s.keep("a tidy room", "{A.his} {lost}")


@_plot("a sick day")
def _sick(s):
    s.grownup()
    s.friend()
    s.set(event=s.pick(["{B}'s birthday party", "the school trip to the zoo", "the day we plant trees at school",
                        "the puppet show at the library", "sports day"]),
          drawing=s.pick(["a rainbow", "a big sun", "the two of them holding hands", "a {animal} in a bed"]),
          animal=s.pick(ANIMALS))
    s.set(event=s.env["event"].format_map(s.env), drawing=s.env["drawing"].format_map(s.env))
    s.trait("{A} was hardly ever ill.", "{A} had been looking forward to {event} for weeks.")
    s.start("woke up with a sore throat and a hot head", "woke up feeling wobbly and sniffly")
    s.add("{M} felt {A.his} head.", "{M} came in and looked at {A.his} pink cheeks.")
    s.say("{M}", "You have a fever. You must stay in bed today.", "Poor thing. You need to rest today.")
    s.say("{A}", "But today is {event}!", "But I can't miss {event}!", verb="cried")
    s.add("{A} was very sad to miss it.", "{A} pulled the blanket over {A.his} head and sniffed.")
    s.add("{M} brought {A} warm soup and read {A.him} a book.", "{M} made {A} honey and lemon and sat by the bed.")
    s.add("{A} slept and slept.", "{A} rested all morning.")
    s.para()
    s.add("{soon} there was a knock at the door. It was {B}!",
          "In the afternoon, {A} heard a tap on the window. It was {B}!")
    s.add("{B} had brought {A} a card with a drawing of {drawing} on it.",
          "{B} could not come in, but {B.he} held up a card with a picture of {drawing}.")
    s.say("{B}", "We missed you! Get well soon!", "I saved you a piece of cake!")
    s.add("{A} smiled for the first time all day.", "{A} felt better already.")
    s.add("A few days later, {A} was well again, and {A.he} ran to play with {B}.",
          "{soon} {A} was well again. {A.He} put {B}'s card on {A.his} wall.")
    s.lesson("friends care about you even when you are apart", "rest helps your body get better")
    s.ritual("made get-well cards for friends who were sick", "kept {B}'s card by {A.his} bed")
    s.feel("loved", "warm", "happy", "thankful")
    s.keep("a get-well card", "{drawing}")


@_plot("a boat that sank", when="day")
def _boat(s):
    helper = "B" if s.chance(0.5) else "M"
    if helper == "B":
        s.friend()
    else:
        s.grownup()
    s.set(H=s.env[helper], boatname=s.pick(PET_NAMES), color=s.pick(COLORS),
          water=s.pick(["the pond", "the stream", "a big puddle", "the paddling pool"]))
    s.trait("{A} loved boats.", "{A} wanted to be a sailor when {A.he} grew up.")
    s.start("made a little boat out of paper", "folded a piece of newspaper into a boat")
    s.add("{A} drew {color} waves on its side and named it {boatname}.", "{A} called the boat {boatname}.")
    s.add("{A} took the boat to {water} with {H}.", "{A} and {H} carried {boatname} to {water}.")
    s.add("The boat sailed across the water, and {A} clapped.", "{boatname} bobbed and floated. It was sailing!")
    s.add("{but} after a while, the paper got soggy, and the boat began to sink!",
          "{but} soon the paper went soft and floppy, and {boatname} started to sink.")
    s.say("{A}", "Oh no! {boatname} is sinking!", "Help! My boat!", verb="cried")
    s.add("{A} scooped it out, but it was all floppy.", "{A} fished out the soggy paper. It was no good now.")
    s.para()
    s.say("{H}", "Maybe we can make a boat that doesn't get soggy. What floats?",
          "Let's find out what floats best, and make a new boat from that.")
    s.add("They tried a leaf, a cork, and a piece of wood. The leaf spun around. The cork bobbed up and down. "
          "The wood floated best of all.",
          "They dropped things in the water to test them. A stone sank, plop! A cork and a stick floated.")
    s.add("{H} helped {A} make a new boat from a small block of wood, with a stick for a mast and a paper sail.",
          "With {H}'s help, {A} made a raft of sticks tied with string, and a leaf for a sail.")
    s.add("{A} put it in the water and gave it a gentle push. It sailed all the way across!",
          "The new boat floated proudly across {water} and did not sink at all.")
    s.say("{A}", "{boatname} the Second is the best boat ever!", "It floats! It really floats!")
    s.lesson("when something does not work, you can try a new way", "testing things helps you learn")
    s.ritual("sailed {A.his} wooden boat every Sunday", "tested everything to see if it would float")
    s.feel("proud", "clever", "happy", "excited")
    s.keep("a boat", "a puddle")


@_plot("a quarrel and making up", when="day")
def _quarrel(s):
    s.friend()
    s.set(thing=s.pick(["the red swing", "the big slide", "the seesaw", "the tire swing", "the blue scooter"]))
    s.trait("{A} and {B} were best friends.", "{A} and {A.his} friend {B} played together every day.",
            needed=True)
    s.start("ran to the playground with {A.his} friend {B}", "and {B} raced each other to the park")
    s.add("They both wanted {thing}.", "There was only one free turn on {thing}.")
    s.say("{A}", "Me first!", "It's my turn!", verb="shouted")
    s.say("{B}", "No, me first! I got here first!", "No! It's my turn!")
    s.add("They pulled and pushed, and soon nobody was having fun.",
          "They argued and argued until they were both red in the face.")
    s.add("{A} sat on one side of the sandpit, and {B} sat on the other. Both of them were cross.",
          "{A} turned {A.his} back on {B}, and {B} stuck out {B.his} tongue.")
    s.para()
    s.add("{then} a little bird landed on {thing} and bounced up and down. It looked very silly.",
          "{then} a squirrel hopped onto {thing} and sat there as if it owned it.")
    s.add("{A} laughed. {B} laughed too.", "{A} giggled, and {B} could not help giggling too.")
    s.say("{A}", "You can go first. I'll push you!", "I'm sorry, {B}. Let's take turns.")
    s.say("{B}", "Then I'll push you after!", "I'm sorry too. You can go second, and I'll count.")
    s.add("They took turns, ten pushes each, counting out loud.",
          "They took turns all afternoon, and nobody was cross.")
    s.lesson("taking turns is fairer and more fun than fighting", "saying sorry can fix a quarrel")
    s.ritual("took turns with {B}", "said sorry first when they argued")
    s.feel("happy", "glad", "light", "warm")
    s.keep("{thing}", "a squirrel")


@_plot("a kitten stuck in a tree", when="day", animals=False)
def _kitten_tree(s):
    s.grownup()
    s.titled("N", "neighbor")
    s.thing("X", "the kitten", "kitten")
    s.set(tag=s.pick(PET_NAMES), color=s.pick(COLORS))
    s.trait("{A} loved cats.", "{A} always noticed little things that other people missed.")
    s.start("heard a tiny meow coming from a tall tree",
            "was walking past the big tree on the corner when {A.he} heard a squeak")
    s.add("A little {color}-collared kitten was stuck high on a branch.",
          "{A} looked up. A tiny kitten was holding on to a branch, shaking.")
    s.say("{A}", "Don't worry, little kitten! I'll get help!", "Hold on, kitty! Help is coming!", verb="called")
    s.add("{A} knew {A.he} {A.was} too small to climb so high.",
          "{A} wanted to climb up, but the tree was far too tall.")
    s.add("{so} {A} ran to get {M}.", "{A} ran home as fast as {A.he} could and fetched {M}.")
    s.para()
    s.add("{M} got the long ladder from the shed.", "{M} came with a ladder and a blanket.")
    s.add("Slowly and carefully, {M} climbed up and brought the kitten down.",
          "{M} climbed up, step by step, and lifted the kitten off the branch.")
    s.add("The kitten was trembling, so {A} held it close and stroked its soft fur.",
          "{A} wrapped the kitten in the blanket, and it began to purr.")
    s.add("A tag on its collar said its name was {tag}. It belonged to {N} down the street.",
          "Its collar had a little tag: {tag}, and the address of {N}.")
    s.add("{A} and {M} carried {tag} home.", "{so} they walked {tag} back to {N}'s house.")
    s.say("{N}",
          "Oh, {tag}! Thank you for finding {tag}! I was so worried.", "You found my kitten! Thank you, thank you!")
    s.lesson("knowing when to ask for help is smart", "kind eyes notice who needs help")
    s.ritual("visited {tag} every Saturday", "always looked up into the trees when {A.he} walked by")
    s.feel("proud", "happy", "kind", "warm")
    s.keep("a kitten", "a tall tree")


# --- plots in the plain style of most children's stories: one hero, a simple want or problem, a lesson ------------

_FOUND_THINGS = _items("""
shiny gold ring | little silver key | old blue watch | pretty red scarf | small brown purse | soft green glove |
sparkly hair clip | round gold locket | pair of big glasses | tiny silver bell | purple umbrella | leather wallet
""")
_FOUND_SPOTS = _items("""
by the big tree | under a bench | in the tall grass | next to the pond | on the path near the gate |
in a pile of leaves | by the sandbox | near the flower bed | behind the old fountain | under the swings
""")
_GIFT_TREATS = _items("cookie | lollipop | shiny sticker | big red apple | piece of candy | little cake | cupcake | juicy orange")


@_plot("finding something and giving it back", when="day", weight=2)
def _found(s):
    if s.chance(0.5):
        pron = s.pick(["she", "he"])
        s._add("N", _Stranger(s.pick(["an old lady", "a nice lady", "a kind woman"] if pron == "she" else
                               ["an old man", "a nice man", "a kind man"]), pron, kind="lady" if pron == "she" else "man"))
    else:
        s.titled("N", "owner")
    s.set(found=s.pick(_FOUND_THINGS), spot=s.pick(_FOUND_SPOTS), treat=s.pick(_GIFT_TREATS))
    s.trait("{A} liked to look for little things on the ground.", "{A} had sharp eyes and always noticed small things.",
            "{A} was a very honest {A.kind}.")
    s.start("went for a walk in the park", "was playing in the park", "went to the park to play on the swings")
    s.add("{sudden} {A} saw something shiny {spot}.", "{A} looked down and saw something {spot}. It shone in the sun.")
    s.add("It was a {found}!", "{A} picked it up. It was a {found}.")
    s.say("{A}", "Look what I found!", "Wow! Whose is this?", "Someone must have lost this.")
    s.add("{A} wanted to keep it. It was so pretty.", "{A} thought about keeping it for {A.self}.",
          "{A} held it tight and thought hard.")
    s.add("{but} then {A.he} thought about how sad the owner must be.",
          "{but} {A.he} knew that it belonged to someone else.")
    s.para()
    s.add("{A} looked all around the park.", "{A} walked up and down the path, looking for the owner.")
    s.add("Near the gate, {A.he} saw {N}. {N.He} was looking at the ground, and {N.he} looked very {sad}.",
          "{soon} {A.he} saw {N}, who was looking under every bench.")
    s.say("{A}", "Excuse me, did you lose this?", "Is this yours?", "Are you looking for a {found}?")
    s.add("{N}'s face lit up.", "{N} smiled a big smile.", "{N} clapped {N.his} hands.")
    s.say("{N}", "Yes! That is my {found}! I looked for it all morning. Thank you so much!",
          "Oh, thank you! I thought it was gone forever!", "You are a very honest {A.kind}. Thank you!")
    s.add("{N} gave {A} a {treat} to say thank you.", "{N} gave {A} a warm hug and a {treat}.")
    s.add("{A} felt warm and happy inside.", "{A} smiled all the way home.")
    s.lesson("it is good to be honest", "giving back what is not yours makes everyone happy",
             "being honest is better than keeping something shiny")
    s.ritual("always gave back the things {A.he} found", "looked for the owner of every lost thing")
    s.feel("proud", "happy", "good", "warm")
    s.keep("something shiny on the ground")


_SAD_ANIMALS = [   # (animal, what is wrong, how the hero helps, how it ends)
    ("bird", "I fell out of my nest, and I can't fly up again.",
     "{A} gently picked up the little bird and put it back in its nest on a low branch.",
     "The bird sang a happy song from the top of the tree."),
    ("frog", "I can't find my way back to the pond.",
     "{A} carried the frog in {A.his} hands all the way to the pond.",
     "The frog jumped into the water with a big splash."),
    ("duckling", "I lost my mother, and I am all alone.",
     "{A} looked and looked until {A.he} found the mother duck by the river.",
     "The duckling swam to its mother and quacked with joy."),
    ("squirrel", "I am so hungry, and all the nuts are up too high.",
     "{A} found a long stick and knocked some nuts down from the tree.",
     "The squirrel ate the nuts and did a happy little dance."),
    ("kitten", "I am cold, and I have nowhere to sleep.",
     "{A} wrapped the kitten in {A.his} scarf and made it a warm bed in a box.",
     "The kitten purred and purred."),
    ("turtle", "Nobody wants to play with me because I am too slow.",
     "{A} sat down and played a slow game of catch with the turtle, and it was lots of fun.",
     "The turtle smiled a big, slow smile."),
    ("bee", "My wings are wet from the rain, and I can't fly home.",
     "{A} put the bee on a warm, sunny flower to dry.",
     "Soon the bee's wings were dry, and it buzzed away over the flowers."),
    ("fish", "The water in my puddle is going away!",
     "{A} scooped the fish into {A.his} bucket and carried it to the big lake.",
     "The fish swam in happy circles in the cool water."),
    ("ladybug", "I am stuck in this spider web!",
     "{A} very carefully pulled the web apart with a little twig.",
     "The ladybug opened its red wings and flew up into the sky."),
]


@_plot("a sad animal who needs help", when="day", animals=False, weight=2)
def _sad_animal(s):
    animal, problem, helps, result = s.pick(_SAD_ANIMALS)
    s.thing("X", "the " + animal, animal)
    s.set(animal=animal, place=s.pick(["park", "woods", "garden", "forest", "meadow", "field"]))
    s.trait("{A} loved animals very much.", "{A} was kind to every animal {A.he} met.",
            "{A} always wished {A.he} could talk to animals.")
    s.start("went to play in the {place}", "was walking in the {place}", "was picking flowers in the {place}")
    s.add("{sudden} {A.he} heard a small voice. It was a little {animal}, and it looked very {sad}.",
          "There, under a tree, {A.he} saw a little {animal}. The {animal} was crying.")
    s.say("{A}", "Why are you sad, little {animal}?", "What is wrong, little {animal}?", "Hello! Are you okay?")
    s.say("the {animal}", problem)
    s.add("{A} felt sorry for the {animal}.", "{A} wanted to help right away.", "{A} thought for a moment.")
    s.say("{A}", "Don't worry. I will help you!", "I can help you. Let's do it together.")
    s.para()
    s.add(helps)
    s.add(result)
    s.say("the {animal}", "Thank you, {A}! You are a good friend.", "Thank you so much! You are very kind.",
          "Thank you! I will never forget you.")
    s.add("{A} smiled. {A.He} {A.was} happy that {A.he} could help.", "{A} waved goodbye to the {animal}.")
    s.maybe(0.5, "After that, the {animal} came to visit {A} every day, and they played together.",
            "From then on, {A} and the {animal} were good friends.", "{A} and the {animal} became good friends.")
    s.lesson("it is good to help others", "being kind makes the world a better place",
             "it is good to help someone who is small and scared")
    s.ritual("helped every animal that needed it", "went to the {place} to say hello to the {animal}")
    s.feel("happy", "proud", "kind", "warm")
    s.keep("a {animal}")


_WARNINGS = [   # (what not to do, why, what happened, how it hurt)
    ("touch the stove", "It is very hot", "{A} touched the stove. Ouch! It was hot!",
     "{A.His} finger was red, and it hurt."),
    ("climb the tall shelf", "You might fall", "{A} climbed up the shelf. It wobbled, and {A} fell down with a bump.",
     "{A.His} knee was sore."),
    ("run on the wet floor", "It is slippery", "{A} ran across the kitchen. {A.His} feet slipped, and {A.he} fell.",
     "{A.His} elbow hurt."),
    ("play with the scissors", "They are sharp", "{A} picked up the scissors. Snip! {A.He} cut {A.his} finger.",
     "A little drop of blood came out."),
    ("eat all the candy", "Too much candy will give you a tummy ache", "{A} ate all the candy in the bowl.",
     "Soon {A.his} tummy hurt a lot."),
    ("jump in the big mud puddle", "You will get dirty", "{A} jumped into the big puddle. Splash! Mud went everywhere.",
     "{A.His} new clothes were all dirty and wet."),
    ("go near the edge of the pond", "You could fall in",
     "{A} went to the edge of the pond to look at the fish. {A.His} foot slipped, and splash! {A.He} fell in.",
     "{A} was cold and wet from head to toe."),
    ("throw the ball in the house", "You might break something",
     "{A} threw the ball up high. Crash! It hit a vase, and the vase broke.",
     "There were pieces all over the floor."),
    ("pull the cat's tail", "The cat does not like it",
     "{A} pulled the cat's tail. The cat hissed and scratched {A.his} hand.", "{A.His} hand stung."),
]


@_plot("not listening to a warning", weight=2)
def _warning(s):
    s.grownup()
    act, why, oops, hurt = s.pick(_WARNINGS)
    s.set(act=act, why=why, dear=s.pick(ENDEARMENTS))
    s.trait("{A} was a curious {A.kind} who liked to try new things.", "{A} did not always listen.",
            "{A} was always in a hurry.")
    s.start("was playing at home with {M}", "was helping {M} in the house", "was at home with {M}")
    s.say("{M}", "{A}, please do not {act}. {why}!", "Be careful, {A}! Don't {act}. {why}.")
    s.say("{A}", "Okay, {M}.", "I will be careful.", "I know, I know.")
    s.add("{but} {A} did not listen.", "{but} when {M} went to the other room, {A} forgot.",
          "{but} {A} really wanted to {act}.")
    s.add(oops)
    s.add(hurt)
    s.say("{A}", "Oh no!", "{M}! Help!", "Oh no! What did I do?", verb="cried")
    s.para()
    s.add("{M} came running.", "{M} ran in to see what was wrong.")
    s.say("{M}", "Oh, {dear}! Are you okay?", "What happened?", "Oh, {dear}, what happened?")
    s.add("{A} felt {sad} and a little bit silly.", "{A} started to cry.", "{A} looked down at {A.his} feet.")
    s.say("{A}", "I'm sorry, {M}. I did not listen.", "I should have listened to you.", "I'm sorry. You were right.")
    s.add("{M} gave {A} a hug and helped {A.him} feel better.", "{M} cleaned everything up and gave {A} a big hug.")
    s.say("{M}", "It's okay. We all make mistakes. But rules are there to keep you safe.",
          "I'm glad you are okay. Next time, please listen.")
    s.lesson("it is important to listen to your mom and dad", "rules are there to keep us safe",
             "it is good to listen when someone tells you to be careful")
    s.ritual("listened carefully when {M} said to be careful", "always stopped and thought before {A.he} did something")
    s.feel("safe", "sorry", "loved", "calm")


_FLAVORS = _words("chocolate vanilla strawberry mint banana lemon cherry")


@_plot("a day at the park", when="day", weight=2)
def _park(s):
    s.grownup(kind="parent")
    s.friend()
    ice, ice2 = s.sample(_FLAVORS, 2)
    s.set(ice=ice, ice2=ice2, ball=s.pick(COLORS))
    s.trait("{A}'s favorite place in the whole world was the park.", "{A} loved the swings at the park.",
            "{A} liked to run and play outside.")
    s.start("went to the park with {M}", "asked {M} if they could go to the park")
    s.add("The sun was shining, and the birds were singing.", "It was a warm day, and the sky was blue.",
          "The park was full of children playing.")
    s.add("First, {A} went on the swings. {A.He} went up, up, up into the sky!",
          "First, {A} ran to the slide. Whee! Down {A.he} went!")
    s.say("{A}", "Look at me, {M}! I'm flying!", "This is so much fun!")
    s.add("{then} {A} saw {A.his} friend {B} by the sandbox.", "{then} {A.he} saw {B}, a {B.kind} from down the street.")
    s.say("{B}", "Hi, {A}! Do you want to play ball with me?", "Hi, {A}! Let's play tag!")
    s.say("{A}", "Yes! Let's play!", "Okay! You can't catch me!")
    s.para()
    s.add("They ran and laughed and played until they were tired.",
          "They played catch with a big {ball} ball. {B} threw it high, and {A} caught it.")
    s.maybe(0.6, "{sudden} a big, friendly dog ran up to them. It wagged its tail and barked. Woof! Woof!",
            "{sudden} a little duck waddled out of the pond and quacked at them. They laughed and laughed.")
    s.add("{soon} {M} called them over. {M.He} had {ice} ice cream for everyone.",
          "{soon} {M} bought them each an ice cream cone. {A}'s was {ice}, and {B}'s was {ice2}.")
    s.add("{A} licked {A.his} ice cream. It was cold and sweet.",
          "The ice cream was yummy, but it began to melt in the sun. Drip, drip!")
    s.add("When the sun began to go down, it was time to go home.", "{soon} it was time to go home.")
    if s.chance(0.5):
        s.say("{A}", "Can we come back tomorrow?", "Can we come back soon?")
        s.say("{M}", "Of course we can.", "Yes, we can come back soon.")
    else:
        s.say("{A}", "That was so much fun!", "Thank you for taking us to the park!")
        s.say("{M}", "I'm glad you had fun.", "You are welcome. I had fun too.")
    s.lesson("playing with friends makes any day special", "the best days are the ones we share")
    s.ritual("went to the park with {B} every Saturday", "played with {B} whenever the sun was out")
    s.feel("happy", "tired", "glad", "cheerful")
    s.keep("a swing", "an ice cream cone")


@_plot("the moon and the stars", when="night", bedtime=False)
def _moon(s):
    s.grownup(kind="parent")
    s.trait("{A} loved to look up at the sky.", "{A} liked the night sky best of all.",
            "{A} always wanted to touch the moon.")
    s.start("looked out of {A.his} window and saw the big, round moon", "sat outside with {M} and looked at the stars")
    s.add("The moon was bright and white, and the stars were twinkling.",
          "The sky was dark, and it was full of little stars.")
    s.say("{A}", "{M}, can I touch the moon?", "Why does the moon shine at night?", "How far away are the stars?")
    s.say("{M}", "The moon is very, very far away. Even the tallest ladder can't reach it.",
          "The stars are far away, farther than we could ever walk.")
    s.add("{A} wanted to touch the moon anyway.", "{A} thought about it for a long time.")
    s.add("{A.He} stood on {A.his} tiptoes and reached up as high as {A.he} could.",
          "{A.He} jumped and jumped, but the moon stayed up in the sky.")
    s.para()
    s.add("{then} {M} had an idea.", "{M} smiled. {M.He} had a good idea.")
    s.add("They cut a big moon and lots of little stars out of yellow paper.",
          "{M} gave {A} a box of stars that glowed in the dark.")
    s.add("{A} stuck them on the ceiling above {A.his} bed.", "They hung the paper moon and stars over {A.his} bed.")
    s.add("When the light went off, the stars glowed softly.", "In the dark, the little stars shone like real ones.")
    s.say("{A}", "Now I have my very own moon!", "Good night, moon! Good night, stars!")
    s.add("{A} smiled and closed {A.his} eyes. {soon} {A.he} {A.was} fast asleep, dreaming of the sky.",
          "{A} hugged {M} and snuggled under the blanket. {A.He} fell asleep under {A.his} own little sky.")
    s.lesson("some things are far away, but we can still love them", "you can make your own magic at home")
    s.ritual("said good night to the moon before bed", "looked for the moon every night")
    s.feel("happy", "sleepy", "cozy", "calm")
    s.keep("the moon")


_WANTS = _items("""
red bike | big kite | toy robot | box of crayons | stuffed bear | toy truck | pair of roller skates |
doll with long hair | toy drum | water gun | book about dinosaurs | little tent
""")


@_plot("saving up for something", animals=False, weight=2)
def _saving(s):
    s.grownup(kind="parent")
    s.set(want=s.pick(_WANTS))
    s.trait("{A} always wanted new things.", "{A} did not like to wait for anything.",
            "{A} liked to look in the shop windows.")
    s.start("went to the store with {M}", "went shopping in town with {M}")
    s.add("In the window, {A.he} saw a {want}. It was the best {want} {A.he} had ever seen.",
          "On a high shelf, there was a {want}. {A} stopped and stared at it.")
    s.say("{A}", "{M}, can I have it? Please, please, please?", "I want that {want}! Can we buy it?")
    s.say("{M}", "Not today. It costs a lot of money. But you can save up for it.",
          "It costs too much for today. Why don't you save your money for it?")
    s.add("{A} was {sad}. {A.He} really wanted the {want}.", "{A} stomped {A.his} feet. {A.He} {A.was} angry.",
          "{A} frowned all the way home.")
    s.para()
    s.add("At home, {M} gave {A} an old jar to keep {A.his} money in.", "{M} found an empty jar and gave it to {A}.")
    s.add("Every day, {A} helped around the house. {A.He} watered the plants, swept the floor, and put away the toys.",
          "{A} helped wash the car, fold the clothes, and feed the cat.")
    s.add("Each time {A.he} helped, {A.he} put a coin in the jar. Clink!", "{M} gave {A} a coin for each job.")
    s.add("The jar got fuller and fuller.", "Day by day, more coins went into the jar.")
    s.add("{last} the jar was full!", "After many weeks, {A} counted the coins. There was enough!")
    s.add("{A} and {M} went back to the store, and {A} paid for the {want} with {A.his} own money.")
    s.say("{A}", "I bought it all by myself!", "I saved and saved, and now it's mine!")
    s.add("{M} was very proud of {A.him}.", "{M} smiled a proud smile.")
    s.lesson("good things come to those who wait", "working hard for something makes it extra special",
             "saving a little at a time adds up")
    s.ritual("kept a jar for saving coins", "saved a little money every week")
    s.feel("proud", "happy", "excited", "grown-up")
    s.keep("a jar of coins", "a {want}")


_THING_HEROES = [   # (what it is, where it lives, its wish, trying, the trouble, the helper, the help, the end)
    ("little red car", "in a big garage", "go as fast as the big cars", "{A} zoomed down the road. Vroom, vroom!",
     "{A.He} went so fast that {A.he} ran out of gas and stopped by the side of the road.", "a big blue truck",
     "The big blue truck pulled {A} to the gas station with a long rope.",
     "After that, {A} drove at a safe speed, and {A.he} always had enough gas."),
    ("small boat", "on a quiet lake", "sail across the big sea", "{A} sailed past the end of the lake and out to sea.",
     "The waves were big and strong, and {A.he} rocked up and down. {A.He} could not see the way home.",
     "a kind old lighthouse", "The lighthouse shone its bright light, so {A} could find the way back.",
     "{A} was happy to be home on the quiet lake, and {A.he} sailed there every day."),
    ("little cloud", "high up in the sky", "make a rainbow", "{A} puffed and puffed, but only gray rain came out.",
     "{A} was sad. The other clouds laughed at {A.him}.", "the warm sun",
     "The sun shone through {A.his} raindrops, and a big rainbow spread across the sky.",
     "All the children below pointed up and cheered."),
    ("small tree", "in the middle of a big field", "be as tall as the other trees",
     "Every day, {A} stretched {A.his} branches up to the sky.",
     "{A.He} {A.was} still small, and the birds flew past to the big trees.", "a little bird",
     "A little bird built its nest in {A.his} branches, because they were low and safe from the wind.",
     "{A} was proud to keep the little bird safe. Being small was not so bad after all."),
    ("little train", "in a busy station", "pull the big train up the hill",
     "{A} puffed and chugged as hard as {A.he} could. Choo, choo!",
     "The hill was steep, and {A} slowed down. {A.He} almost stopped.", "an old green engine",
     "The old green engine pushed from behind, and together they went up and over the hill.",
     "After that, {A} and the old engine pulled the big trains together."),
    ("tiny star", "far up in the night sky", "shine as bright as the moon",
     "{A} twinkled and twinkled with all {A.his} might.", "{A.He} {A.was} still very small and very far away.",
     "a little girl on the ground", "The little girl looked up, pointed at {A}, and made a wish.",
     "{A} learned that even a tiny light can make someone happy."),
    ("little robot", "in a toy shop", "learn to dance", "{A} tried to dance, but {A.his} legs went clank, clank, bump!",
     "{A.He} fell over, and a bolt rolled away across the floor.", "a kind old teddy bear",
     "The teddy bear found the bolt, put it back, and showed {A} how to sway and spin.",
     "Soon {A} could dance, and all the toys danced with {A.him}."),
    ("red balloon", "at a birthday party", "fly up high and see the world",
     "{A} pulled on {A.his} string until it slipped free, and up {A.he} went!",
     "The wind blew {A} into a tall tree, and {A.he} got stuck on a branch.", "a friendly bird",
     "The bird pulled {A.his} string with its beak until {A.he} {A.was} free again.",
     "{A} floated over the town and saw the rivers, the roads, and the little houses."),
]
THING_NAMES = _words("Beep Zoom Chug Toot Bolt Sparky Rolly Puff Flash Blinky Tuff Bibi Zip Nubby Fluff Glow")


@_plot("a little thing with a big wish", animals=False, weight=2)
def _thing_hero(s):
    kind, home, wish, tries, trouble, helper, helps, end = s.pick(_THING_HEROES)
    s.thing_hero(kind)
    s.set(home=home, wish=wish, helper=helper, helper_kind=helper.split(" ", 1)[1])
    s.trait("{A} lived {home}. More than anything, {A.he} wanted to {wish}.", "{A} lived {home}.",
            "{A} had a big dream. {A.He} wanted to {wish}.", needed=True)
    s.start("decided to try", "woke up and said it was the day to try", "felt brave")
    s.say("{A}", "Today I will {wish}!", "I can do it! I know I can!", "Why can't I {wish}?")
    s.add(tries)
    s.add("{but} it was hard.", "{but} it was not easy.", "At first, it went well.")
    s.add(trouble)
    s.say("{A}", "Oh no! What do I do now?", "Help! Can anyone help me?", "I will never {wish}.")
    s.para()
    s.add("{sudden} {A.he} saw {helper}.", "{then} along came {helper}.")
    s.say("the {helper_kind}", "Don't worry. I will help you.", "Do you need some help, little one?",
          "Let me help you. Friends help each other.")
    s.add(helps)
    s.say("{A}", "Thank you! You are a good friend.", "Thank you so much!", "Hooray! We did it!")
    s.add(end)
    s.lesson("it is okay to ask for help", "friends help each other", "everyone is special in their own way",
             "you do not have to be big to do big things")
    s.feel("happy", "proud", "thankful", "brave")


_PRETEND = [   # (who, what to wear, what to build, what to do there)
    ("a king", "a paper crown", "a castle out of couch cushions", "gave orders to all the teddy bears"),
    ("a pirate", "a big black hat", "a ship out of a cardboard box", "sailed across the carpet sea"),
    ("a doctor", "a white coat", "a hospital for dolls", "listened to the teddy bear's heart"),
    ("a chef", "a tall white hat", "a little kitchen under the table", "made pretend soup with leaves and water"),
    ("an astronaut", "a silver helmet", "a rocket out of a big box", "flew all the way to the moon"),
    ("a princess", "a sparkly dress", "a tower out of blankets", "danced at a royal ball"),
    ("a firefighter", "a red hat", "a fire truck out of chairs", "put out pretend fires with a spray bottle"),
    ("a teacher", "a pair of big glasses", "a little school in the living room", "taught the toys how to count"),
]


@_plot("playing pretend", weight=2)
def _pretend(s):
    s.friend()
    role, wear, build, play = s.pick(_PRETEND)
    s.set(role=role, wear=wear, build=build, play=play)
    s.trait("{A} loved to play pretend.", "{A} had a big box full of funny clothes for dress-up.",
            "{A} could make a game out of anything.")
    s.start("had a friend over to play", "was bored, so {A.he} called {A.his} friend {B} to come and play")
    s.say("{A}", "Let's play pretend! I will be {role}!", "I have an idea! Let's pretend I am {role}!")
    s.say("{B}", "No, I want to be {role}!", "But I want to be {role} too!")
    s.add("They both wanted to be {role}. They started to argue.", "{A} frowned, and {B} frowned too.")
    s.add("{A} thought for a moment.", "{A} did not want to fight with {A.his} friend.")
    s.say("{A}", "I know! We can take turns. You can be {role} first.", "We can both be {role}! There can be two.")
    s.say("{B}", "Okay! That's a good idea!", "Yes! Let's do that!")
    s.para()
    s.add("{B} put on {wear}, and they built {build}.", "They found {wear} in the dress-up box and built {build}.")
    s.add("Then they {play}.", "They {play}, and they laughed and laughed.")
    s.add("After a while, it was {A}'s turn, and {A} wore {wear}.", "{then} they swapped, and {A} had a turn.")
    s.maybe(0.5, "When it was time for dinner, they did not want to stop.",
            "They played all afternoon, until the sun went down.")
    s.say("{B}", "That was the best game ever!", "Can we play again tomorrow?")
    s.maybe(0.3, "{A} and {B} became best friends.", "That day, {A} and {B} became the best of friends.")
    s.lesson("taking turns makes playing more fun", "playing together is better than fighting",
             "a little imagination can turn a box into anything")
    s.ritual("took turns with {B} when they played", "played pretend with {B} every week")
    s.feel("happy", "playful", "glad", "cheerful")
    s.keep("a cardboard box", "{wear}")


_BUGS = [   # (bug, what it did, what it is good for)
    ("spider", "was sitting in a web by the window", "Spiders eat the flies, so they help keep our house clean."),
    ("bee", "was buzzing around the flowers", "Bees help the flowers grow, and they make sweet honey."),
    ("worm", "was wiggling in the dirt", "Worms make the soil soft, so the plants can grow."),
    ("beetle", "was crawling up the fence", "Beetles are shy. It just wants to find some leaves to eat."),
    ("caterpillar", "was munching on a leaf", "One day it will turn into a pretty butterfly."),
    ("moth", "was fluttering around the lamp", "Moths like the light, just like you do. It won't hurt you."),
]


@_plot("afraid of a little bug", when="day", weight=2)
def _bug(s):
    s.grownup()
    bug, what, good = s.pick(_BUGS)
    s.thing("X", "the " + bug, bug)
    s.set(bug=bug, what=what, good=good)
    s.trait("{A} was afraid of bugs.", "{A} did not like bugs one bit.", "{A} liked animals, but not bugs.")
    s.start("was playing in the garden", "was reading a book on the porch", "went outside to play")
    s.add("{sudden} {A} saw a {bug}. It {what}.", "{A} looked up and saw a {bug} that {what}.")
    s.add("{A} screamed and ran inside.", "{A} jumped back and hid behind a chair.", "{A} froze. {A.He} {A.was} scared.")
    s.say("{A}", "{M}! There is a {bug}! Make it go away!", "Help! A {bug}!", verb="shouted")
    s.para()
    s.add("{M} came to look.", "{M} came over and knelt down to look.")
    s.say("{M}", "Look closely. It is only a little {bug}. It is more afraid of you than you are of it.",
          "Don't be scared. This {bug} is very small, and it won't hurt you.")
    s.say("{M}", good)
    s.add("{A} came closer, very slowly.", "{A} took a deep breath and looked again.")
    s.add("The {bug} was tiny. It had little legs, and it was busy with its own work.",
          "Up close, the {bug} was not scary at all. It was kind of interesting.")
    s.say("{A}", "Hello, little {bug}. I'm sorry I screamed.", "It is kind of cute!", "I'm not scared anymore!")
    s.add("{A} watched the {bug} for a long time.", "{A} and {M} watched the {bug} together until it went away.")
    s.lesson("things are often less scary when you look closely", "even small bugs have a job to do",
             "it is good to learn about the things that scare you")
    s.ritual("said hello to the bugs in the garden", "looked for bugs with a little magnifying glass")
    s.feel("brave", "curious", "calm", "proud")
    s.keep("a {bug}")


# --- a trip somewhere: every place has its own sights, things to do and small troubles, so the words change with it

_TRIPS = {   # place -> (how they got there, what they saw, what they did, (a small trouble, how it was fixed), a cry)
    "zoo": (
        ["They rode the bus to the zoo.", "They walked through the big gate of the zoo."],
        ["First they saw the lions. The big lion opened its mouth and gave a loud roar.",
         "The monkeys swung from branch to branch and made funny faces.",
         "A tall giraffe stretched its long neck to eat leaves from the top of a tree.",
         "The elephant sprayed water out of its trunk. Splash!",
         "In the pond, the penguins waddled and dived into the cold water."],
        ["{A} fed the goats at the petting zoo. Their noses tickled {A.his} hand.",
         "The zookeeper let {A} hold a bucket of fish for the seals.",
         "{A} drew a picture of the zebra with its black and white stripes."],
        [("{A} could not see the tigers, because the crowd was too big.",
          "{M} lifted {A} up onto {M.his} shoulders, and then {A.he} could see everything."),
         ("{A.His} legs got very tired from all the walking.", "They sat on a bench and shared a cold drink.")],
        ["Look at the monkeys!", "The lion is so big!", "I love the zoo!"]),
    "beach": (
        ["They packed a bag with towels and a bucket and drove to the beach.", "They walked down the path to the beach."],
        ["The sand was warm, and the sea was blue and sparkly.",
         "Little waves rolled up onto the sand and went back out again.",
         "A crab walked sideways across the sand and hid under a rock.",
         "Seagulls flew over the water and called to each other.",
         "There were shells of every shape and color on the sand."],
        ["{A} dug a deep hole with {A.his} shovel and filled it with water.",
         "{A} jumped over the waves and laughed every time one splashed {A.his} legs.",
         "{A} filled {A.his} bucket with pretty shells."],
        [("The wind blew {A.his} hat off, and it rolled away down the beach.",
          "{A} ran after it and caught it just before it reached the water."),
         ("{A} got sand in {A.his} sandwich.", "{M} laughed and gave {A} a fresh one from the basket.")],
        ["The water is cold!", "Look at this shell!", "I found a crab!"]),
    "farm": (
        ["They drove down a long, bumpy road to the farm.", "They visited the farm at the edge of town."],
        ["There were cows in the field, and they said moo.",
         "The pigs rolled happily in the mud.",
         "A rooster stood on the fence and crowed, cock-a-doodle-doo!",
         "In the big red barn, there were piles of yellow hay.",
         "The sheep had thick, white wool, and they said baa."],
        ["The farmer showed {A} how to milk a cow.",
         "{A} collected brown eggs from the hen house and put them in a basket.",
         "{A} rode on the back of a big green tractor."],
        [("A goat tried to eat {A.his} coat!", "The farmer laughed and gave the goat some hay instead."),
         ("{A} stepped in a big puddle of mud.", "{M} helped {A} wash {A.his} boots under the tap.")],
        ["The piglets are so cute!", "Can I feed the chickens?", "I want to live on a farm!"]),
    "forest": (
        ["They put on their boots and walked into the forest.", "They followed a little path into the woods."],
        ["The trees were so tall that they almost touched the sky.",
         "Little mushrooms grew under the trees, red with white spots.",
         "A squirrel ran up a tree with a nut in its mouth.",
         "The birds sang high in the branches, and the leaves rustled in the wind.",
         "They saw a little stream with clear, cold water running over the stones."],
        ["{A} picked up pine cones and put them in {A.his} pocket.",
         "{A} looked for animal tracks in the mud.",
         "They sat on a log and ate their lunch under the trees."],
        [("The path split in two, and they did not know which way to go.",
          "{M} looked at the map, and they found the right way."),
         ("{A} tripped over a root and fell down.", "{M} brushed off the leaves, and soon {A.he} {A.was} smiling again.")],
        ["Listen to the birds!", "Look how tall the trees are!", "I can hear a woodpecker!"]),
    "lake": (
        ["They took a picnic to the lake.", "They walked down to the lake on a warm morning."],
        ["The water was calm and shiny like a mirror.",
         "Ducks swam by in a line, one, two, three, four.",
         "A fish jumped out of the water and made a ring of little waves.",
         "Frogs sat on the lily pads and went ribbit, ribbit."],
        ["{A} threw small stones into the water and watched them splash.",
         "They rowed a little boat out to the middle of the lake.",
         "{A} and {M} went fishing with a long pole."],
        [("{A} dropped {A.his} sandwich into the water!", "The ducks ate it up, and {M} shared {M.his} lunch with {A}."),
         ("A big cloud covered the sun, and it got cold.", "{M} wrapped {A} in a warm blanket from the car.")],
        ["I caught a fish!", "Look at the ducks!", "The water is so clear!"]),
    "library": (
        ["They walked to the library in town.", "They went to the big library on the corner."],
        ["There were shelves and shelves of books, all the way up to the ceiling.",
         "In the corner, there was a soft rug and big, comfy pillows for reading.",
         "The librarian had a kind smile and a quiet voice.",
         "There were books about dragons, trucks, oceans and stars."],
        ["{A} found a book about dinosaurs and sat down to look at the pictures.",
         "They listened to the story time, and {A} sat right at the front.",
         "{A} got {A.his} very own library card."],
        [("{A} talked too loudly, and people looked up from their books.",
          "{A} put a finger to {A.his} lips and whispered instead."),
         ("{A} wanted to take home ten books, but {A.he} could only take three.",
          "{A} chose the three best ones and said the others could wait for next time.")],
        ["Can I take this book home?", "There are so many books!", "I love this story!"]),
    "bakery": (
        ["They walked to the bakery on the corner.", "They went to the little bakery down the street."],
        ["The bakery smelled of warm bread and sweet cakes.",
         "Behind the glass, there were cookies, pies, muffins and big chocolate cakes.",
         "The baker wore a tall white hat, and there was flour on the baker's nose."],
        ["The baker let {A} help put cherries on top of the cakes.",
         "{A} picked out a warm loaf of bread for dinner.",
         "{A} watched the baker pull a tray of buns out of the hot oven."],
        [("{A} could not choose between a cupcake and a cookie.", "{M} said {A.he} could have one of each, just this once."),
         ("{A} dropped {A.his} bun on the floor.", "The kind baker gave {A.him} a new one for free.")],
        ["It smells so good!", "Can I have a cupcake?", "Everything looks yummy!"]),
    "circus": (
        ["They went to the circus in the big striped tent.", "They found their seats inside the big circus tent."],
        ["A funny clown with a red nose and big shoes fell over and made everyone laugh.",
         "A man juggled five balls at once, and then seven!",
         "Two acrobats flew through the air on swings high above the crowd.",
         "A little dog in a hat jumped through a hoop."],
        ["{A} clapped so hard that {A.his} hands hurt.", "{A} ate a big bag of popcorn.",
         "The clown gave {A} a balloon shaped like a dog."],
        [("The music was very loud, and {A} covered {A.his} ears.", "{M} gave {A} a hug until {A.he} got used to it."),
         ("{A} spilled {A.his} popcorn all over the floor.", "The clown saw it and gave {A.him} a fresh bag with a bow.")],
        ["The clown is so funny!", "Look how high they are!", "Wow! That was amazing!"]),
    "fair": (
        ["They went to the fair at the edge of town.", "That evening, they went to the fair."],
        ["There were bright lights, music and rides everywhere.",
         "The big wheel went round and round, high into the sky.",
         "There were stands selling cotton candy, hot dogs and candy apples.",
         "Children were laughing and screaming on the spinning cups."],
        ["{A} rode the merry-go-round on a white horse.", "{A} won a little stuffed bear at a game.",
         "{A} ate pink cotton candy that stuck to {A.his} fingers."],
        [("{A} was too small for the big roller coaster.", "So {A.he} rode the little train instead, and it was just as fun."),
         ("{A.His} balloon slipped out of {A.his} hand.", "{M} tied the next one to {A.his} wrist so it could not fly away.")],
        ["Can we ride it again?", "Look at all the lights!", "This is the best night ever!"]),
    "museum": (
        ["They took the train to the museum in the city.", "They went to the big museum downtown."],
        ["In the first room, there was a giant dinosaur made of old bones.",
         "There were paintings of the sea, of flowers and of kings and queens.",
         "In a glass case, there was a shiny gold crown and a very old sword.",
         "There was a real space rocket that went all the way up to the roof."],
        ["{A} pressed buttons that made the lights and sounds go on.", "{A} drew the dinosaur in {A.his} notebook.",
         "They looked at a map of the stars in a dark room."],
        [("{A} wanted to touch the dinosaur, but there was a sign that said do not touch.",
          "{A} touched the dinosaur bone in the room for children instead."),
         ("{A} got lost between the big rooms.", "{A} stood still, and {M} found {A.him} right away.")],
        ["Look at the dinosaur!", "How old is it?", "I want to come back tomorrow!"]),
    "aquarium": (
        ["They went to the aquarium by the harbor.", "They walked into the big blue aquarium."],
        ["Big tanks of water were full of fish in every color.",
         "A shark swam slowly past the glass.",
         "An octopus waved its eight arms and changed color.",
         "Little orange fish hid in the soft sea plants."],
        ["{A} touched a starfish in the touch pool. It felt rough and bumpy.",
         "They watched the otters play and roll in the water.",
         "{A} walked through a glass tunnel with fish all around."],
        [("A big fish came right up to the glass, and {A} jumped back.", "{M} laughed and said it only wanted to say hello."),
         ("{A} could not find the sea turtle.", "The keeper pointed, and there it was, resting on a rock.")],
        ["Look at the shark!", "The jellyfish look like umbrellas!", "The fish are so pretty!"]),
    "mountain": (
        ["They drove up into the mountains.", "They hiked up a big mountain."],
        ["The path went up and up, past rocks and little pine trees.",
         "There was still some white snow on the very top.",
         "They could see the whole town below, tiny like toys.",
         "An eagle flew in big circles in the sky."],
        ["{A} climbed over big rocks.", "They had a snack at the top and looked at the view.",
         "{A} shouted hello, and the mountain shouted hello back. It was an echo!"],
        [("The path was steep, and {A} got tired.", "They rested for a while and shared some water."),
         ("It got windy at the top.", "{M} zipped up {A.his} coat, and they walked back down.")],
        ["We are on top of the world!", "I can see our house!", "Look how high we are!"]),
    "toy store": (
        ["They walked to the toy store in town.", "They went to the big toy store at the mall."],
        ["There were dolls, trains, balls and games on every shelf.",
         "A toy robot walked across the floor and beeped.",
         "A big teddy bear sat by the door, as big as a grown-up."],
        ["{A} tried every toy drum in the store.", "{A} played with a wooden train set.",
         "{A} picked a small gift for {A.his} friend."],
        [("{A} wanted every toy in the store!", "{M} said {A.he} could choose just one, and {A.he} chose a bouncy ball."),
         ("{A} knocked over a tower of boxes.", "{A} helped put every box back.")],
        ["Look at this train!", "Can I try it?", "So many toys!"]),
    "swimming pool": (
        ["They went to the swimming pool.", "They packed towels and went to the pool."],
        ["The water was blue and clear, and it smelled funny.",
         "Children were jumping in and splashing everywhere.",
         "There was a big slide that went right into the water."],
        ["{A} wore {A.his} arm floats and kicked {A.his} legs.", "{A} went down the water slide. Whoosh! Splash!",
         "{A} tried to swim to {M}, and {A.he} made it!"],
        [("{A} got water in {A.his} eyes.", "{M} gave {A} a pair of goggles, and then {A.he} could see under the water."),
         ("The water felt cold at first.", "{A} got in slowly, one step at a time, and soon it felt warm.")],
        ["Watch me jump!", "I can swim!", "Again! Again!"]),
    "campsite": (
        ["They packed a tent and drove to the woods to go camping.", "They went camping by a river."],
        ["They put up a green tent under the trees.",
         "At night, the sky was full of stars.",
         "Owls hooted, and crickets sang in the grass.",
         "They made a little fire and sat around it."],
        ["They cooked marshmallows on sticks until they were brown and gooey.",
         "{M} told stories by the fire.", "{A} looked at the stars with a flashlight in {A.his} hand."],
        [("{A} heard a strange noise outside the tent.", "It was only a little raccoon looking for food."),
         ("It started to rain on the tent.", "They stayed inside, warm and dry, and listened to the rain.")],
        ["Look at all the stars!", "I love camping!", "Can we stay one more night?"]),
}


@_plot("a trip somewhere", weight=6)
def _trip(s):
    s.grownup()
    place = s.pick(sorted(_TRIPS))
    there, sights, does, troubles, cries = _TRIPS[place]
    trouble, fix = s.pick(troubles)
    s.set(place=place)
    s.trait("{A} loved to go to new places.", "{A} always wanted to go to the {place}.",
            "{A} liked adventures, big and small.")
    s.start("went to the {place} with {M}", "had a special day out at the {place} with {M}",
            "was very excited, because {A.he} {A.was} going to the {place} with {M}")
    s.say("{A}", "I can't wait to go to the {place}!", "Are we there yet?", "Hooray! We are going to the {place}!")
    s.add(*there)
    a, b, c = s.sample(sights, 3)
    s.add(a)
    s.add(b)
    s.say("{A}", *cries)
    s.para()
    s.add(c)
    s.add(*does)
    s.add(trouble)
    s.add(fix)
    s.add("{soon} the sun began to set, and it was time to go home.", "At the end of the day, they were tired but happy.",
          "{last} it was time to go home.")
    s.say("{A}", "Thank you, {M}! That was the best day!", "Can we come back again soon?")
    s.say("{M}", "Yes, we can come back soon.", "I'm glad you had fun.", "We will come back another day.")
    s.lesson("new places are full of wonderful things", "a day out is more fun when you share it")
    s.ritual("asked to go back to the {place} every week", "told everyone about the {place}")
    s.feel("happy", "tired", "excited", "glad")
    s.keep("a picture of the {place}")


# --- everyday things: big word lists in plain sentences, so the corpus names the many things children meet -------

FIND_THINGS = _items("""
rock | stone | shell | feather | leaf | stick | acorn | pine cone | flower | button | coin | key | ring | bell |
marble | ribbon | crayon | pencil | spoon | cup | box | basket | bottle | jar | hat | sock | mitten | scarf |
glove | shoe | boot | ball | balloon | whistle | map | book | letter | card | toy car | toy boat | doll | teddy bear |
robot | kite | puzzle piece | block | brush | comb | mirror | clock | watch | lamp | candle | blanket | pillow |
umbrella | bucket | shovel | net | rope | string | bag | purse | wallet | necklace | bracelet | crown | mask | flag |
drum | flute | horn | star | sticker | stamp | egg | nut | seed | bean | apple | pear | cookie | cake | candy |
bone | wheel | bowl | plate | fork | fan | bike bell | magnet | magnifying glass | piece of chalk | paintbrush |
tin can | toy chair | fairy door | snow globe | music box | jewel | gem | pebble | bottle cap | doll shoe
""")
THING_LOOKS = _words("""
big small little tiny huge shiny pretty old new soft hard round long short heavy bright dark colorful fancy
smooth rough fluffy sparkly warm cold strange funny special beautiful lovely wooden striped spotted golden silver
sparkling glittery bumpy squishy cute magic
""") + COLORS
FIND_SPOTS = _items("""
in the grass | under a tree | by the road | on the beach | in the sand | under the bed | in a drawer |
behind the couch | in the garden | by the river | in the mud | on the sidewalk | near the pond | under a rock |
in a hole in a tree | at the bottom of the toy box | on a high shelf | in the attic | in the backyard | in a puddle |
in the snow | by the front door | under the swings | in the forest | in an old box | in the closet | near the fence
""")


@_plot("finding a new thing", weight=4)
def _new_thing(s):
    thing, spot = s.pick(FIND_THINGS), s.pick(FIND_SPOTS)
    look, look2 = s.sample(THING_LOOKS, 2)
    s.set(thing=thing, spot=spot, look=look, look2=look2)
    s.trait("{A} liked to find new things.", "{A} was always looking for treasures.", "{A} was a very curious {A.kind}.",
            "{A} loved to explore.")
    s.start("found something {spot}", "saw something {spot}", "was playing outside when {A.he} saw something {spot}")
    s.add("It was a {look} {thing}.", "{A} looked closer. It was a {thing}, and it was {look} and {look2}.",
          "{A} picked it up. It was a {look} {thing}!")
    s.say("{A}", "Wow! Look at this {thing}!", "What a {look} {thing}!", "I wonder where this {thing} came from.",
          "Is this a {thing}? It's so {look}!")
    if s.chance(0.5):
        s.friend()
        s.add("{A} ran to show {A.his} friend {B}.", "{A.His} friend {B} came over to see.")
        s.say("{B}", "Can I hold it?", "I want it! Give it to me!", "Wow! Can I have it?")
        s.say("{A}", "No, it's mine. I found it!", "No! I saw it first!")
        s.add("{A} and {B} both pulled on the {thing}.", "They both grabbed the {thing} and pulled.",
              "They started to fight over the {thing}.")
        s.add("{sudden} the {thing} slipped and fell into the mud. Splat!", "{sudden} the {thing} flew out of their hands "
              "and landed in a puddle.")
        s.add("Now the {thing} was dirty, and they were both {sad}.", "They looked at the dirty {thing}. Nobody was "
              "happy now.")
        s.para()
        s.say("{A}", "I'm sorry, {B}. Let's not fight. We can share it.", "This is silly. Let's share it, okay?")
        s.say("{B}", "Okay. I'm sorry too.", "Yes, let's share.")
        s.add("They washed the {thing} together until it was clean and {look} again.",
              "Together, they cleaned the {thing} with water and a cloth.")
        s.add("Then they took turns. First {A} held it, and then {B} held it.", "They played with it together all day.")
        s.add("Sharing the {thing} was much more fun than fighting over it.", "They laughed and had fun together.",
              "After that day, {A} and {B} became good friends.")
        s.lesson("sharing is better than fighting", "it is more fun to share with a friend",
                 "fighting over something can spoil it for everyone")
        s.ritual("shared {A.his} treasures with {B}", "and {B} looked for treasures together")
    else:
        s.grownup()
        s.add("{A} took the {thing} home to show {M}.", "{A} put the {thing} in {A.his} pocket and ran home to {M}.")
        s.say("{A}", "{M}, look what I found!", "Look, {M}! I found a {thing}!")
        s.say("{M}", "What a good find! Where did you find it?", "Oh, how {look}! Let's take a closer look.")
        s.add("{A} told {M} all about it.", "{A} showed {M} where {A.he} found it.")
        s.maybe(0.5, "{M} helped {A} wash it with warm water and soap.", "They wiped off the dirt with a soft cloth.")
        s.say("{M}", "You can keep it in a safe place.", "Let's find a special place for it.")
        s.add("{A} put the {thing} on the shelf next to {A.his} bed.", "{A} made a little box for the {thing}, "
              "and put a soft cloth inside.")
        s.add("Every day, {A} looked at it and smiled.", "It became {A.his} favorite thing.")
        s.lesson("little things can be special", "the world is full of small treasures if you look")
        s.ritual("looked for treasures every time {A.he} went outside", "kept all {A.his} treasures in a box")
    s.feel("happy", "proud", "glad", "lucky")
    s.keep("a {thing}")


_HOME_JOBS = [   # (the job, how it was done, what went wrong, how it was made right)
    ("wash the dishes", "{A} stood on a stool and scrubbed the plates with a sponge and lots of bubbles.",
     "A wet plate slipped out of {A.his} hands and fell into the sink with a splash.",
     "It did not break, and they both laughed."),
    ("sweep the floor", "{A} pushed the big broom across the kitchen and made a pile of crumbs.",
     "{A} bumped into the pile, and the crumbs went everywhere again.", "So {A.he} swept them up again, more slowly."),
    ("water the plants", "{A} filled a little watering can and gave every plant a drink.",
     "{A} gave one plant so much water that it ran over the table.", "{M} showed {A.him} how much water was enough."),
    ("fold the clothes", "{A} folded the towels and the socks and made a neat pile.",
     "The pile fell over, and the socks rolled all over the floor.", "{A} picked them up and made two smaller piles."),
    ("make the bed", "{A} pulled the blanket up and put the pillow at the top.",
     "The blanket was crooked, and one corner hung down to the floor.", "{M} helped {A.him} pull it straight."),
    ("feed the dog", "{A} poured food into the dog's bowl and filled the water dish.",
     "The dog was so happy that it jumped up and knocked the bag over.", "They picked up the food together."),
    ("cook dinner", "{A} washed the carrots, and {M} cut them up for the soup.",
     "{A} put in too much salt!", "{M} added more water, and the soup tasted just right."),
    ("bake bread", "{A} mixed flour, water and a little sugar in a big bowl.",
     "Flour went all over {A.his} face and {A.his} shirt.", "{M} laughed and said {A.he} looked like a snowman."),
    ("clean the windows", "{A} sprayed the glass and wiped it until it was shiny.",
     "{A} left big, smudgy hand prints on the clean glass.", "So {A.he} wiped them off with a dry cloth."),
    ("wash the car", "{A} scrubbed the car with a big soapy sponge.",
     "{A} sprayed the hose the wrong way, and {M} got all wet!", "They both laughed and laughed."),
]


@_plot("helping at home", weight=3)
def _chores(s):
    s.grownup(kind="parent")
    job, how, oops, fix = s.pick(_HOME_JOBS)
    s.set(job=job)
    s.trait("{A} liked to help {A.his} family.", "{A} wanted to be a big helper.", "{A} liked to do grown-up jobs.")
    s.start("saw {M} working hard in the house", "asked {M} if {A.he} could help", "wanted to help {M}")
    s.say("{A}", "Can I help you, {M}?", "{M}, I want to help! What can I do?")
    s.say("{M}", "Yes, you can help me {job}.", "Thank you! Would you like to {job}?")
    s.add("{A} was very excited.", "{A} clapped {A.his} hands.", "{A} rolled up {A.his} sleeves.")
    s.add(how)
    s.add("{but} then something went wrong.", "{but} it was not so easy.")
    s.add(oops)
    s.say("{A}", "Oh no! I made a mess.", "Oops! I'm sorry!")
    s.para()
    s.say("{M}", "That's okay. Everyone makes mistakes when they learn.", "Don't worry. We can fix it.")
    s.add(fix)
    s.add("{A} kept working until the job was done.", "{A} tried again, and this time it went well.")
    s.say("{M}", "Thank you for helping me. You are a great helper!", "Good job! I couldn't have done it without you.")
    s.add("{A} felt proud and happy.", "{A} smiled from ear to ear.")
    s.lesson("helping your family feels good", "it is okay to make mistakes when you are learning",
             "hard work is more fun when we do it together")
    s.ritual("helped {M} every day", "asked {M} what {A.he} could do to help")
    s.feel("proud", "helpful", "happy", "grown-up")


_GIFTS = [   # (what to make, what it was made with, how it was made)
    ("a card", "paper, crayons and glitter", "{A} folded the paper, drew a big heart, and wrote a message inside."),
    ("a necklace", "string and colorful beads", "{A} put the beads on the string, one by one: red, blue, yellow."),
    ("a painting", "paints and a big sheet of paper", "{A} painted a sunny garden with flowers and a rainbow."),
    ("a crown", "gold paper, glue and shiny stickers", "{A} cut out the points, glued it into a circle, and added stickers."),
    ("a clay bowl", "soft clay", "{A} rolled the clay, pressed it into a bowl, and painted it with dots."),
    ("a bunch of flowers", "flowers from the garden", "{A} picked the prettiest flowers and tied them with a ribbon."),
    ("a picture frame", "sticks, glue and shells", "{A} glued the sticks into a square and stuck shells all around it."),
    ("a cake", "flour, eggs, butter and sugar", "{A} mixed everything in a bowl, and {A.his} dad helped with the oven."),
]


@_plot("making a gift", weight=3)
def _gift(s):
    s.grownup()
    make, stuff, how = s.pick(_GIFTS)
    s.set(make=make, stuff=stuff, occasion=s.pick(["birthday", "special day", "party"]))
    s.trait("{A} loved to make things.", "{A} liked to give presents.", "{A} was very good at making things.")
    s.start("found out that it was {M}'s {occasion} soon", "remembered that {M}'s {occasion} was tomorrow")
    s.say("{A}", "I want to give {M} something special!", "What can I give {M}?")
    s.add("{A} did not have any money to buy a present.", "{A} thought and thought.", "{A} looked around {A.his} room.")
    s.add("{then} {A.he} had an idea. {A.He} would make {make}!", "{A} decided to make {make}.")
    s.add("{A} got out {stuff}.", "{A} found {stuff} in a box.")
    s.add(how)
    s.add("It took a long time, but {A} did not give up.", "It was hard work, but {A} kept going.")
    s.para()
    s.add("When {M} came, {A} hid the gift behind {A.his} back.", "On the big day, {A} gave {M} the gift.")
    s.say("{A}", "Surprise! I made it for you!", "Happy {occasion}! This is for you!")
    s.add("{M} was so surprised.", "{M}'s eyes filled with happy tears.", "{M} smiled a big smile.")
    s.say("{M}", "You made this yourself? It's beautiful! Thank you!", "This is the best present ever!")
    s.add("{M} kept the gift in a special place, and {A} felt warm inside.", "{M} gave {A} a big hug.")
    s.lesson("the best gifts come from the heart", "a gift you make yourself is extra special",
             "giving can feel even better than getting")
    s.ritual("made a gift for everyone in {A.his} family", "made presents instead of buying them")
    s.feel("proud", "happy", "loved", "warm")


_BALL_STUCK = [   # (where the ball went, who or what helped, how)
    ("over the fence into the next yard", "a kind man", "{X} threw the ball back over the fence."),
    ("up into a big tree", "a tall lady", "{X} reached up with a long stick and knocked the ball down."),
    ("into the pond", "a big duck", "{X} pushed the ball back to the edge of the pond with its beak."),
    ("under a parked car", "a little cat", "{X} crawled under the car and batted the ball out with its paw."),
    ("down a steep hill", "a friendly boy on a bike", "{X} rode after the ball and brought it back."),
    ("into a bush full of thorns", "an old man with a rake", "{X} pulled the ball out with his rake."),
]


@_plot("a dog and a ball", weight=3, animals=False)
def _dog_ball(s):
    s.pet(kinds=("dog", "dog", "puppy"))
    where, helper, how = s.pick(_BALL_STUCK)
    pron = "he" if ("man" in helper or "boy" in helper) else "she" if "lady" in helper else "it"
    s._add("X", _Stranger(helper, pron, kind=helper.split()[-1]))
    s.set(where=where, ball=s.pick(COLORS))
    s.trait("{A} had a dog named {P}.", "{A} had a playful {P.kind} named {P}. They were best friends.",
            "{A} and {A.his} dog, {P}, did everything together.", needed=True)
    s.start("took {P} to the park to play ball", "decided to play ball with {P} in the yard")
    s.add("{A} threw the {ball} ball, and {P} ran to get it.", "{A} threw the ball as far as {A.he} could.")
    s.add("{P} wagged {P.his} tail and barked. Woof! Woof!", "{P} brought the ball back and dropped it at {A.his} feet.")
    s.say("{A}", "Good dog, {P}!", "Fetch, {P}! Fetch!", "Do you want to play again, {P}?")
    s.add("They played for a long time. {A} was very happy, and so was {P}.", "It was a nice day, and they had lots of fun.")
    s.para()
    s.add("{then} {A} threw the ball too hard. It went {where}!", "{sudden} the ball bounced away and went {where}.")
    s.add("{A} did not know what to do.", "{A} was sad. {A.He} could not reach it.", "{P} barked and barked.")
    s.say("{A}", "Oh no! Our ball!", "What do we do now, {P}?")
    s.add("{then} something unexpected happened. {X} came to help.", "Just then, {X} saw what had happened.")
    s.add(how)
    s.say("{A}", "Thank you so much!", "Thank you! That was very nice of you.")
    s.add("{A} and {P} went back to playing, but this time {A.he} threw the ball more gently.",
          "{A} decided to throw the ball in a different way, low and slow, so it would not go far.")
    s.lesson("it is good to be careful when you play", "asking for help is nothing to be afraid of",
             "a kind helper can turn a bad day into a good one")
    s.ritual("played ball with {P} every day", "threw the ball gently")
    s.feel("happy", "thankful", "glad", "playful")
    s.keep("a {ball} ball", "a dog playing")


_MOODS = [   # (why the hero was angry, what the hero did, what helped)
    ("{A.his} friend could not come over to play", "{A.He} stomped {A.his} feet and would not talk to anyone.",
     "They built a fort out of blankets and played inside."),
    ("{A.his} tower of blocks fell down", "{A.He} kicked the blocks across the floor.",
     "They built a new tower together, bigger and better than before."),
    ("{A.he} had to stop playing and go to bed", "{A.He} crossed {A.his} arms and frowned.",
     "They read {A.his} favorite book, and {A.he} felt sleepy and calm."),
    ("{A.his} ice cream fell on the ground", "{A.He} cried and cried.",
     "They shared a new ice cream, one lick for each."),
    ("{A.he} lost a game", "{A.He} threw the cards on the floor.",
     "They played again, and this time {A.he} laughed even when {A.he} lost."),
]


@_plot("a bad mood", weight=2)
def _mood(s):
    s.grownup(kind="parent")
    why, did, helped = s.pick(_MOODS)
    s.set(why=why.format_map(s.env))
    s.trait("{A} was usually a happy {A.kind}.", "{A} liked things to go {A.his} way.", "{A} was not good at waiting.")
    s.start("was very angry, because {why}", "felt grumpy, because {why}")
    s.add(did)
    s.say("{A}", "It's not fair!", "I don't like this day!", "Go away! I'm angry!")
    s.add("{M} did not get angry too. {M.He} sat down next to {A}.", "{M} came over and sat down on the floor.")
    s.say("{M}", "I can see you are angry. It's okay to feel angry. But it's not okay to be mean.",
          "You feel very angry, don't you? Let's take a deep breath together.")
    s.add("{A} took a big breath in, and then a big breath out.", "{A} counted to ten, very slowly.")
    s.add("{A} started to feel a little better.", "The angry feeling got smaller and smaller.")
    s.para()
    s.say("{A}", "I'm sorry I was mean, {M}.", "I feel better now. Sorry, {M}.")
    s.say("{M}", "Thank you for saying sorry. Do you want to play, or do you want a hug?",
          "I love you, even when you are grumpy.")
    s.add(helped)
    s.add("Soon {A} was smiling again.", "{A} felt happy again.")
    s.lesson("it is okay to feel angry, but it is better to breathe and talk about it",
             "big feelings get smaller when you share them", "saying sorry can make things right")
    s.ritual("took a deep breath when {A.he} felt angry", "counted to ten when {A.he} felt grumpy")
    s.feel("calm", "happy", "loved", "better")


# --- three more of the commonest plain plots: a new friend, work before play, an animal who learns ----------------

_LONELY = [   # (where the hero saw the new child, what the new child was doing)
    ("on a bench at the park", "sitting all alone and looking at the ground"),
    ("by the sandbox", "building a sandcastle all by {B.self}"),
    ("under a big tree", "reading a book alone"),
    ("at the edge of the playground", "watching the other children play"),
    ("by the swings", "swinging slowly, all alone"),
    ("near the pond", "throwing little stones into the water by {B.self}"),
]


@_plot("a new friend", when="day", weight=3)
def _new_pal(s):
    s.friend()
    where, doing = s.pick(_LONELY)
    s.set(where=where, doing=doing.format_map(s.env), game=s.pick(GAMES))
    s.trait("{A} was a friendly {A.kind} who liked to meet new people.", "{A} loved to play with other children.",
            "{A} had a big smile for everyone.")
    s.start("went to the park to play", "was playing at the park", "went outside to play with {A.his} ball")
    s.add("{A.He} saw a {B.kind} {where}. The {B.kind} was {doing}.", "{sudden} {A.he} saw a {B.kind} {where}, {doing}.")
    s.add("The {B.kind} looked sad and lonely.", "{A} wondered why the {B.kind} was all alone.")
    s.add("{A} walked over and said hello.", "{A} wanted to help, so {A.he} went over to say hi.")
    s.say("{A}", "Hi! My name is {A}. What is your name?", "Hello! I'm {A}. Why are you sad?")
    s.say("{B}", "I'm {B}. I'm new here, and I don't have any friends.",
          "My name is {B}. We just moved here, and I don't know anyone.")
    s.say("{A}", "Do you want to play with me?", "You can be my friend! Do you want to play {game}?",
          "Let's play together!")
    s.add("{B} smiled a big smile.", "{B}'s face lit up, and {B.he} nodded.")
    s.say("{B}", "Yes, please!", "I would like that very much!", "Okay! Let's go!")
    s.para()
    s.add("They played {game}, and then they went on the slide.", "They played {game} together and laughed a lot.",
          "They ran and jumped and played {game} until they were tired.")
    s.add("{A} was so happy to have a new friend.", "They were very happy.", "{B} was not sad anymore.")
    s.add("When it was time to go home, they said goodbye.", "When the sun went down, they waved goodbye.")
    s.say("{B}", "Thank you for playing with me, {A}. Can we play again tomorrow?", "You are a good friend, {A}!")
    s.say("{A}", "Yes! See you tomorrow!", "Of course! We are friends now.")
    s.lesson("it is good to be kind to someone new", "a friendly hello can make a new friend",
             "everyone needs a friend")
    s.ritual("played with {B} every day", "said hello to every new {B.kind} at the park")
    s.feel("happy", "kind", "warm", "glad")
    s.keep("{B}", "someone new at the park")


_FIRST_JOBS = [   # (the job first, how it went)
    ("clean up your room", "{A} picked up the toys, put the books on the shelf and made the bed."),
    ("eat your lunch", "{A} ate all the soup and the bread, and even the green beans."),
    ("finish your picture", "{A} colored the sky blue and the grass green, and {A.he} drew a yellow sun."),
    ("put on your coat and boots", "{A} put on {A.his} coat, zipped it up and pulled on {A.his} boots."),
    ("help me put the food away", "{A} put the milk in the fridge and the apples in the bowl."),
]


@_plot("work before play", weight=2)
def _work_first(s):
    s.grownup(kind="parent")
    s.friend()
    job, did = s.pick(_FIRST_JOBS)
    s.set(job=job, game=s.pick(GAMES))
    s.trait("{A} loved to play, but {A.he} did not like to help.", "{A} always wanted to play right away.",
            "{A} liked to play {game} with {A.his} friends.")
    s.start("heard {A.his} friend {B} calling from outside", "saw {A.his} friend {B} playing outside")
    s.say("{B}", "{A}! Come and play {game} with me!", "Do you want to come out and play, {A}?")
    s.say("{A}", "Yes! I'm coming!", "Okay! Wait for me!")
    s.add("{A} ran to the door.", "{A} started to run outside.")
    s.say("{M}", "Wait, {A}. First you need to {job}. Then you can play.", "Not so fast! Please {job} first.")
    s.add("{A} was sad. {A.He} wanted to play now.", "{A} frowned. {A.He} did not want to wait.")
    s.say("{A}", "But I want to play now!", "Do I have to?")
    s.say("{M}", "If you do it fast, you will have more time to play.", "It won't take long. {B} can wait a little.")
    s.para()
    s.add("So {A} did it, and {B} waited patiently by the gate.", "{A} decided to do {A.his} chores as fast as "
          "{A.he} could, while {B} waited patiently outside.")
    s.add(did)
    s.add("It did not take long at all.", "It was quicker than {A.he} thought.")
    s.say("{M}", "Good job! Now you can go and play.", "Thank you, {A}. Have fun!")
    s.add("{A} ran outside, and {A.he} and {B} played {game} all afternoon.", "{A} and {B} played {game} until dinner time.")
    s.add("{A} was happy, and {M} was happy too.", "{A} felt good, because {A.he} had done {A.his} job.")
    s.lesson("it is good to do your jobs first and play after", "work first, then play",
             "doing what you need to do first makes playing more fun")
    s.ritual("did {A.his} jobs first, and then went out to play", "helped {M} before playing")
    s.feel("happy", "proud", "good", "free")


_ANIMAL_TRIES = [   # (animal, what it could not do yet, why, the helper, the advice, how it went)
    ("bird", "fly", "{A.His} wings were small, and {A.he} {A.was} scared of falling.", "a wise old owl",
     "Flap your wings fast, and do not look down.", "{A} flapped and flapped, and up {A.he} went into the sky!"),
    ("duckling", "swim", "The water looked deep and cold.", "a kind old turtle",
     "Paddle your feet slowly, one and two, one and two.", "{A} paddled and paddled, and {A.he} {A.was} swimming!"),
    ("bunny", "jump over the log", "The log was big, and {A.his} legs were short.", "a big brown kangaroo",
     "Bend your knees, count to three, and push!", "{A} bent {A.his} knees, counted to three and jumped right over!"),
    ("fish", "swim up the little waterfall", "The water pushed {A.him} back every time.", "a strong old salmon",
     "Wait for the water to be slow, then swim with all your might.", "{A} waited, then swam hard, and {A.he} made it!"),
    ("squirrel", "climb the tallest tree", "The bark was smooth, and {A.he} kept slipping.", "a clever old crow",
     "Hold on with all your claws, and rest on each branch.", "{A} climbed one branch at a time, all the way to the top!"),
    ("frog", "jump across the pond on the lily pads", "The lily pads wobbled, and {A.he} {A.was} afraid of getting wet.",
     "a wise old frog", "Look at the next lily pad, not at the water.",
     "{A} looked at each lily pad, hop, hop, hop, and soon {A.he} {A.was} across!"),
]


@_plot("an animal who learns something hard", animals=False, weight=3)
def _animal_tries(s):
    animal, task, why, helper, advice, done = s.pick(_ANIMAL_TRIES)
    s.animal_hero(animal)
    s.thing("H", helper, helper.split()[-1])
    s.set(task=task, helper_name=helper, advice=advice, animal=animal)
    s.trait("{A} lived with {A.his} family near the woods. All the other little animals could {task}, but {A} could not.",
            "{A} wanted to {task} more than anything.", needed=True)
    s.start("tried to {task}, but {A.he} could not", "watched the others {task} and felt sad")
    s.add(why)
    s.say("{A}", "I will never be able to {task}!", "Why can't I {task} like the others?")
    s.add("{A} sat down and started to cry.", "{A} felt very sad and alone.")
    s.para()
    s.add("{then} {helper_name} came by.", "{sudden} {helper_name} came over to {A.him}.", "Just then, {helper_name} saw {A}.")
    s.say("the " + helper.split(" ", 1)[1], "Why are you sad, little one?", "What is wrong, little {animal}?")
    s.say("{A}", "I can't {task}. I tried and tried.", "Everyone can {task} but me.")
    s.say("the " + helper.split(" ", 1)[1], "Don't give up. {advice}", "{advice} You can do it!")
    s.add("{A} took a deep breath.", "{A} was still a little scared, but {A.he} wanted to try again.")
    s.add(done)
    s.say("{A}", "I did it! I really did it!", "Look at me! I can {task}!")
    s.add("{A.His} family cheered, and {A.he} felt very proud.", "{A} thanked the " + helper.split(" ", 1)[1] + ".")
    s.lesson("you should never give up", "trying again is how we learn", "it is okay to ask for help when something is hard")
    s.ritual("tried again whenever something was hard", "helped other little animals who were learning")
    s.feel("proud", "happy", "brave", "strong")


# ---------------------------------------------------------------------------------------------------------------
# any-hero stories: the hero is any kind a children's story has (data/heroes.py: a rhinoceros, a fire truck, a
# cactus, twins, the sun), opened in the forms real stories open with, and what happens is data/plots.py's text.
# Every later sentence names again exactly what the opening named (by name, by "the rhinoceros", by pronoun), so a
# model learns that the opening chooses the hero.

ANY_HERO_SHARE = 0.6     # of the corpus's stories, the share with an any-hero plot (the rest: the plots above)
_LIVING = {"kid", "job", "pet", "farm", "forest", "wild", "sea", "bird", "bug"}
_GROUP_WEIGHTS = dict(kid=16, job=5, pet=10, farm=8, forest=9, wild=8, sea=6, bird=6, bug=4, toy=6, vehicle=6,
                      magic=6, plant=3, sky=3, thing=4)
_SHE_KINDS = {"girl", "princess", "queen", "witch", "mermaid", "ballerina", "hen", "cow", "cowgirl", "fairy",
              "tooth fairy", "ewe", "mare"}
_HE_KINDS = {"boy", "prince", "king", "wizard", "rooster", "bull", "ox", "cowboy", "fisherman", "ram", "stallion"}
_THINGLIKE = {"toy", "vehicle", "plant", "sky", "thing"}
_SIZES = set("little big huge enormous giant tiny small large tall long short wee mighty gigantic".split())


def _forms(cell, sep=","):
    return [part.strip() for part in cell.split(sep) if part.strip()]


def _looks(entry):
    """A hero kind's adjectives, less any word of its own name (not "a red red panda")."""
    return [look for look in entry["looks"].split() if look not in entry["kind"].split()]


class Being(Who):
    """A hero, friend or helper drawn from data/heroes.py. "{A}" names it again as the opening did: by its name,
    or as "the rhinoceros" / "the mighty rhinoceros"; "{A.a}" is its first mention ("a mighty rhinoceros named
    Roxy"), "{A.look}", "{A.part}", "{A.moved}", "{A.home}", ... are its own words."""

    def __init__(self, story, entry, name="", pron="he", plural=False, adjectives=(), pair=None):
        super().__init__(name, pron, kind=entry["plural"] if plural else entry["kind"])
        self.story, self.entry, self.is_plural, self.pair = story, entry, plural, pair
        self.adjectives = list(adjectives)       # the words the opening described it with
        self.singular, self.plural = entry["kind"], entry["plural"]
        r = story.r
        self.looks = _looks(entry)
        self.part = r.choice(_forms(entry["parts"]))
        self.move, self.moved, self.moving = r.choice(_forms(entry["moves"])).split("/")
        self.need = r.choice(_forms(entry["needs"]))
        self.sound, self.sounded = entry["sound"].split("/")
        place = _PLACE[r.choice(entry["homes"].split())]
        self.home = r.choice(_forms(place["phrases"], ";"))
        self.place = place["name"]
        self.sight_a = r.choice(_forms(place["sights"], ";"))
        self.sight = "the " + self.sight_a.split(" ", 1)[1]
        self.introduced = False

    @property
    def look(self):
        if self.adjectives and self.story.chance(0.5):
            return self.adjectives[0]
        return self.story.pick(self.looks)

    @property
    def desc(self):
        """How the opening describes it, with "a" ("a mighty rhinoceros", "two little ducks")."""
        words = " ".join(self.adjectives + [self.kind])
        return f"two {words}" if self.is_plural and self.singular != "twin" else \
            (words if self.is_plural else f"a {words}")

    @property
    def a(self):
        if self.introduced:
            return format(self)
        self.introduced = True
        return f"{self.desc} named {self.name}" if self.name else self.desc

    def __format__(self, spec):
        self.introduced = True
        roll = self.story.r.random()
        if self.name and roll < 0.75:
            return self.name
        if self.adjectives and roll > 0.85:
            return f"the {self.adjectives[-1]} {self.kind}"
        return f"the {self.kind}"


class _Thing:
    """A thing of the story (data/heroes.py's THINGS): "{T.a}" first ("a shiny red kite"), then "{T}" ("the kite")."""

    def __init__(self, story, entry):
        self.story, self.kind, self.use = story, entry["thing"], entry["use"]
        self.looks = entry["looks"].split()
        self.adjective = self._not_its_name(story.pick(self.looks))

    def _not_its_name(self, word):
        # "a lovely paper lantern", not "a paper paper lantern" (the same draws either way: the corpus stays the same)
        return "lovely" if word in self.kind.split() else word

    @property
    def look(self):
        return self.adjective if self.story.chance(0.6) else self._not_its_name(self.story.pick(self.looks))

    @property
    def a(self):
        return f"a {self.adjective} {self.kind}"

    def __format__(self, spec):
        return f"the {self.kind}"


# the opening sentence: {desc} is how the hero is described ("a mighty rhinoceros"), {name} its name; repeats
# weigh more. Forms with {fdesc} introduce the friend too.
_NAMED_OPENINGS = _items("""
Once upon a time, there was {desc} named {name}. | Once upon a time, there was {desc} named {name}. |
Once upon a time, there was {desc} named {name}. | Once upon a time, {home}, there lived {desc} named {name}. |
Once upon a time, {home}, there lived {desc} named {name}. | Once upon a time, there was {desc} called {name}. |
Once upon a time, there was {desc}. {His} name was {name}. | There once was {desc} named {name} who lived {home}. |
{name} was {desc} who lived {home}. | Once there was {desc} named {name}. {He} lived {home}. |
Long ago, {home}, there lived {desc} named {name}. | Once upon a time, {home}, there was {desc}. Everyone called {him} {name}. |
{lead}, {desc} named {name} was {moving} {home}. | Once upon a time, there was {desc} named {name} who loved to {move}. |
There was once {desc} called {name}. {He} lived {home}. | Once upon a time, in a land far away, there lived {desc} named {name}. |
Once upon a time there was {desc} named {name}. | Once upon a time, there lived {desc} named {name}. |
There was {desc} named {name}. | Once upon a time, there was {desc} who lived {home}. {His} name was {name}. |
One day, {desc} named {name} went to {place}. | {Home}, there was {desc} named {name}. |
{name} was {desc}. {He} lived {home}. | Once upon a time, there was {desc} named {name} who lived {home} with {his} mom.
""")
_UNNAMED_OPENINGS = _items("""
Once upon a time, there was {desc}. | Once upon a time, there was {desc}. | Once upon a time, {home}, there lived {desc}. |
Once upon a time, {home}, there lived {desc}. | Once upon a time, {home}, there was {desc}. |
There once was {desc} who lived {home}. | Once upon a time, there was {desc} who loved to {move}. |
{lead}, {desc} was {moving} {home}. | There was once {desc} {home}. | Long ago, there lived {desc} {home}. |
Once upon a time, there was {desc} who lived {home}. | Once upon a time there was {desc}. |
Once upon a time, there lived {desc}. | {Home}, there was {desc}. | One day, {desc} went to {place}. |
There was {desc} who liked to {move}.
""")
_PAIR_OPENINGS = _items("""
Once upon a time, there were two friends, {desc} and {fdesc}. | Once upon a time, {desc} and {fdesc} lived {home}. |
Once upon a time, {home}, there lived {desc} and {fdesc}. They were best friends. |
There once was {desc} who had a friend, {fdesc}. | {Desc} and {fdesc} were best friends. |
One day, {desc} met {fdesc} {home}.
""")
_ANY_TRAITS = _items("""
{A.He} loved to {A.move} all day long. | Every day, {A.he} {A.moved} around {A.place}. |
{A.He} {A.was} very {A.look}, and {A.he} liked to {A.move}. | {A.He} had many friends {A.home}. |
{A.He} liked to {A.move} and play in the sun. | More than anything, {A.he} loved {A.need}. |
Everyone {A.home} knew {A}. | {A.He} {A.was} small, but {A.he} had a big heart.
""")

_NAMING_TRAITS = _items("""
{A} loved to {A.move} all day long. | Every day, {A} {A.moved} around {A.place}. | Everyone {A.home} knew {A}. |
{A} {A.was} small, but {A.he} had a big heart. | {A} liked to {A.move} and play in the sun.
""")


def _read_plots(text):
    """data/plots.py's text -> [dict(name, groups, cast, when, weight, trait, body, lesson, feel, ritual)]. A line
    starting with whitespace continues the line before; blank lines part the plots."""
    plots = []
    for block in re.split(r"\n\s*\n", text.strip()):
        lines = []
        for line in block.splitlines():
            if line[:1].isspace() and lines:
                lines[-1] += " " + line.strip()
            elif line.strip():
                lines.append(line.strip())
        plot = dict(cast="", when="any", weight=1, trait=[], body=[], lesson=[], feel=[], ritual=[], groups=["any"])
        for line in lines:
            if line == "para":
                plot["body"].append(("para", None, 1.0, []))
                continue
            key, _, value = line.partition(":")
            key = key.strip()
            alts = [a.strip() for a in value.split(" | ") if a.strip()]
            alts = [re.sub(r"\{H([.}])", r"{A\1", re.sub(r"\{F([.}])", r"{B\1", a)) for a in alts]
            if key == "plot":
                plot["name"] = value.strip()
            elif key == "for":
                plot["groups"] = value.split()
            elif key in ("cast", "when"):
                plot[key] = value.strip()
            elif key == "weight":
                plot["weight"] = int(value)
            elif key in ("trait", "lesson", "ritual"):
                plot[key] = alts
            elif key == "feel":
                plot["feel"] = value.split()
            elif key == "step":
                plot["body"].append(("step", None, 1.0, alts))
            elif key.startswith("maybe"):
                plot["body"].append(("step", None, float(key.split()[1]), alts))
            elif key.startswith("say"):
                who = {"H": "{A}", "F": "{B}", "W": "{W}"}[key.split()[1]]
                plot["body"].append(("say", who, 1.0, alts))
            else:
                raise ValueError(f"data/plots.py: plot {plot.get('name')!r}: unknown line {line!r}")
        plots.append(plot)
    return plots


def _groups_for(spec):
    """`for:` of a plot -> the hero groups it fits ("any -bird -sky": every group but those two)."""
    keep = [g for g in spec if not g.startswith("-")]
    groups = set(_GROUP_WEIGHTS) if "any" in keep or not keep else set(keep)
    return sorted(groups - {g[1:] for g in spec if g.startswith("-")})


class _AnyStory(_Story):
    """A story about a hero of any kind: cast from data/heroes.py, told from data/plots.py, opened and ended here.
    It names its hero more often than the plots above do: the point is that the opening's hero comes back."""
    pronoun_share = 0.5
    speech_pronoun_share = 0.3

    def __init__(self, r, plot):
        super().__init__(r, plot)
        self.data = plot.data

    def _entry(self, groups, avoid=()):
        groups = [g for g in groups if _BY_GROUP[g]]
        group = self.r.choices(groups, [_GROUP_WEIGHTS[g] for g in groups])[0]
        entries = [e for e in _BY_GROUP[group] if e["kind"] not in avoid] or _BY_GROUP[group]
        return self.r.choices(entries, [_KIND_WEIGHT[e["kind"]] for e in entries])[0]

    def _adjectives(self, entry):
        looks = _looks(entry)
        roll = self.r.random()
        if roll < 0.25:
            return ["little"]
        if roll < 0.7:
            return [self.pick(looks)]
        if roll < 0.85:
            look = self.pick(looks)   # size before color, opinion before size: "little red", "happy little"
            if look in _SIZES:
                return [look]
            return ["little", look] if look in COLORS else [look, "little"]
        first, second = self.sample(looks, 2) if len(looks) > 1 else (looks[0], "little")
        return [first + ",", second]     # "a big, gray rhinoceros"

    def _being(self, key, entry, named, adjectives=None):
        group = entry["group"]
        pron = "she" if entry["kind"] in _SHE_KINDS else "he" if entry["kind"] in _HE_KINDS else \
            self.pick(["she", "he"])
        name = ""
        if named:
            if group in _THINGLIKE or (group == "magic" and self.chance(0.5)):
                name = self._name(THING_NAMES + _heroes.THING_NAMES)
            else:
                girl = pron == "she"
                common = COMMON_GIRL_NAMES if girl else COMMON_BOY_NAMES
                name = self._name(common if self.chance(COMMON_NAME_SHARE) else GIRL_NAMES if girl else BOY_NAMES)
        adjectives = self._adjectives(entry) if adjectives is None else adjectives
        who = Being(self, entry, name, pron, adjectives=[a for a in adjectives if a])
        return self._add(key, who)

    def _pair(self, entry):
        """A plural hero: twins (named), or two of a kind, named or not."""
        if entry["group"] == "kid":
            entry = _TWINS
            names = [self._name(COMMON_GIRL_NAMES + COMMON_BOY_NAMES) for _ in range(2)]
        elif self.chance(0.5):
            names = [self._name(THING_NAMES + _heroes.THING_NAMES) for _ in range(2)]
        else:
            names = []
        looks = _looks(entry)
        adjectives = [] if entry is _TWINS else [self.pick(looks + ["little"] * 3)]
        who = Being(self, entry, " and ".join(names), "they", plural=True, adjectives=adjectives)
        return self._add("A", who)

    def cast_all(self):
        data = self.data
        groups = _groups_for(data["groups"])
        entry = self._entry(groups)
        named = self.chance(0.6)
        if self.chance(0.08) and entry["group"] not in ("job",):
            a = self._pair(entry)
        else:
            a = self._being("A", entry, named)
        friend_groups = [g for g in _GROUP_WEIGHTS if g != "sky"]
        if "F" in data["cast"]:
            near = [e for e in _HEROES if set(e["homes"].split()) & set(entry["homes"].split())
                    and e["kind"] != entry["kind"] and e["group"] in _LIVING | {"toy", "magic"}]
            f_entry = (self.r.choices(near, [_KIND_WEIGHT[e["kind"]] for e in near])[0] if near and self.chance(0.7)
                       else self._entry(friend_groups, [entry["kind"]]))
            self._being("B", f_entry, self.chance(0.5))
        if "W" in data["cast"]:
            w_entry = self._entry(["bird", "forest", "wild", "magic", "job"], [entry["kind"]])
            self._add("W", Being(self, w_entry, "", self.pick(["she", "he"]),
                                 adjectives=[self.pick(["wise old", "kind old", "old", "wise"])]))
        if "T" in data["cast"]:
            self.env["T"] = _Thing(self, self.pick(_heroes.THINGS))
        # the opening is chosen before the plot is told: a friend the opening introduces is "{B}" in the plot
        b, self.fdesc = self.env.get("B"), ""
        if b is not None and not a.is_plural and self.chance(0.2):
            self.opening = self.pick(_PAIR_OPENINGS)
            self.fdesc = b.a
        else:
            forms = _NAMED_OPENINGS if a.name else _UNNAMED_OPENINGS
            self.opening = self.pick([f for f in forms if "mom" not in f or a.entry["group"] in _LIVING])
        self.env["lead"] = self.pick(_LEADS[self.plot.when])
        if "{lead}" in self.opening or self.opening.startswith("One day"):   # "One sunny morning, ... That day, ..."
            self.open_lead, self.env["lead"] = self.env["lead"], self.pick(["That day", "Later that day", "Soon"])
        return a

    def say(self, who, *lines, verb=None):
        a = self.env["A"]
        if who == "{A}" and a.is_plural:   # one of them speaks: "said Tom", "said one of the ducks"
            who = self.pick(a.name.split(" and ")) if a.name else f"one of the {a.kind}"
        super().say(who, *lines, verb=verb)

    def tell(self):
        for kind, who, p, alts in self.data["body"]:
            if kind == "para":
                self.para()
            elif not self.chance(p):
                continue
            elif kind == "say":
                self.say(who, *alts)
            else:
                self.add(*alts)
        self.lesson(*self.data["lesson"])
        self.ritual(*self.data["ritual"])
        self.feel(*self.data["feel"])

    def compose(self):
        a = self.env["A"]
        template = self.opening
        forms = dict(desc=a.desc, name=a.name, home=a.home, move=a.move, moving=a.moving, place=a.place,
                     lead=getattr(self, "open_lead", ""), He=a.He, His=a.His, him=a.him, his=a.his, fdesc=self.fdesc)
        if self.fdesc and a.name:
            forms["desc"] = f"{a.desc} named {a.name}"
        forms.update(Home=_cap(forms["home"]), Desc=_cap(forms["desc"]))
        a.introduced = True
        if a.is_plural:   # "there were twins named Tom and Lily"
            template = re.sub(r"\b([Tt]here) (once )?was\b", r"\1 \2were", template)
            template = re.sub(r"\bwas once\b", "were once", template).replace("{His} name was", "Their names were")
            template = template.replace("{name} was", "{name} were").replace("was {moving}", "were {moving}")
        opening = template.format(**forms)
        trait = self.pick(self.data["trait"]) if self.data["trait"] and self.chance(0.7) else self.pick(_ANY_TRAITS)
        ending, unit = self.ending()
        # a plot told mostly in pronouns names its hero in the trait: twice at least after the opening
        told = " ".join(" ".join(p) for p in self.paras) + " " + unit
        first = a.name.split(" and ")[0]
        again = rf"\b{first}\b" if first else rf"\b[Tt]he (\w+ )?{a.kind}\b"
        if len(re.findall(again, told)) < 2:
            trait = self.pick(_NAMING_TRAITS).replace("{A}", first or f"the {a.kind}")
        paras = [[opening, self.render(trait)] + self.paras[0]] + [p for p in self.paras[1:] if p]
        if self.chance(0.5):
            paras[-1].append(unit)
        else:
            paras.append([unit])
        text = "\n".join(" ".join(p) for p in paras)
        if self.chance(0.5):
            for pattern, form in _CONTRACTIONS:
                text = pattern.sub(form, text)
        return _fix_articles(_cap(text)), template.split(",")[0], ending


_HEROES = _heroes.HEROES
_PLACE = {place["key"]: place for place in _heroes.PLACES}
_BY_GROUP = {group: [e for e in _HEROES if e["group"] == group] for group in _GROUP_WEIGHTS}
# within a group the kinds listed first are the common ones (a dog before a dachshund): drawn as real stories draw
# them, a few often and the rest now and then (weight 1 / rank^1.2), as the children's names are weighted above
_KIND_WEIGHT = {e["kind"]: 1 / (rank + 1) ** 1.2 for entries in _BY_GROUP.values() for rank, e in enumerate(entries)}
_TWINS = dict(kind="twin", plural="twins", group="kid", homes="house town village", looks="little happy busy",
              parts="hand, nose, foot", moves="run/ran/running, skip/skipped/skipping, play/played/playing",
              needs="hugs, snacks", sound="giggle/giggled")
_ANY_PLOTS = []
for _data in _read_plots(_plots.PLOTS):
    _any = _Plot(_data["name"], None, _data["when"], True, _data["when"] != "night", _data["weight"])
    _any.data = _data
    _ANY_PLOTS.append(_any)
_ANY_DRAW = [plot for plot in _ANY_PLOTS for _ in range(plot.weight)]


# ---------------------------------------------------------------------------------------------------------------
# the API

_META = {}   # story text -> meta; story_stats receives only text, but counts plots, openings, ... from here


_DRAW = [plot for plot in _PLOTS for _ in range(plot.weight)]   # r.choice over this draws plots by weight


def _one_story(r):
    """-> (text, meta) for one story drawn from r."""
    if r.random() < ANY_HERO_SHARE:
        plot = r.choice(_ANY_DRAW)
        s = _AnyStory(r, plot)
        s.cast_all()
        s.tell()
    else:
        plot = r.choice(_DRAW)
        s = _Story(r, plot)
        s.hero()
        plot.fn(s)
    text, opening, ending = s.compose()
    # the cast is who appears by name: a character cast but never named must not leave a stray pronoun either
    cast = {name or s.env[key].kind: pron for key, (name, pron) in s.cast.items()   # an unnamed one by its kind
            if name in text or name.capitalize() in text
            or isinstance(s.env[key], _Parent) and re.search(rf"\b{s.env[key].rel}\b", text)}
    hero = s.env["A"]
    meta = {"plot": plot.name, "opening": opening, "ending": ending, "connectors": s.connectors, "cast": cast,
            "hero": hero.name.split(" and ")[0] or hero.kind, "kind": hero.kind}
    return text, meta


_CAPITALISED = re.compile(r"\b[A-Z][a-z]+\b")


def child_names(text):
    """The distinct children's names (from this generator's own name lists) that text uses, in order of first use."""
    return [w for w in dict.fromkeys(_CAPITALISED.findall(text)) if w in _CHILD_NAMES]


def _keeps_its_hero(text, meta):
    # one child hero, named in the story, and at most one other named child (a friend): what the corpus teaches
    names = child_names(text)
    hero = meta["hero"]
    named = len(re.findall(rf"\b{re.escape(hero)}\b", text)) >= 2   # named again after the opening
    return len(names) <= 2 and (hero in names or hero not in _CHILD_NAMES) and (named or hero == meta["kind"])


def _generate(n_stories, seed):
    """-> ([text], [meta]), n distinct stories; duplicates and stories with more than two named children are
    skipped and more drawn from the same stream, so the result is deterministic and each list is a prefix of a
    longer one with the same seed."""
    r = random.Random(seed)
    texts, metas, seen = [], [], set()
    while len(texts) < n_stories:
        text, meta = _one_story(r)
        if text in seen or not _keeps_its_hero(text, meta):
            continue
        seen.add(text)
        texts.append(text)
        metas.append(meta)
    return texts, metas


def generate_stories(n_stories: int = 20000, seed: int = 1234) -> list:
    """n_stories distinct stories (no exact duplicates), deterministic for the seed."""
    texts, metas = _generate(n_stories, seed)
    _META.update(zip(texts, metas))
    return texts


_WORD = re.compile(r"[a-z]+(?:'[a-z]+)*")


def story_stats(stories: list) -> dict:
    """Counts over stories; plots, openings, connectors and endings are those the generator recorded for them
    (stories it did not make count as none)."""
    metas = [_META[s] for s in stories if s in _META]
    words = set()
    for story in stories:
        words.update(_WORD.findall(story.lower()))
    connectors = set()
    for m in metas:
        connectors.update(m["connectors"])
    eot_line = len(EOT.encode("utf-8")) + 2   # "\n<|endoftext|>\n" after each story
    return {
        "stories": len(stories),
        "distinct": len(set(stories)),
        "plot_shapes": len({m["plot"] for m in metas}),
        "openings": len({m["opening"] for m in metas}),
        "connectors": len(connectors),
        "endings": len({m["ending"] for m in metas}),
        "words": len(words),
        "bytes": sum(len(s.encode("utf-8")) + eot_line for s in stories),
    }


def corpus_version() -> str:
    """A short hash of this generator's source and its content (heroes.py, plots.py): data/tokens.py compares it
    with the one a corpus file was written with, and says when a corpus on disk is older than the generator."""
    here = Path(__file__).resolve().parent
    source = b"".join((here / name).read_bytes() for name in ("stories.py", "heroes.py", "plots.py"))
    return hashlib.sha256(source).hexdigest()[:12]


def write_corpus(path, n_stories: int = 20000, seed: int = 1234, log=print) -> dict:
    """Write the corpus in the TinyStories V2 format (each story, then a line <|endoftext|>) to path atomically,
    log one line with the counts, and return story_stats()."""
    path = os.fspath(path)
    stories = generate_stories(n_stories, seed)
    text = "".join(story + "\n" + EOT + "\n" for story in stories)
    write_atomically(path, text.encode("utf-8"))   # readers never see a half-written corpus
    write_atomically(path + ".version", corpus_version().encode("ascii"))   # which generator made it
    stats = story_stats(stories)
    log(f"built-in corpus: {stats['stories']} stories ({stats['distinct']} distinct), "
        f"{stats['plot_shapes']} plot shapes, {stats['openings']} openings, {stats['connectors']} connectors, "
        f"{stats['endings']} endings, {stats['words']} words, {stats['bytes'] / 1e6:.1f} MB -> {path}")
    return stats


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) > 2 or (argv and not argv[0].isdigit()):
        print("usage: python -m data.stories [N] [path]", file=sys.stderr)
        return 2
    n = int(argv[0]) if argv else 20000
    path = argv[1] if len(argv) > 1 else DEFAULT_PATH
    write_corpus(path, n)
    return 0


if __name__ == "__main__":
    sys.exit(main())
