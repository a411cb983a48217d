"""Who a built-in story can be about, and where: the catalogue data/stories.py's any-hero plots draw from.

Content only, written as tables a contributor can extend without reading the generator: one hero kind a line, one place
a line, one thing a line (a row too long for 120 characters breaks after a "|" and goes on, indented, in the next line).
(data/plots.py says what happens to them.)"""


def _table(text, fields):
    """Rows of "a | b | c" lines -> list of dicts with these field names; blank lines and lines starting with # skipped.

    A row too long for one line breaks after a "|": a line ending in "|" goes on in the next (indented) line."""
    rows, row = [], ""
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            assert not row, f"row broken off by a blank or comment line: {row!r}"
            continue
        row += line
        if row.endswith("|"):
            row += " "
            continue
        cells = [cell.strip() for cell in row.split("|")]
        names = " | ".join(fields)
        assert len(cells) == len(fields), f"expected {len(fields)} cells ({names}), got {len(cells)}: {row!r}"
        rows.append(dict(zip(fields, cells)))
        row = ""
    assert not row, f"last row ends in '|': {row!r}"
    return rows


# kind | plural | group | homes | looks | parts | moves | needs | sound
HEROES = _table("""
# kid: children and child-like heroes
girl | girls | kid | house village town | little happy kind brave curious cheerful | hand, foot, nose, hair |
    run/ran/running, skip/skipped/skipping, jump/jumped/jumping | hugs, cookies, milk | giggle/giggled
boy | boys | kid | house town park | little happy brave curious silly cheerful | hand, foot, nose, knee |
    run/ran/running, climb/climbed/climbing, jump/jumped/jumping | hugs, sandwiches, milk | laugh/laughed
kid | kids | kid | house school playground | little happy curious silly playful friendly | hand, foot, elbow |
    run/ran/running, hop/hopped/hopping, play/played/playing | snacks, hugs | giggle/giggled
princess | princesses | kid | castle magic_land | kind brave pretty gentle graceful sparkly | crown, dress, shoe |
    dance/danced/dancing, twirl/twirled/twirling, walk/walked/walking | tea, cake, friends | sing/sang
prince | princes | kid | castle magic_land village | brave kind tall noble cheerful polite | crown, cape, boot |
    ride/rode/riding, walk/walked/walking, bow/bowed/bowing | bread, apples, friends | laugh/laughed
pirate | pirates | kid | island sea harbor | bold jolly loud scruffy brave cheerful | hat, boot, patch |
    sail/sailed/sailing, dig/dug/digging, swing/swung/swinging | treasure, biscuits | cheer/cheered
knight | knights | kid | castle village hill | brave strong shiny kind bold loyal | helmet, shield, boot |
    ride/rode/riding, march/marched/marching | bread, apples | cheer/cheered
baby | babies | kid | house bedroom | tiny sweet chubby soft sleepy giggly | toe, cheek, nose, hand |
    crawl/crawled/crawling, wiggle/wiggled/wiggling | milk, naps, hugs | coo/cooed
toddler | toddlers | kid | house playroom park | tiny wobbly chubby cheerful curious busy | toe, hand, cheek |
    toddle/toddled/toddling, clap/clapped/clapping | milk, naps, hugs | giggle/giggled
cowboy | cowboys | kid | ranch desert | brave dusty tall cheerful friendly sunburnt jolly | hat, boot, belt |
    ride/rode/riding, rope/roped/roping | beans, water | whistle/whistled
cowgirl | cowgirls | kid | ranch desert | brave dusty quick cheerful friendly freckled bold | hat, boot, belt |
    ride/rode/riding, rope/roped/roping | beans, water | whistle/whistled
superhero | superheroes | kid | city town | brave strong fast mighty kind bold | cape, mask, boot |
    fly/flew/flying, zoom/zoomed/zooming, leap/leaped/leaping | courage, snacks | cheer/cheered
ballerina | ballerinas | kid | house school city | graceful light pink tiny gentle dainty twirly | toe, arm, skirt |
    dance/danced/dancing, spin/spun/spinning, twirl/twirled/twirling | music, practice | hum/hummed

# job: grown-up jobs
pilot | pilots | job | airport sky | brave calm smart careful friendly proud cheerful | hat, badge, glove |
    fly/flew/flying, steer/steered/steering | maps, coffee | whistle/whistled
farmer | farmers | job | farm ranch field | strong kind busy cheerful hardworking sunburnt jolly | hat, boot, glove |
    plant/planted/planting, dig/dug/digging | bread, eggs, milk | whistle/whistled
baker | bakers | job | bakery town village | jolly busy kind cheerful plump floury friendly | apron, hat, mitt |
    bake/baked/baking, mix/mixed/mixing | flour, sugar, butter | hum/hummed
doctor | doctors | job | hospital town city | kind calm smart gentle careful friendly patient | coat, badge, hand |
    help/helped/helping, listen/listened/listening | tea, rest | chuckle/chuckled
nurse | nurses | job | hospital town | kind gentle caring busy cheerful calm helpful | hand, badge, shoe |
    help/helped/helping, hurry/hurried/hurrying | tea, rest | hum/hummed
firefighter | firefighters | job | fire_station town city | brave strong quick helpful bold sooty tall |
    helmet, boot, coat | climb/climbed/climbing, spray/sprayed/spraying, rush/rushed/rushing | water, sandwiches |
    shout/shouted
police officer | police officers | job | town city street | brave kind helpful tall calm friendly careful |
    badge, hat, whistle | walk/walked/walking, help/helped/helping, drive/drove/driving | sandwiches, coffee |
    whistle/whistled
teacher | teachers | job | school town | kind smart patient cheerful gentle clever friendly | hand, eye, voice |
    teach/taught/teaching, read/read/reading, write/wrote/writing | books, tea, chalk | laugh/laughed
chef | chefs | job | kitchen city town | busy jolly round cheerful clever plump proud | hat, apron, hand |
    cook/cooked/cooking, stir/stirred/stirring, chop/chopped/chopping | spices, vegetables, butter | hum/hummed
painter | painters | job | town city house | messy cheerful clever colorful happy dreamy friendly | hand, apron, hat |
    paint/painted/painting, draw/drew/drawing | paint, paper | hum/hummed
sailor | sailors | job | sea harbor island | brave strong jolly cheerful tough salty sunburnt | hat, boot, arm |
    sail/sailed/sailing, row/rowed/rowing, climb/climbed/climbing | fish, water, wind | whistle/whistled
astronaut | astronauts | job | space | brave smart calm curious careful bold daring | helmet, boot, glove |
    float/floated/floating, fly/flew/flying | air, water, snacks | laugh/laughed
king | kings | job | castle magic_land | kind wise old jolly royal tall | crown, beard, robe |
    wave/waved/waving, walk/walked/walking | feasts, cake, tea | laugh/laughed
queen | queens | job | castle magic_land | kind wise graceful royal elegant gentle | crown, gown, hand |
    wave/waved/waving, walk/walked/walking | tea, cake, flowers | sing/sang
mail carrier | mail carriers | job | town street village | friendly busy quick cheerful helpful speedy kind |
    bag, cap, shoe | walk/walked/walking, deliver/delivered/delivering | letters, stamps | whistle/whistled
fisherman | fishermen | job | harbor lake river sea | patient quiet old jolly strong bearded calm | hat, boot, beard |
    fish/fished/fishing, row/rowed/rowing | worms, bait | whistle/whistled
builder | builders | job | town city road | strong busy helpful tough cheerful dusty handy | helmet, boot, glove |
    build/built/building, hammer/hammered/hammering, lift/lifted/lifting | bricks, nails, tools | whistle/whistled
zookeeper | zookeepers | job | zoo | kind busy cheerful gentle brave sunny friendly | hat, boot, hand |
    feed/fed/feeding, sweep/swept/sweeping | fruit, hay | whistle/whistled
clown | clowns | job | circus fairground | funny silly colorful jolly bouncy goofy | nose, shoe, wig, hat |
    juggle/juggled/juggling, tumble/tumbled/tumbling | balloons, laughs | honk/honked
magician | magicians | job | circus fairground castle | clever tall sparkly amazing grand mysterious funny |
    hat, cape, wand | wave/waved/waving, bow/bowed/bowing | cards, magic | chuckle/chuckled
dentist | dentists | job | town city | kind gentle careful clean cheerful calm friendly | glove, mask, hand |
    check/checked/checking, help/helped/helping | toothbrushes, tea | hum/hummed
vet | vets | job | town farm zoo | kind gentle caring patient calm friendly cheerful | hand, coat, bag |
    help/helped/helping, pet/petted/petting | treats, bandages | chuckle/chuckled
librarian | librarians | job | library | quiet kind smart gentle patient tidy clever | hand, eye, sweater |
    read/read/reading, stack/stacked/stacking | books, tea | whisper/whispered
gardener | gardeners | job | garden park | patient kind muddy cheerful busy sunburnt gentle | glove, hat, boot |
    dig/dug/digging, plant/planted/planting, water/watered/watering | seeds, water, sunshine | whistle/whistled
mechanic | mechanics | job | garage town | clever greasy busy strong handy cheerful grimy | glove, hand, cap |
    fix/fixed/fixing, twist/twisted/twisting | tools, oil | whistle/whistled
bus driver | bus drivers | job | town city road | friendly cheerful patient careful jolly kind calm | hand, cap, badge |
    drive/drove/driving, steer/steered/steering | coffee, sandwiches | hum/hummed
lifeguard | lifeguards | job | beach sea | strong fast brave tanned alert tall cheerful | whistle, hat, arm |
    swim/swam/swimming, run/ran/running | water, sunscreen | whistle/whistled
scientist | scientists | job | city school | smart curious clever careful busy cheerful patient | coat, glove, hand |
    mix/mixed/mixing, look/looked/looking | books, notebooks | hum/hummed
explorer | explorers | job | jungle mountain desert | brave curious bold tough adventurous dusty cheerful |
    hat, boot, pack | hike/hiked/hiking, climb/climbed/climbing | maps, water, snacks | whistle/whistled
captain | captains | job | sea harbor | brave wise bold jolly proud tall salty | hat, beard, coat |
    steer/steered/steering, sail/sailed/sailing | tea, fish | call/called
singer | singers | job | city town | happy loud cheerful sparkly famous graceful lively | voice, hand, shoe |
    sing/sang/singing, dance/danced/dancing | music, honey, water | sing/sang
shopkeeper | shopkeepers | job | town village | friendly busy kind jolly round cheerful helpful | apron, hand, hat |
    sell/sold/selling, count/counted/counting | tea, coins | hum/hummed
train driver | train drivers | job | station town | cheerful careful proud busy jolly friendly sooty |
    cap, glove, whistle | drive/drove/driving, wave/waved/waving | tea, sandwiches | whistle/whistled
park ranger | park rangers | job | forest park mountain | kind brave calm strong friendly patient sunburnt |
    hat, badge, boot | hike/hiked/hiking, walk/walked/walking | maps, water | whistle/whistled

# pet
dog | dogs | pet | house backyard park | friendly fluffy brown happy loyal playful | tail, paw, nose, ear |
    run/ran/running, wag/wagged/wagging, dig/dug/digging | bones, treats, water | bark/barked
cat | cats | pet | house backyard | soft fluffy sleepy clever orange curious | tail, paw, whisker, ear |
    pounce/pounced/pouncing, climb/climbed/climbing, nap/napped/napping | milk, fish | meow/meowed
puppy | puppies | pet | house backyard park | tiny fluffy playful silly cuddly bouncy | tail, paw, ear, nose |
    wag/wagged/wagging, roll/rolled/rolling, chase/chased/chasing | milk, treats, hugs | yip/yipped
kitten | kittens | pet | house bedroom | tiny soft fluffy playful cuddly curious | paw, whisker, tail |
    pounce/pounced/pouncing, tumble/tumbled/tumbling | milk, naps | mew/mewed
bunny | bunnies | pet | garden meadow house | soft fluffy white cuddly tiny quick | ear, nose, tail, paw |
    hop/hopped/hopping, wiggle/wiggled/wiggling | carrots, lettuce, clover | thump/thumped
hamster | hamsters | pet | house bedroom | tiny round fluffy chubby busy golden | cheek, paw, whisker |
    scurry/scurried/scurrying, roll/rolled/rolling | seeds, nuts | squeak/squeaked
goldfish | goldfish | pet | house pond | little orange shiny golden quick tiny sleek | fin, tail, scale |
    swim/swam/swimming, dart/darted/darting | flakes, water | bubble/bubbled
guinea pig | guinea pigs | pet | house school | chubby fluffy round soft brown tiny squeaky | nose, ear, paw, whisker |
    scurry/scurried/scurrying, munch/munched/munching | hay, carrots, lettuce | squeak/squeaked
turtle | turtles | pet | pond house river | slow green patient wise little shy sleepy | shell, foot, head, tail |
    crawl/crawled/crawling, swim/swam/swimming | lettuce, berries | hum/hummed
gerbil | gerbils | pet | house school | tiny quick sandy brown busy fuzzy curious | tail, paw, whisker |
    dig/dug/digging, scamper/scampered/scampering | seeds, nuts | squeak/squeaked
ferret | ferrets | pet | house | long slinky playful bouncy curious furry | tail, paw, nose |
    wiggle/wiggled/wiggling, dash/dashed/dashing | treats, water | squeak/squeaked
lizard | lizards | pet | house desert | green scaly quick tiny spotted sleepy scaly-backed | tail, tongue, foot |
    scurry/scurried/scurrying, bask/basked/basking | bugs, sunshine | hiss/hissed
poodle | poodles | pet | house city | fluffy curly white fancy proud bouncy | tail, ear, paw |
    prance/pranced/prancing, trot/trotted/trotting | treats, water | yap/yapped
chinchilla | chinchillas | pet | house pet_shop | soft gray fluffy tiny round cuddly shy | ear, tail, whisker |
    hop/hopped/hopping, roll/rolled/rolling | hay, seeds | squeak/squeaked

# farm
cow | cows | farm | farm field barn | big black white spotted gentle slow | tail, horn, hoof, ear |
    graze/grazed/grazing, chew/chewed/chewing | grass, hay | moo/mooed
bull | bulls | farm | ranch farm field | big strong brown mighty heavy proud | horn, hoof, tail, nose |
    stomp/stomped/stomping, snort/snorted/snorting, run/ran/running | grass, hay | bellow/bellowed
calf | calves | farm | farm barn field | little wobbly brown soft gentle sleepy curious | ear, tail, hoof |
    wobble/wobbled/wobbling, skip/skipped/skipping | milk, grass | moo/mooed
pig | pigs | farm | farm barn | pink round muddy chubby happy plump | snout, tail, ear, hoof |
    roll/rolled/rolling, trot/trotted/trotting | corn, apples, mud | oink/oinked
piglet | piglets | farm | farm barn | tiny pink muddy chubby silly happy squeaky | snout, tail, ear |
    squeal/squealed/squealing, wiggle/wiggled/wiggling | milk, corn | squeal/squealed
sheep | sheep | farm | farm field hill | woolly white fluffy soft gentle round sleepy | wool, hoof, ear, tail |
    graze/grazed/grazing, wander/wandered/wandering | grass, clover | baa/baaed
lamb | lambs | farm | farm meadow hill | tiny woolly white fluffy soft bouncy | ear, tail, hoof |
    skip/skipped/skipping, hop/hopped/hopping | milk, grass | bleat/bleated
horse | horses | farm | farm ranch field | tall strong brown fast proud shiny | mane, tail, hoof |
    gallop/galloped/galloping, trot/trotted/trotting | hay, oats, apples | neigh/neighed
pony | ponies | farm | farm field ranch | little brown shaggy cheerful gentle fuzzy playful | mane, tail, hoof |
    trot/trotted/trotting, gallop/galloped/galloping | hay, carrots, apples | neigh/neighed
foal | foals | farm | farm field ranch | little wobbly brown shy gentle leggy curious | mane, tail, leg |
    wobble/wobbled/wobbling, prance/pranced/prancing | milk, grass | whinny/whinnied
goat | goats | farm | farm hill mountain | white hungry funny stubborn bouncy scruffy nimble | horn, beard, hoof |
    climb/climbed/climbing, hop/hopped/hopping, munch/munched/munching | grass, leaves | bleat/bleated
donkey | donkeys | farm | farm field village | gray patient strong fuzzy gentle stubborn | ear, tail, hoof |
    trot/trotted/trotting, plod/plodded/plodding | hay, carrots | bray/brayed
chicken | chickens | farm | farm barn backyard | brown busy fluffy plump cheerful clucky speckled |
    wing, beak, feather | peck/pecked/pecking, scratch/scratched/scratching | corn, seeds | cluck/clucked
hen | hens | farm | farm barn | brown busy plump proud warm speckled fluffy | wing, beak, feather |
    peck/pecked/pecking, scratch/scratched/scratching | corn, seeds, worms | cluck/clucked
rooster | roosters | farm | farm barn | proud loud red bright tall bossy colorful | comb, wing, beak, tail |
    strut/strutted/strutting, flap/flapped/flapping | corn, seeds | crow/crowed
chick | chicks | farm | farm barn | tiny yellow fluffy soft fuzzy wobbly chirpy | beak, wing, foot |
    peep/peeped/peeping, hop/hopped/hopping | seeds, crumbs | peep/peeped
turkey | turkeys | farm | farm field | big brown round proud feathery funny plump | wing, tail, feather |
    strut/strutted/strutting, gobble/gobbled/gobbling | corn, seeds | gobble/gobbled
goose | geese | farm | farm pond | white loud proud big bossy honking grumpy | wing, beak, foot |
    waddle/waddled/waddling, swim/swam/swimming | grass, corn | honk/honked
llama | llamas | farm | farm mountain ranch | tall woolly fluffy funny proud shaggy gentle | neck, ear, hoof |
    walk/walked/walking, chew/chewed/chewing | grass, hay | hum/hummed
alpaca | alpacas | farm | farm mountain | fluffy soft white woolly gentle silly | neck, ear, hoof |
    trot/trotted/trotting, munch/munched/munching | grass, hay | hum/hummed
ox | oxen | farm | farm field | big strong brown slow patient heavy | horn, hoof, tail |
    pull/pulled/pulling, plod/plodded/plodding | hay, grass | moo/mooed
sheepdog | sheepdogs | farm | farm hill | shaggy fluffy quick clever loyal bouncy friendly | tail, paw, ear |
    run/ran/running, herd/herded/herding | bones, water | woof/woofed

# forest
bear | bears | forest | forest mountain cave | big brown furry strong sleepy cuddly | paw, nose, ear, claw |
    lumber/lumbered/lumbering, climb/climbed/climbing | honey, berries, fish | growl/growled
bear cub | bear cubs | forest | forest cave | little brown fuzzy round playful cuddly curious | paw, nose, ear |
    tumble/tumbled/tumbling, climb/climbed/climbing | honey, berries | grunt/grunted
fox | foxes | forest | forest meadow field | red quick clever bushy sly sleek orange | tail, ear, paw, nose |
    trot/trotted/trotting, pounce/pounced/pouncing | berries, bugs | yip/yipped
wolf | wolves | forest | forest mountain | gray shaggy strong wild loyal howly proud | tail, ear, paw, nose |
    run/ran/running, prowl/prowled/prowling | berries, water | howl/howled
deer | deer | forest | forest meadow | gentle brown quiet graceful shy speckled swift | antler, hoof, ear, tail |
    leap/leaped/leaping, graze/grazed/grazing | grass, leaves, acorns | snort/snorted
fawn | fawns | forest | forest meadow | little spotted shy wobbly soft sleepy curious | ear, hoof, tail, nose |
    wobble/wobbled/wobbling, leap/leaped/leaping | milk, grass | bleat/bleated
moose | moose | forest | forest lake swamp | big brown tall heavy mighty gentle shaggy | antler, nose, hoof |
    stomp/stomped/stomping, wade/waded/wading | leaves, twigs | bellow/bellowed
elk | elk | forest | forest mountain | big brown tall proud strong shaggy mighty | antler, hoof, ear |
    trot/trotted/trotting, graze/grazed/grazing | grass, leaves | bellow/bellowed
squirrel | squirrels | forest | forest park backyard | quick bushy brown busy tiny cheeky fluffy | tail, paw, ear |
    scamper/scampered/scampering, climb/climbed/climbing, leap/leaped/leaping | acorns, nuts, seeds | chatter/chattered
chipmunk | chipmunks | forest | forest garden | tiny striped quick busy chubby cheeky stripy | cheek, tail, paw |
    scurry/scurried/scurrying, dig/dug/digging | nuts, seeds, berries | chirp/chirped
rabbit | rabbits | forest | forest meadow field | quick brown soft shy fluffy floppy-eared gentle |
    ear, tail, paw, nose | hop/hopped/hopping, dig/dug/digging | carrots, clover, grass | thump/thumped
hare | hares | forest | field meadow | fast long brown lean quick swift nimble | ear, leg, tail |
    race/raced/racing, leap/leaped/leaping | grass, clover | thump/thumped
hedgehog | hedgehogs | forest | forest garden | small prickly round brown shy sleepy spiky | spine, nose, foot |
    roll/rolled/rolling, snuffle/snuffled/snuffling | bugs, berries, worms | sniff/sniffed
badger | badgers | forest | forest hill | striped gray grumpy strong busy sturdy sleepy | stripe, claw, nose |
    dig/dug/digging, shuffle/shuffled/shuffling | worms, berries, roots | grunt/grunted
raccoon | raccoons | forest | forest backyard town | striped gray curious clever masked sneaky chubby |
    tail, paw, mask | sneak/sneaked/sneaking, climb/climbed/climbing | berries, fish, crumbs | chatter/chattered
skunk | skunks | forest | forest meadow | black white striped shy fluffy stripy gentle | tail, stripe, paw |
    waddle/waddled/waddling, dig/dug/digging | bugs, berries | squeak/squeaked
beaver | beavers | forest | river pond forest | brown busy strong clever toothy hardworking chubby | tooth, tail, paw |
    chew/chewed/chewing, build/built/building, swim/swam/swimming | sticks, bark, leaves | slap/slapped
porcupine | porcupines | forest | forest | prickly brown slow shy round spiky grumpy | quill, nose, paw |
    waddle/waddled/waddling, climb/climbed/climbing | bark, leaves | grunt/grunted
mouse | mice | forest | house field barn | tiny gray quick shy soft squeaky whiskery | whisker, tail, ear |
    scurry/scurried/scurrying, nibble/nibbled/nibbling | cheese, crumbs, seeds | squeak/squeaked
mole | moles | forest | garden field meadow | small velvety dark sleepy shy tiny busy | nose, paw, claw |
    dig/dug/digging, tunnel/tunneled/tunneling | worms, bugs | sniff/sniffed
bat | bats | forest | cave forest | small dark fuzzy quick upside-down sleepy clever | wing, ear, foot |
    flap/flapped/flapping, swoop/swooped/swooping, hang/hung/hanging | bugs, fruit | squeak/squeaked
opossum | opossums | forest | forest backyard | gray sleepy shy fuzzy small curious clever | tail, nose, ear |
    climb/climbed/climbing, hang/hung/hanging | berries, bugs | hiss/hissed
boar | boars | forest | forest | big hairy brown strong grumpy tusky bristly | tusk, snout, hoof |
    trot/trotted/trotting, root/rooted/rooting | acorns, roots | grunt/grunted
weasel | weasels | forest | forest field | small quick slim brown sneaky sleek cheeky | tail, nose, paw |
    dash/dashed/dashing, wriggle/wriggled/wriggling | eggs, bugs | squeak/squeaked
groundhog | groundhogs | forest | field meadow | brown chubby sleepy round furry fuzzy shy | nose, tooth, paw |
    dig/dug/digging, peek/peeked/peeking | clover, grass | whistle/whistled
bobcat | bobcats | forest | forest mountain | spotted quick quiet tan wild fuzzy sleek | ear, tail, paw, whisker |
    creep/crept/creeping, pounce/pounced/pouncing | fish, water | purr/purred
reindeer | reindeer | forest | north_pole forest | brown strong tall fuzzy gentle speedy proud | antler, hoof, nose |
    pull/pulled/pulling, trot/trotted/trotting | moss, hay | snort/snorted

# wild: jungle, savanna and zoo animals
lion | lions | wild | savanna zoo | big golden strong mighty proud brave | mane, tail, paw, nose |
    prowl/prowled/prowling, pounce/pounced/pouncing | meat, water | roar/roared
tiger | tigers | wild | jungle zoo | big orange striped strong fast proud | stripe, tail, paw, whisker |
    prowl/prowled/prowling, leap/leaped/leaping, swim/swam/swimming | meat, water | roar/roared
elephant | elephants | wild | savanna jungle zoo | big gray huge gentle wise wrinkly | trunk, ear, tusk, tail |
    stomp/stomped/stomping, splash/splashed/splashing | peanuts, grass, water | trumpet/trumpeted
giraffe | giraffes | wild | savanna zoo | tall spotted gentle long graceful gangly friendly | neck, leg, tongue, spot |
    stretch/stretched/stretching, nibble/nibbled/nibbling | leaves, twigs | hum/hummed
zebra | zebras | wild | savanna zoo | striped black white quick shy stripy speedy | stripe, mane, hoof, tail |
    gallop/galloped/galloping, graze/grazed/grazing | grass, water | bark/barked
monkey | monkeys | wild | jungle zoo | silly brown playful cheeky quick curious | tail, hand, ear |
    swing/swung/swinging, climb/climbed/climbing, jump/jumped/jumping | bananas, fruit | chatter/chattered
gorilla | gorillas | wild | jungle zoo | big strong black gentle mighty gentle-eyed wise | arm, chest, hand |
    thump/thumped/thumping, climb/climbed/climbing | leaves, fruit | grunt/grunted
chimpanzee | chimpanzees | wild | jungle zoo | clever playful brown noisy curious cheeky lively | hand, ear, arm |
    swing/swung/swinging, climb/climbed/climbing | fruit, bananas | hoot/hooted
hippo | hippos | wild | river savanna zoo | big gray round heavy muddy happy | mouth, ear, tooth |
    wallow/wallowed/wallowing, splash/splashed/splashing | grass, water | grunt/grunted
rhinoceros | rhinoceroses | wild | savanna zoo | big gray strong mighty heavy wrinkly grumpy | horn, tail, ear |
    stomp/stomped/stomping, run/ran/running | grass, leaves | snort/snorted
crocodile | crocodiles | wild | river swamp | long green bumpy toothy lazy sneaky scaly | tail, tooth, eye |
    swim/swam/swimming, float/floated/floating, crawl/crawled/crawling | fish, water | hiss/hissed
alligator | alligators | wild | swamp river | long green bumpy sleepy big toothy lazy | tail, snout, tooth |
    swim/swam/swimming, crawl/crawled/crawling | fish, sunshine | hiss/hissed
kangaroo | kangaroos | wild | savanna zoo | tall brown bouncy strong quick speedy friendly | pouch, tail, leg, ear |
    hop/hopped/hopping, bounce/bounced/bouncing | grass, leaves | thump/thumped
koala | koalas | wild | forest zoo | gray fuzzy sleepy cuddly round chubby drowsy | ear, nose, claw |
    climb/climbed/climbing, cling/clung/clinging, nap/napped/napping | leaves | grunt/grunted
panda | pandas | wild | forest mountain zoo | black white fluffy chubby gentle cuddly sleepy | paw, ear, patch |
    roll/rolled/rolling, munch/munched/munching, climb/climbed/climbing | bamboo | bleat/bleated
polar bear | polar bears | wild | north_pole zoo | big white fluffy strong cuddly furry mighty | paw, nose, ear |
    swim/swam/swimming, slide/slid/sliding, lumber/lumbered/lumbering | fish, snow | growl/growled
camel | camels | wild | desert zoo | tall sandy lumpy patient thirsty humpy calm | hump, foot, neck |
    plod/plodded/plodding, walk/walked/walking | water, dates, grass | grumble/grumbled
cheetah | cheetahs | wild | savanna zoo | fast spotted golden sleek quick speedy lean | spot, tail, paw |
    sprint/sprinted/sprinting, dash/dashed/dashing | meat, water | purr/purred
leopard | leopards | wild | jungle savanna | spotted golden quiet strong sleek sneaky graceful |
    spot, tail, paw, whisker | climb/climbed/climbing, creep/crept/creeping | meat, water | growl/growled
jaguar | jaguars | wild | jungle | spotted strong golden quiet sleek sneaky mighty | spot, tail, paw |
    swim/swam/swimming, prowl/prowled/prowling | fish, water | roar/roared
meerkat | meerkats | wild | desert savanna zoo | small sandy curious alert busy nosy | tail, paw, nose |
    dig/dug/digging, peek/peeked/peeking, stand/stood/standing | bugs, seeds | chirp/chirped
lemur | lemurs | wild | jungle island zoo | striped fluffy bouncy wide-eyed gray curious cheeky | tail, ear, hand |
    leap/leaped/leaping, dance/danced/dancing | fruit, leaves | chatter/chattered
sloth | sloths | wild | jungle | slow sleepy shaggy gentle smiley fuzzy drowsy | claw, arm, nose |
    hang/hung/hanging, climb/climbed/climbing, nap/napped/napping | leaves | yawn/yawned
orangutan | orangutans | wild | jungle zoo | orange shaggy wise gentle long-armed shaggy-haired calm | arm, hand, face |
    swing/swung/swinging, climb/climbed/climbing | fruit, leaves | hoot/hooted
baboon | baboons | wild | savanna zoo | loud cheeky brown noisy bold grumpy | tail, hand, nose |
    scamper/scampered/scampering, climb/climbed/climbing | fruit, seeds | bark/barked
warthog | warthogs | wild | savanna | bumpy gray funny tough hairy bristly cheerful | tusk, snout, tail |
    trot/trotted/trotting, dig/dug/digging | grass, roots | grunt/grunted
buffalo | buffaloes | wild | savanna river | big black strong heavy shaggy mighty grumpy | horn, hoof, tail |
    stomp/stomped/stomping, wade/waded/wading | grass, water | bellow/bellowed
bison | bison | wild | field ranch mountain | big brown shaggy strong mighty woolly sturdy | horn, hump, hoof |
    stomp/stomped/stomping, graze/grazed/grazing | grass | bellow/bellowed
gazelle | gazelles | wild | savanna | quick light tan graceful shy speedy slender | horn, leg, tail |
    leap/leaped/leaping, dash/dashed/dashing | grass, leaves | bleat/bleated
antelope | antelopes | wild | savanna | quick brown graceful shy slender speedy nimble | horn, hoof, ear |
    leap/leaped/leaping, run/ran/running | grass, water | snort/snorted
snake | snakes | wild | jungle desert zoo | long green slithery smooth quiet slinky sleepy | tail, tongue, scale |
    slither/slithered/slithering, curl/curled/curling | eggs, sunshine | hiss/hissed
tortoise | tortoises | wild | desert zoo island | slow old wise patient wrinkly sturdy sleepy | shell, foot, head |
    crawl/crawled/crawling, plod/plodded/plodding | lettuce, flowers, grass | hum/hummed
armadillo | armadillos | wild | desert | small armored gray bumpy shy sturdy curious | shell, nose, claw |
    roll/rolled/rolling, dig/dug/digging | bugs, worms | snuffle/snuffled
anteater | anteaters | wild | jungle savanna | long shaggy gray slow odd curious sniffly | snout, tongue, claw |
    sniff/sniffed/sniffing, dig/dug/digging | ants, bugs | snort/snorted
wombat | wombats | wild | forest zoo | round chubby brown sturdy sleepy fuzzy stubby | nose, paw, claw |
    dig/dug/digging, waddle/waddled/waddling | grass, roots | grunt/grunted
yak | yaks | wild | mountain | big shaggy brown strong woolly gentle | horn, hoof, tail |
    plod/plodded/plodding, climb/climbed/climbing | grass, moss | grunt/grunted
chameleon | chameleons | wild | jungle zoo | green colorful slow curly shy bumpy sleepy | tail, tongue, eye |
    creep/crept/creeping, change/changed/changing | bugs, sunshine | hiss/hissed
iguana | iguanas | wild | jungle island | green spiky scaly sunny calm sleepy bumpy | tail, spike, claw |
    bask/basked/basking, climb/climbed/climbing | leaves, flowers | hiss/hissed
red panda | red pandas | wild | forest mountain zoo | red fluffy fuzzy playful small cuddly bushy | tail, ear, paw |
    climb/climbed/climbing, tumble/tumbled/tumbling | bamboo, berries | squeak/squeaked
snow leopard | snow leopards | wild | mountain zoo | white spotted fluffy quiet graceful sleek shy | tail, paw, spot |
    leap/leaped/leaping, creep/crept/creeping | meat, water | purr/purred
mountain goat | mountain goats | wild | mountain | white shaggy brave nimble sure-footed sturdy bouncy |
    horn, hoof, beard | climb/climbed/climbing, leap/leaped/leaping | grass, moss | bleat/bleated
arctic fox | arctic foxes | wild | north_pole | white fluffy small quick clever fuzzy bushy | tail, ear, paw |
    pounce/pounced/pouncing, trot/trotted/trotting | berries, fish | yip/yipped
wallaby | wallabies | wild | savanna zoo | small brown bouncy quick shy fuzzy curious | pouch, tail, ear |
    hop/hopped/hopping, bounce/bounced/bouncing | grass, leaves | thump/thumped
dinosaur | dinosaurs | wild | jungle volcano magic_land | huge green scaly mighty enormous gentle |
    tail, claw, tooth, spike | stomp/stomped/stomping, roar/roared/roaring | leaves, ferns | roar/roared

# sea: sea, river and pond creatures
fish | fish | sea | sea river pond | little shiny silver quick slippery speckled darting | fin, tail, scale, gill |
    swim/swam/swimming, dart/darted/darting | bugs, worms | bubble/bubbled
whale | whales | sea | sea | huge blue gentle enormous mighty gray wise | tail, fin, spout |
    swim/swam/swimming, dive/dove/diving, splash/splashed/splashing | krill, fish | sing/sang
dolphin | dolphins | sea | sea reef | gray smooth playful clever friendly sleek speedy | fin, tail, nose |
    swim/swam/swimming, leap/leaped/leaping, dive/dove/diving | fish | click/clicked
shark | sharks | sea | sea reef | gray big sleek quick toothy hungry sharp-toothed | fin, tail, tooth |
    swim/swam/swimming, glide/glided/gliding | fish | splash/splashed
octopus | octopuses | sea | sea reef | purple squishy clever wiggly soft curious eight-armed | arm, eye, head |
    swim/swam/swimming, squirt/squirted/squirting, hide/hid/hiding | crabs, shrimp | bubble/bubbled
crab | crabs | sea | beach reef sea | red small snappy busy bumpy sideways grumpy | claw, leg, shell |
    scuttle/scuttled/scuttling, dig/dug/digging | seaweed, crumbs | click/clicked
lobster | lobsters | sea | sea reef | red big bumpy strong grumpy snappy spiny | claw, tail, feeler |
    crawl/crawled/crawling, scuttle/scuttled/scuttling | fish, seaweed | click/clicked
starfish | starfish | sea | beach reef sea | orange pink bumpy little pointy spiky slow | arm, point, spot |
    crawl/crawled/crawling, cling/clung/clinging | clams, shells | hum/hummed
seahorse | seahorses | sea | reef sea | tiny curly golden gentle shy little spotted | tail, snout, fin |
    bob/bobbed/bobbing, drift/drifted/drifting | shrimp | click/clicked
jellyfish | jellyfish | sea | sea reef | squishy clear pink glowing wobbly floaty gentle | bell, tentacle |
    float/floated/floating, drift/drifted/drifting, pulse/pulsed/pulsing | shrimp | bubble/bubbled
seal | seals | sea | beach sea north_pole | gray smooth sleek plump playful whiskery chubby |
    flipper, whisker, nose, tail | swim/swam/swimming, flop/flopped/flopping, slide/slid/sliding | fish | bark/barked
sea lion | sea lions | sea | beach harbor zoo | brown sleek loud playful smooth noisy clever | flipper, whisker, nose |
    swim/swam/swimming, flop/flopped/flopping, balance/balanced/balancing | fish | bark/barked
walrus | walruses | sea | north_pole beach | big brown wrinkly heavy whiskery tusky grumpy | tusk, whisker, flipper |
    flop/flopped/flopping, swim/swam/swimming | clams, fish | bellow/bellowed
otter | otters | sea | river lake sea | brown sleek playful clever furry fuzzy wiggly | paw, tail, whisker |
    swim/swam/swimming, float/floated/floating, slide/slid/sliding | fish, clams | squeak/squeaked
sea turtle | sea turtles | sea | sea beach reef | green old wise slow gentle patient shelled | shell, flipper, head |
    swim/swam/swimming, glide/glided/gliding, crawl/crawled/crawling | seaweed, jellyfish | hum/hummed
clam | clams | sea | beach sea | small round shy quiet bumpy sleepy | shell, foot |
    dig/dug/digging, squirt/squirted/squirting | water | hum/hummed
shrimp | shrimp | sea | sea reef | tiny pink wiggly quick curly see-through speedy | tail, leg, feeler |
    swim/swam/swimming, scoot/scooted/scooting | seaweed | click/clicked
stingray | stingrays | sea | sea reef | flat gray smooth wide gentle graceful quiet | wing, tail, fin |
    glide/glided/gliding, flap/flapped/flapping | shrimp, clams | swish/swished
squid | squid | sea | sea | long squishy quick pale shy wiggly clever | arm, eye, fin |
    swim/swam/swimming, squirt/squirted/squirting | shrimp, fish | bubble/bubbled
pufferfish | pufferfish | sea | reef sea | round spiky yellow puffy silly prickly grumpy | fin, spike, tail |
    swim/swam/swimming, puff/puffed/puffing | shrimp, seaweed | puff/puffed
clownfish | clownfish | sea | reef | orange striped small bright brave cheerful quick | fin, stripe, tail |
    swim/swam/swimming, dart/darted/darting | shrimp | bubble/bubbled
narwhal | narwhals | sea | sea north_pole | gray spotted gentle shy magical pale graceful | tusk, tail, flipper |
    swim/swam/swimming, dive/dove/diving | fish | click/clicked
manatee | manatees | sea | river sea | gray slow gentle round chubby whiskery sleepy | flipper, tail, whisker |
    float/floated/floating, glide/glided/gliding | seaweed, grass | squeak/squeaked
frog | frogs | sea | pond swamp garden | green slimy bumpy jumpy little speckled croaky | leg, tongue, eye |
    hop/hopped/hopping, leap/leaped/leaping, swim/swam/swimming | bugs, flies | croak/croaked
toad | toads | sea | pond garden swamp | brown bumpy lumpy fat sleepy warty grumpy | leg, tongue, eye |
    hop/hopped/hopping, sit/sat/sitting | bugs, worms | croak/croaked
tadpole | tadpoles | sea | pond | tiny black wiggly quick round wriggly little | tail, head |
    wiggle/wiggled/wiggling, swim/swam/swimming | plants, water | bubble/bubbled
salmon | salmon | sea | river sea | silver pink strong shiny quick sleek speckled | fin, tail, scale |
    swim/swam/swimming, leap/leaped/leaping | bugs, shrimp | splash/splashed
catfish | catfish | sea | river pond lake | gray whiskery slow lazy muddy slimy grumpy | whisker, fin, tail |
    swim/swam/swimming, glide/glided/gliding | worms, bugs | bubble/bubbled
minnow | minnows | sea | river pond | tiny silver quick shiny shy speedy little | fin, tail, scale |
    dart/darted/darting, swim/swam/swimming | bugs, crumbs | bubble/bubbled
eel | eels | sea | sea river reef | long slippery wiggly smooth shy slimy quick | tail, fin, head |
    wriggle/wriggled/wriggling, swim/swam/swimming | shrimp, worms | bubble/bubbled
platypus | platypuses | sea | river | brown furry funny odd small curious webbed | bill, tail, foot |
    swim/swam/swimming, paddle/paddled/paddling | worms, shrimp | grumble/grumbled

# bird
bird | birds | bird | forest garden park | small bright cheerful feathery quick chirpy tiny |
    wing, beak, feather, tail | fly/flew/flying, hop/hopped/hopping, sing/sang/singing | seeds, worms, crumbs |
    tweet/tweeted
owl | owls | bird | forest barn | wise brown fluffy sleepy round feathery clever | wing, beak, eye, feather |
    fly/flew/flying, swoop/swooped/swooping, blink/blinked/blinking | bugs, moonlight | hoot/hooted
eagle | eagles | bird | mountain sky | big brown proud strong mighty fierce sharp-eyed | wing, beak, claw, feather |
    soar/soared/soaring, swoop/swooped/swooping | fish | screech/screeched
parrot | parrots | bird | jungle island pet_shop | green bright colorful chatty clever loud |
    wing, beak, feather, tail | fly/flew/flying, talk/talked/talking, perch/perched/perching | seeds, fruit, crackers |
    squawk/squawked
penguin | penguins | bird | south_pole zoo | black white chubby cute funny waddly sleek | flipper, beak, foot, belly |
    waddle/waddled/waddling, slide/slid/sliding, swim/swam/swimming | fish | squawk/squawked
robin | robins | bird | garden backyard park | red cheerful small plump bright chirpy round | wing, beak, breast, tail |
    hop/hopped/hopping, fly/flew/flying, sing/sang/singing | worms, berries | chirp/chirped
sparrow | sparrows | bird | town garden street | small brown busy quick chirpy speckled cheeky | wing, beak, tail |
    hop/hopped/hopping, flutter/fluttered/fluttering | seeds, crumbs | chirp/chirped
duck | ducks | bird | pond farm lake | yellow white waddly happy fluffy quacky plump | wing, bill, foot, feather |
    waddle/waddled/waddling, swim/swam/swimming, paddle/paddled/paddling | bread, bugs, weeds | quack/quacked
duckling | ducklings | bird | pond farm | tiny yellow fluffy soft fuzzy waddly wobbly | wing, bill, foot |
    waddle/waddled/waddling, paddle/paddled/paddling | bugs, seeds | peep/peeped
swan | swans | bird | lake pond river | white graceful elegant proud gentle snowy quiet | neck, wing, feather |
    glide/glided/gliding, swim/swam/swimming | weeds, grass | honk/honked
pelican | pelicans | bird | beach harbor sea | big white funny hungry clumsy pouchy sleepy | beak, pouch, wing |
    dive/dove/diving, flap/flapped/flapping | fish | grunt/grunted
flamingo | flamingos | bird | swamp lake zoo | pink tall skinny graceful bright leggy elegant | leg, neck, beak, wing |
    wade/waded/wading, balance/balanced/balancing | shrimp | honk/honked
crow | crows | bird | field town forest | black shiny clever bold noisy glossy cheeky | wing, beak, feather |
    hop/hopped/hopping, fly/flew/flying | seeds, corn | caw/cawed
pigeon | pigeons | bird | city street town | gray plump busy friendly shiny cooing chubby | wing, beak, foot |
    strut/strutted/strutting, peck/pecked/pecking, fly/flew/flying | crumbs, seeds | coo/cooed
hummingbird | hummingbirds | bird | garden jungle | tiny quick shiny green buzzy speedy sparkly | wing, beak, feather |
    hover/hovered/hovering, zip/zipped/zipping | nectar | hum/hummed
woodpecker | woodpeckers | bird | forest | red busy noisy striped bold clever | beak, wing, tail |
    peck/pecked/pecking, tap/tapped/tapping, climb/climbed/climbing | bugs, seeds | drum/drummed
blue jay | blue jays | bird | forest backyard park | blue bold bright loud clever noisy cheeky | wing, beak, crest |
    fly/flew/flying, hop/hopped/hopping | acorns, seeds | squawk/squawked
seagull | seagulls | bird | beach harbor sea | white gray noisy hungry bold greedy squawky | wing, beak, foot |
    soar/soared/soaring, glide/glided/gliding | fish, crumbs | squawk/squawked
peacock | peacocks | bird | zoo garden castle | blue green proud fancy shiny beautiful | tail, feather, crest |
    strut/strutted/strutting, spread/spread/spreading | seeds, bugs | call/called
ostrich | ostriches | bird | savanna zoo | tall fast fluffy funny gangly leggy silly | neck, leg, feather |
    run/ran/running, dash/dashed/dashing | seeds, plants | boom/boomed
toucan | toucans | bird | jungle zoo | black colorful bright funny cheerful chatty clever | beak, wing, tail |
    hop/hopped/hopping, fly/flew/flying | fruit, berries | croak/croaked
stork | storks | bird | village field river | tall white graceful long-legged calm leggy patient | beak, leg, wing |
    wade/waded/wading, soar/soared/soaring | fish, frogs | clatter/clattered
canary | canaries | bird | house pet_shop | yellow tiny bright cheerful sweet chirpy little | wing, beak, feather |
    flutter/fluttered/fluttering, sing/sang/singing | seeds, water | sing/sang
parakeet | parakeets | bird | house pet_shop | green blue small chatty bright chirpy cheerful | wing, beak, tail |
    flutter/fluttered/fluttering, chatter/chattered/chattering | seeds, millet | chirp/chirped
bluebird | bluebirds | bird | meadow garden field | blue small happy bright cheerful chirpy sweet |
    wing, beak, feather | fly/flew/flying, sing/sang/singing | berries, bugs | sing/sang
cardinal | cardinals | bird | backyard forest garden | red bright proud crested cheerful bright-red chirpy |
    crest, beak, wing | hop/hopped/hopping, fly/flew/flying | seeds, berries | chirp/chirped
hawk | hawks | bird | mountain field sky | brown sharp-eyed proud strong quick fierce sleek | wing, claw, beak |
    soar/soared/soaring, circle/circled/circling | fish, bugs | screech/screeched
puffin | puffins | bird | sea island | black white chubby colorful funny stubby cheerful | beak, wing, foot |
    dive/dove/diving, flap/flapped/flapping | fish | grunt/grunted
heron | herons | bird | river pond swamp lake | tall gray patient still graceful leggy quiet | neck, leg, beak |
    wade/waded/wading, stand/stood/standing | fish, frogs | croak/croaked
kingfisher | kingfishers | bird | river pond | blue orange bright quick small sparkly sleek | beak, wing, tail |
    dive/dove/diving, dart/darted/darting | fish, bugs | chirp/chirped

# bug
bee | bees | bug | garden meadow | busy fuzzy yellow striped buzzy tiny | wing, stripe, leg |
    buzz/buzzed/buzzing, fly/flew/flying | nectar, flowers | buzz/buzzed
bumblebee | bumblebees | bug | garden meadow field | fuzzy round yellow striped chubby buzzy busy | wing, stripe, leg |
    buzz/buzzed/buzzing, bumble/bumbled/bumbling | nectar, flowers | buzz/buzzed
butterfly | butterflies | bug | garden meadow | pretty colorful gentle light bright fluttery delicate |
    wing, feeler, leg | flutter/fluttered/fluttering, float/floated/floating | nectar, flowers | flutter/fluttered
caterpillar | caterpillars | bug | garden forest | green fuzzy hungry wiggly little chubby slow | leg, head, stripe |
    crawl/crawled/crawling, munch/munched/munching | leaves | munch/munched
ladybug | ladybugs | bug | garden meadow | red spotted tiny shiny round lucky cheerful | wing, spot, leg |
    crawl/crawled/crawling, fly/flew/flying | bugs, leaves | hum/hummed
ant | ants | bug | garden park meadow | tiny black busy strong hardworking tireless quick | leg, feeler, head |
    march/marched/marching, carry/carried/carrying, dig/dug/digging | crumbs, sugar, seeds | hum/hummed
spider | spiders | bug | garden barn house | small black busy clever patient leggy hairy | leg, eye, web |
    spin/spun/spinning, climb/climbed/climbing | bugs | hum/hummed
grasshopper | grasshoppers | bug | field meadow | green jumpy long bouncy quick leggy cheerful | leg, wing, feeler |
    hop/hopped/hopping, leap/leaped/leaping | grass, leaves | chirp/chirped
cricket | crickets | bug | field meadow house | brown small jumpy musical cheerful chirpy lively | leg, wing, feeler |
    hop/hopped/hopping, sing/sang/singing | leaves, seeds | chirp/chirped
firefly | fireflies | bug | meadow forest backyard | glowing tiny bright twinkly gentle flickery little |
    wing, light, leg | glow/glowed/glowing, flicker/flickered/flickering, fly/flew/flying | nectar, dew | hum/hummed
dragonfly | dragonflies | bug | pond river swamp | shiny blue quick sparkly light speedy graceful | wing, tail, eye |
    zip/zipped/zipping, hover/hovered/hovering | bugs | buzz/buzzed
snail | snails | bug | garden forest | slow slimy shiny little patient sleepy curly | shell, feeler, foot |
    crawl/crawled/crawling, slide/slid/sliding | lettuce, leaves | hum/hummed
worm | worms | bug | garden field | pink wiggly long squishy little wriggly shy | head, tail |
    wiggle/wiggled/wiggling, dig/dug/digging | dirt, leaves | hum/hummed
beetle | beetles | bug | forest garden | shiny black hard little strong busy bumpy | shell, leg, horn |
    crawl/crawled/crawling, scuttle/scuttled/scuttling | leaves, bark | click/clicked
moth | moths | bug | forest house garden | soft gray fuzzy quiet dusty sleepy dusty-winged | wing, feeler |
    flutter/fluttered/fluttering, flit/flitted/flitting | nectar, light | flutter/fluttered
centipede | centipedes | bug | forest garden | long brown leggy quick wiggly busy clever | leg, feeler, head |
    scurry/scurried/scurrying, wiggle/wiggled/wiggling | bugs, leaves | click/clicked
inchworm | inchworms | bug | garden forest | green tiny thin bendy patient slow curious | head, tail, foot |
    inch/inched/inching, stretch/stretched/stretching | leaves | hum/hummed
slug | slugs | bug | garden forest | slimy soft slow squishy gray shy sleepy | feeler, tail |
    slide/slid/sliding, creep/crept/creeping | lettuce, leaves | hum/hummed
glowworm | glowworms | bug | cave forest | tiny glowing bright gentle green shiny cozy | tail, light, head |
    glow/glowed/glowing, wiggle/wiggled/wiggling | dew, leaves | hum/hummed
bug | bugs | bug | garden backyard meadow | tiny busy bright shiny small speedy curious | leg, wing, feeler |
    crawl/crawled/crawling, buzz/buzzed/buzzing | leaves, crumbs | buzz/buzzed

# toy
ball | balls | toy | playroom backyard park | round red bouncy rubber shiny bright cheerful | side, stripe, spot |
    bounce/bounced/bouncing, roll/rolled/rolling | air, friends | thump/thumped
doll | dolls | toy | playroom bedroom toy_shop | pretty small soft pink sweet cheerful dainty |
    dress, hair, shoe, hand | dance/danced/dancing, sit/sat/sitting | tea, hugs | giggle/giggled
teddy bear | teddy bears | toy | bedroom toy_box toy_shop | soft brown fluffy cuddly old sleepy friendly |
    paw, ear, nose, button | hug/hugged/hugging, sit/sat/sitting, tumble/tumbled/tumbling | hugs, stitches |
    squeak/squeaked
robot | robots | toy | playroom toy_shop city | shiny silver clever boxy friendly beeping sturdy |
    arm, wheel, light, button | roll/rolled/rolling, march/marched/marching, spin/spun/spinning | batteries, oil |
    beep/beeped
toy soldier | toy soldiers | toy | toy_box playroom toy_shop | brave red stiff wooden shiny tall loyal |
    hat, boot, drum | march/marched/marching, salute/saluted/saluting | paint, polish | drum/drummed
rag doll | rag dolls | toy | toy_box bedroom attic | floppy soft patched old sweet cheerful cuddly |
    button, arm, braid | flop/flopped/flopping, wave/waved/waving | stitches, hugs | giggle/giggled
puppet | puppets | toy | playroom toy_shop | funny floppy colorful silly soft chatty cheerful | string, arm, mouth |
    dance/danced/dancing, bow/bowed/bowing | strings, shows | chuckle/chuckled
yo-yo | yo-yos | toy | toy_box playroom | red shiny small round zippy bouncy speedy | string, side |
    spin/spun/spinning, zip/zipped/zipping | string | whir/whirred
spinning top | spinning tops | toy | toy_box playroom | bright shiny striped little round speedy dizzy | tip, stripe |
    spin/spun/spinning, wobble/wobbled/wobbling | pushes | hum/hummed
rocking horse | rocking horses | toy | playroom attic bedroom | wooden painted old proud gentle creaky spotted |
    mane, tail, rocker | rock/rocked/rocking, creak/creaked/creaking | polish, riders | creak/creaked
jack-in-the-box | jacks-in-the-box | toy | toy_box toy_shop | bouncy silly colorful springy funny jumpy cheerful |
    spring, hat, lid, handle | pop/popped/popping, bounce/bounced/bouncing | laughs, surprises | pop/popped
toy car | toy cars | toy | playroom toy_box | small fast red shiny zippy speedy little | wheel, door, hood |
    zoom/zoomed/zooming, race/raced/racing | tracks, pushes | vroom/vroomed
toy train | toy trains | toy | playroom toy_shop | long shiny blue wooden proud chuffing busy | wheel, whistle, car |
    chug/chugged/chugging, roll/rolled/rolling | tracks, batteries | toot/tooted
block | blocks | toy | playroom toy_box school | wooden square bright little sturdy blue chunky | corner, side, letter |
    stack/stacked/stacking, tumble/tumbled/tumbling | friends, builders | clack/clacked
marble | marbles | toy | toy_box playroom | tiny round glass shiny blue swirly | swirl, side |
    roll/rolled/rolling, clink/clinked/clinking | friends | clink/clinked
rubber duck | rubber ducks | toy | bathroom toy_box | yellow squeaky little bright round cheerful floaty |
    bill, tail, wing | float/floated/floating, bob/bobbed/bobbing | bubbles, bath water | squeak/squeaked
music box | music boxes | toy | bedroom attic | small pretty wooden golden tinkly dainty old | lid, key, dancer |
    spin/spun/spinning, play/played/playing | winding, music | tinkle/tinkled
nutcracker | nutcrackers | toy | toy_shop castle | tall wooden red brave proud stern painted | hat, jaw, boot |
    march/marched/marching, salute/saluted/saluting | nuts, polish | clack/clacked
hobby horse | hobby horses | toy | playroom backyard | wooden long cheerful bright proud bouncy speedy |
    head, mane, stick | gallop/galloped/galloping, prance/pranced/prancing | riders | neigh/neighed
pinwheel | pinwheels | toy | backyard garden beach | bright colorful cheerful little spinny twirly shiny |
    blade, stick, pin | spin/spun/spinning, whirl/whirled/whirling | wind, breezes | whir/whirred
toy dinosaur | toy dinosaurs | toy | playroom toy_box | green plastic little bumpy bold toothy cheerful |
    tail, claw, spike | stomp/stomped/stomping, roar/roared/roaring | friends | roar/roared
toy boat | toy boats | toy | bathroom pond | little red wooden light brave bobbing cheerful | sail, mast, deck |
    float/floated/floating, sail/sailed/sailing | water, wind | toot/tooted
beach ball | beach balls | toy | beach backyard | big bright striped bouncy light round cheerful | stripe, side |
    bounce/bounced/bouncing, float/floated/floating | air, sunshine | thump/thumped
kite | kites | toy | park beach hill | bright long red light paper swooping happy | tail, string, wing |
    fly/flew/flying, dip/dipped/dipping, soar/soared/soaring | wind, string | flap/flapped
stuffed elephant | stuffed elephants | toy | bedroom toy_box | soft gray floppy cuddly small sleepy friendly |
    trunk, ear, tail | flop/flopped/flopping, snuggle/snuggled/snuggling | hugs | squeak/squeaked
action figure | action figures | toy | playroom toy_box | brave strong small bold shiny mighty speedy |
    cape, arm, boot | leap/leaped/leaping, pose/posed/posing | adventures | cheer/cheered

# vehicle
car | cars | vehicle | road street city garage | red shiny fast small zippy cheerful friendly |
    wheel, horn, door, engine | drive/drove/driving, zoom/zoomed/zooming | gas | honk/honked
train | trains | vehicle | station road town | long blue shiny strong proud speedy busy | wheel, whistle, engine, car |
    chug/chugged/chugging, puff/puffed/puffing | coal, tracks | toot/tooted
boat | boats | vehicle | lake river harbor | little blue wooden bobbing brave sturdy cheerful | sail, deck, oar |
    sail/sailed/sailing, bob/bobbed/bobbing | wind, water | toot/tooted
truck | trucks | vehicle | road town garage | big strong red loud busy sturdy dusty | wheel, horn, engine |
    rumble/rumbled/rumbling, haul/hauled/hauling | gas | honk/honked
bus | buses | vehicle | town city road | big yellow long friendly busy cheerful rumbly | wheel, door, window, seat |
    drive/drove/driving, stop/stopped/stopping | gas, riders | beep/beeped
fire truck | fire trucks | vehicle | fire_station town city | red big shiny loud brave speedy helpful |
    ladder, hose, siren, wheel | race/raced/racing, rush/rushed/rushing | water, gas | wail/wailed
tractor | tractors | vehicle | farm field | green big muddy strong sturdy rumbly cheerful | wheel, engine, seat |
    chug/chugged/chugging, plow/plowed/plowing, pull/pulled/pulling | gas | rumble/rumbled
airplane | airplanes | vehicle | airport sky | big white silver shiny fast speedy proud | wing, tail, engine, window |
    fly/flew/flying, soar/soared/soaring, land/landed/landing | fuel | zoom/zoomed
helicopter | helicopters | vehicle | sky city airport | red noisy quick busy shiny whirly brave | blade, tail, window |
    hover/hovered/hovering, whirl/whirled/whirling | fuel | whir/whirred
rocket | rockets | vehicle | space sky | tall silver shiny fast mighty speedy brave | fin, nose, window, engine |
    blast/blasted/blasting, zoom/zoomed/zooming | fuel | whoosh/whooshed
bicycle | bicycles | vehicle | park street road | red shiny fast little squeaky speedy cheerful |
    wheel, pedal, bell, seat | roll/rolled/rolling, zip/zipped/zipping | air, riders | ring/rang
motorcycle | motorcycles | vehicle | road city | black shiny loud fast sleek rumbly bold | wheel, handle, engine |
    zoom/zoomed/zooming, roar/roared/roaring | gas | vroom/vroomed
scooter | scooters | vehicle | street park | blue little fast shiny zippy cheerful speedy | wheel, handle, deck |
    scoot/scooted/scooting, zip/zipped/zipping | riders | whir/whirred
sailboat | sailboats | vehicle | lake sea harbor | white tall graceful quick proud speedy sleek | sail, mast, deck |
    sail/sailed/sailing, glide/glided/gliding | wind | flap/flapped
ship | ships | vehicle | sea harbor | huge big proud mighty old rusty sturdy | deck, sail, anchor, mast |
    sail/sailed/sailing, steam/steamed/steaming | wind, fuel | toot/tooted
submarine | submarines | vehicle | sea | yellow round shiny brave curious sleek quiet | window, propeller, hatch |
    dive/dove/diving, glide/glided/gliding | air, fuel | beep/beeped
taxi | taxis | vehicle | city street | yellow busy quick shiny small honky cheerful | wheel, door, light |
    zip/zipped/zipping, drive/drove/driving | gas, riders | honk/honked
police car | police cars | vehicle | town city street | blue white shiny fast brave speedy loud | light, siren, wheel |
    race/raced/racing, zoom/zoomed/zooming | gas | wail/wailed
ambulance | ambulances | vehicle | hospital city | white red quick brave helpful speedy loud | siren, light, door |
    rush/rushed/rushing, race/raced/racing | gas | wail/wailed
digger | diggers | vehicle | road town field | yellow big strong busy muddy clanky mighty | scoop, arm, wheel |
    dig/dug/digging, scoop/scooped/scooping | gas, dirt | rumble/rumbled
dump truck | dump trucks | vehicle | road town | big yellow heavy strong noisy rumbly dusty | wheel, bed, engine |
    dump/dumped/dumping, rumble/rumbled/rumbling | gas | rumble/rumbled
bulldozer | bulldozers | vehicle | road field | big yellow mighty heavy slow rumbly strong | blade, track, engine |
    push/pushed/pushing, rumble/rumbled/rumbling | gas | rumble/rumbled
tugboat | tugboats | vehicle | harbor river | little red sturdy brave busy puffing strong | deck, horn, rope |
    tug/tugged/tugging, chug/chugged/chugging | fuel | toot/tooted
race car | race cars | vehicle | road city | fast sleek shiny red bold speedy zippy | wheel, spoiler, engine |
    race/raced/racing, zoom/zoomed/zooming | gas | vroom/vroomed
garbage truck | garbage trucks | vehicle | street town | big green noisy busy strong rumbly helpful | arm, wheel, bin |
    lift/lifted/lifting, rumble/rumbled/rumbling | gas | beep/beeped
ice cream truck | ice cream trucks | vehicle | street town park | white pink cheerful colorful jolly jingly sweet |
    window, bell, wheel | drive/drove/driving, stop/stopped/stopping | gas, ice cream | jingle/jingled
hot air balloon | hot air balloons | vehicle | sky field | big round colorful striped bright floaty gentle |
    basket, rope, balloon | float/floated/floating, rise/rose/rising, drift/drifted/drifting | hot air, wind |
    whoosh/whooshed
tow truck | tow trucks | vehicle | road garage | blue strong helpful sturdy busy rusty cheerful | hook, chain, wheel |
    tow/towed/towing, pull/pulled/pulling | gas | honk/honked
canoe | canoes | vehicle | river lake | long green wooden light quiet narrow sturdy | paddle, seat, end |
    glide/glided/gliding, paddle/paddled/paddling | water | splash/splashed
school bus | school buses | vehicle | school road town | yellow big long friendly safe cheerful careful |
    door, window, wheel, sign | drive/drove/driving, stop/stopped/stopping | gas, riders | honk/honked
cement mixer | cement mixers | vehicle | road town city | big round orange busy heavy rumbly strong |
    drum, wheel, chute | spin/spun/spinning, churn/churned/churning | gas, water | rumble/rumbled
snowplow | snowplows | vehicle | road town mountain | big orange strong brave sturdy rumbly mighty |
    blade, wheel, light | push/pushed/pushing, plow/plowed/plowing | gas | rumble/rumbled
sled | sleds | vehicle | hill north_pole mountain | red wooden fast shiny little speedy slippery | runner, rope, seat |
    slide/slid/sliding, zoom/zoomed/zooming | snow | swish/swished

# magic
dragon | dragons | magic | cave mountain castle | big green scaly mighty friendly shiny | wing, tail, claw, scale |
    fly/flew/flying, stomp/stomped/stomping, puff/puffed/puffing | cookies, sunshine | roar/roared
fairy | fairies | magic | garden forest magic_land | tiny sparkly glowing gentle kind dainty cheerful |
    wing, wand, crown | flutter/fluttered/fluttering, sprinkle/sprinkled/sprinkling, fly/flew/flying | dew, nectar |
    tinkle/tinkled
unicorn | unicorns | magic | magic_land meadow cloud_kingdom | white shiny sparkly gentle graceful magical |
    horn, mane, tail, hoof | gallop/galloped/galloping, prance/pranced/prancing | rainbows, clover | neigh/neighed
giant | giants | magic | mountain castle cloud_kingdom | huge tall enormous gentle clumsy mighty | hand, foot, beard |
    stomp/stomped/stomping, stride/strode/striding | soup, bread, cake | boom/boomed
elf | elves | magic | forest north_pole magic_land | tiny quick cheerful clever busy jolly pointy-eared |
    ear, hat, shoe | hop/hopped/hopping, build/built/building, tiptoe/tiptoed/tiptoeing | cookies, cocoa |
    giggle/giggled
wizard | wizards | magic | castle magic_land | old wise kind bearded clever mysterious | hat, robe, wand, beard |
    wave/waved/waving, mix/mixed/mixing | books, tea | chuckle/chuckled
witch | witches | magic | forest magic_land village | kind clever funny busy cheerful mysterious jolly |
    hat, broom, cape | fly/flew/flying, stir/stirred/stirring | tea, pumpkins | chuckle/chuckled
monster | monsters | magic | cave bedroom magic_land | big furry purple silly friendly fuzzy | horn, claw, tooth, eye |
    stomp/stomped/stomping, wiggle/wiggled/wiggling | cookies, hugs | grumble/grumbled
ghost | ghosts | magic | castle attic | white gentle friendly shy pale see-through floaty | sheet, face, tail |
    float/floated/floating, drift/drifted/drifting | friends, quiet | whoo/whooed
mermaid | mermaids | magic | sea reef | pretty shiny sparkly kind graceful gentle curious | tail, fin, hair |
    swim/swam/swimming, sing/sang/singing, dive/dove/diving | seaweed, shells | sing/sang
troll | trolls | magic | forest mountain cave | big lumpy green grumpy hairy hairy-toed | nose, ear, foot |
    stomp/stomped/stomping, grumble/grumbled/grumbling | soup, rocks | grumble/grumbled
gnome | gnomes | magic | garden forest | tiny bearded jolly round cheerful chubby busy | hat, beard, boot |
    dig/dug/digging, tiptoe/tiptoed/tiptoeing | mushrooms, berries | chuckle/chuckled
genie | genies | magic | desert magic_land | blue friendly jolly grand magical mighty cheerful | lamp, arm, smoke |
    float/floated/floating, swirl/swirled/swirling | wishes | laugh/laughed
pixie | pixies | magic | forest garden | tiny quick sparkly cheeky bright mischievous dainty | wing, ear, shoe |
    flit/flitted/flitting, dart/darted/darting | dew, berries | giggle/giggled
goblin | goblins | magic | cave forest | small green sneaky silly knobby cheeky grumpy | ear, nose, toe |
    scurry/scurried/scurrying, sneak/sneaked/sneaking | mushrooms, buttons | giggle/giggled
ogre | ogres | magic | swamp forest | big green grumpy lumpy gentle clumsy hairy | ear, belly, foot |
    stomp/stomped/stomping, lumber/lumbered/lumbering | onions, stew | grumble/grumbled
griffin | griffins | magic | mountain castle magic_land | golden proud strong mighty feathered fierce brave |
    wing, beak, claw, tail | soar/soared/soaring, swoop/swooped/swooping | apples | screech/screeched
pegasus | pegasuses | magic | cloud_kingdom sky magic_land | white winged shiny graceful swift gentle proud |
    wing, mane, hoof | fly/flew/flying, gallop/galloped/galloping | clouds, clover | neigh/neighed
phoenix | phoenixes | magic | mountain magic_land | golden bright glowing warm proud fiery mighty |
    wing, tail, feather | soar/soared/soaring, glow/glowed/glowing | sunshine | sing/sang
leprechaun | leprechauns | magic | meadow hill forest | tiny green jolly sly lucky cheeky mischievous |
    hat, beard, buckle | dance/danced/dancing, hide/hid/hiding | gold, clover | chuckle/chuckled
tooth fairy | tooth fairies | magic | bedroom cloud_kingdom | tiny sparkly kind quiet glowing dainty gentle |
    wing, wand, bag | flutter/fluttered/fluttering, tiptoe/tiptoed/tiptoeing | teeth, coins | tinkle/tinkled
sprite | sprites | magic | forest river meadow | tiny quick glowing playful light cheeky sparkly | wing, hair, toe |
    dart/darted/darting, dance/danced/dancing | dew, moonlight | giggle/giggled
yeti | yetis | magic | mountain north_pole | big white furry shy gentle shaggy | foot, paw, nose |
    stomp/stomped/stomping, slide/slid/sliding | snow, berries | rumble/rumbled

# plant
tree | trees | plant | forest park backyard | tall green old strong leafy shady | branch, leaf, root, trunk |
    sway/swayed/swaying, grow/grew/growing | sunshine, water, rain | rustle/rustled
flower | flowers | plant | garden meadow | pretty bright pink sweet little cheerful dainty | petal, stem, leaf |
    bloom/bloomed/blooming, sway/swayed/swaying | sunshine, water | rustle/rustled
cactus | cacti | plant | desert | green prickly tall spiky tough sturdy sunny | spine, arm, flower |
    stand/stood/standing, grow/grew/growing | sunshine, rain | rustle/rustled
sunflower | sunflowers | plant | garden field | tall yellow bright sunny happy cheerful proud |
    petal, stem, leaf, seed | turn/turned/turning, grow/grew/growing | sunshine, water | rustle/rustled
mushroom | mushrooms | plant | forest meadow | small brown spotted round soft spotty squishy | cap, stem, spot |
    pop/popped/popping, grow/grew/growing | rain, shade | hum/hummed
pumpkin | pumpkins | plant | garden farm field | big orange round bumpy fat chubby cheerful | stem, vine, leaf |
    grow/grew/growing, roll/rolled/rolling | sunshine, water | thump/thumped
acorn | acorns | plant | forest park | small brown round shiny little sturdy tiny | cap, tip |
    roll/rolled/rolling, sprout/sprouted/sprouting | dirt, rain | click/clicked
seed | seeds | plant | garden field | tiny brown hard round sleepy little patient | shell, tip |
    sprout/sprouted/sprouting, grow/grew/growing | dirt, water, sunshine | hum/hummed
rose | roses | plant | garden castle | red pretty sweet soft thorny velvety proud | petal, stem, thorn, leaf |
    bloom/bloomed/blooming, sway/swayed/swaying | sunshine, water | rustle/rustled
daisy | daisies | plant | meadow field garden | white yellow small cheerful sunny dainty sweet | petal, stem, center |
    bloom/bloomed/blooming, nod/nodded/nodding | sunshine, rain | rustle/rustled
tulip | tulips | plant | garden | red tall bright smooth proud cheerful graceful | petal, stem, leaf |
    bloom/bloomed/blooming, sway/swayed/swaying | sunshine, water | rustle/rustled
oak | oaks | plant | forest hill park | big old strong wise tall mighty leafy | branch, leaf, root, trunk |
    sway/swayed/swaying, creak/creaked/creaking | sunshine, rain | creak/creaked
pine tree | pine trees | plant | forest mountain | tall green prickly dark evergreen sturdy spiky |
    needle, branch, cone | sway/swayed/swaying, grow/grew/growing | snow, rain, sunshine | whisper/whispered
apple tree | apple trees | plant | orchard farm garden | leafy green old kind shady sturdy gentle |
    branch, apple, leaf, root | sway/swayed/swaying, grow/grew/growing | sunshine, rain | rustle/rustled
palm tree | palm trees | plant | island beach desert | tall thin green swaying sunny sleepy breezy |
    leaf, trunk, coconut | sway/swayed/swaying, bend/bent/bending | sunshine, water | rustle/rustled
willow | willows | plant | river pond lake | droopy green gentle soft graceful sleepy wise | branch, leaf, root |
    sway/swayed/swaying, droop/drooped/drooping | water, sunshine | whisper/whispered
dandelion | dandelions | plant | meadow backyard field | yellow fluffy small bright wispy fuzzy cheerful |
    petal, stem, seed | bloom/bloomed/blooming, float/floated/floating | sunshine, wind | whisper/whispered
beanstalk | beanstalks | plant | garden cloud_kingdom | tall green twisty enormous leafy mighty curly |
    leaf, vine, bean | grow/grew/growing, climb/climbed/climbing, twist/twisted/twisting | water, sunshine |
    creak/creaked
carrot | carrots | plant | garden farm | orange long crunchy leafy bright crisp sturdy | top, root, tip |
    grow/grew/growing, pop/popped/popping | dirt, water | crunch/crunched
sprout | sprouts | plant | garden | tiny green fresh little brave curious cheerful | leaf, stem, root |
    peek/peeked/peeking, grow/grew/growing | sunshine, water | hum/hummed
leaf | leaves | plant | forest park backyard | green crunchy red golden light crisp curly | stem, edge, vein |
    float/floated/floating, flutter/fluttered/fluttering, drift/drifted/drifting | sunshine, rain | rustle/rustled
tomato | tomatoes | plant | garden farm | red round juicy plump shiny fat cheerful | stem, vine, leaf |
    grow/grew/growing, ripen/ripened/ripening | sunshine, water | plop/plopped

# sky
sun | suns | sky | sky | bright warm yellow golden cheerful big | ray, face, beam |
    shine/shone/shining, rise/rose/rising, set/set/setting | clear skies | hum/hummed
moon | moons | sky | sky space | round silver quiet pale gentle sleepy | face, glow, edge |
    glow/glowed/glowing, rise/rose/rising, float/floated/floating | night, stars | hum/hummed
star | stars | sky | sky space | tiny bright twinkly shiny golden sleepy friendly | point, glow, sparkle |
    twinkle/twinkled/twinkling, shine/shone/shining | dark skies, wishes | twinkle/twinkled
cloud | clouds | sky | sky cloud_kingdom | white fluffy soft puffy gray big | edge, puff |
    float/floated/floating, drift/drifted/drifting, rain/rained/raining | wind, water | rumble/rumbled
rainbow | rainbows | sky | sky cloud_kingdom | bright colorful shiny curved happy cheerful gentle | stripe, end, color |
    shine/shone/shining, stretch/stretched/stretching | rain, sunshine | hum/hummed
snowflake | snowflakes | sky | sky north_pole mountain | tiny white cold sparkly lacy dainty delicate |
    point, arm, edge | fall/fell/falling, drift/drifted/drifting, twirl/twirled/twirling | cold, wind |
    whisper/whispered
raindrop | raindrops | sky | sky garden | small wet round clear shiny wobbly cheerful | tip, side |
    fall/fell/falling, drip/dripped/dripping, splash/splashed/splashing | clouds | patter/pattered
wind | winds | sky | sky hill sea | strong cold gusty wild playful quick | gust, puff, breath |
    blow/blew/blowing, whistle/whistled/whistling, swirl/swirled/swirling | open skies | whoosh/whooshed
comet | comets | sky | space sky | bright fast glowing fiery shiny speedy proud | tail, head, glow |
    zoom/zoomed/zooming, streak/streaked/streaking | open space | whoosh/whooshed
planet | planets | sky | space | big round red blue spinning far | ring, side, moon |
    spin/spun/spinning, circle/circled/circling | sunshine | hum/hummed
shooting star | shooting stars | sky | sky space | bright quick golden sparkly tiny speedy cheerful | tail, tip, glow |
    zoom/zoomed/zooming, streak/streaked/streaking | wishes | whoosh/whooshed
sunbeam | sunbeams | sky | sky meadow | warm golden bright thin cheerful sparkly happy | ray, tip, glow |
    shine/shone/shining, dance/danced/dancing | clear skies | hum/hummed
moonbeam | moonbeams | sky | sky bedroom | pale silver soft gentle quiet sleepy dreamy | ray, tip, glow |
    glow/glowed/glowing, slip/slipped/slipping | night | whisper/whispered
raincloud | rainclouds | sky | sky | gray big puffy heavy grumpy sulky sleepy | edge, puff, drop |
    drift/drifted/drifting, rain/rained/raining | wind, water | rumble/rumbled
breeze | breezes | sky | sky meadow beach | gentle cool soft light warm playful whispery | puff, gust |
    blow/blew/blowing, swirl/swirled/swirling | open skies | whisper/whispered
thundercloud | thunderclouds | sky | sky mountain | big dark gray loud grumpy rumbly mighty | edge, puff, drop |
    rumble/rumbled/rumbling, boom/boomed/booming, rain/rained/raining | wind, water | boom/boomed

# thing: everyday objects that come alive in a story
sock | socks | thing | bedroom house | striped warm woolly soft lonely fuzzy cozy | toe, heel, stripe |
    wiggle/wiggled/wiggling, hop/hopped/hopping | feet, soap | hum/hummed
spoon | spoons | thing | kitchen | shiny silver small round smooth cheerful curved | handle, scoop |
    stir/stirred/stirring, clink/clinked/clinking | soup, cereal | clink/clinked
crayon | crayons | thing | school playroom | bright waxy colorful little short cheerful | tip, wrapper |
    draw/drew/drawing, color/colored/coloring | paper | squeak/squeaked
pencil | pencils | thing | school house | yellow sharp long wooden busy pointy clever | tip, eraser |
    write/wrote/writing, draw/drew/drawing | paper, sharpening | scratch/scratched
cup | cups | thing | kitchen | small blue round warm cheerful chipped sturdy | handle, rim |
    tip/tipped/tipping, clink/clinked/clinking | milk, tea, juice | clink/clinked
shoe | shoes | thing | house bedroom | new shiny little red squeaky cheerful | lace, heel, toe |
    tap/tapped/tapping, walk/walked/walking | feet, laces | squeak/squeaked
clock | clocks | thing | house school town | round old tall wise busy ticking cheerful | hand, face, bell |
    tick/ticked/ticking, chime/chimed/chiming | batteries, oil | tick/ticked
lamp | lamps | thing | bedroom house library | tall bright yellow warm cozy cheerful sleepy | bulb, shade, switch |
    glow/glowed/glowing, flicker/flickered/flickering | light bulbs | hum/hummed
chair | chairs | thing | house kitchen school | little wooden sturdy blue creaky cheerful | leg, seat, back |
    creak/creaked/creaking, wobble/wobbled/wobbling | cushions | creak/creaked
teapot | teapots | thing | kitchen castle | round white pretty little short chubby cheerful | spout, lid, handle |
    pour/poured/pouring, steam/steamed/steaming | tea, hot water | whistle/whistled
button | buttons | thing | house bedroom | round shiny small blue lost tiny | hole, edge |
    roll/rolled/rolling, spin/spun/spinning | thread | click/clicked
box | boxes | thing | house attic garage | big brown cardboard empty square sturdy | lid, side, corner |
    tip/tipped/tipping, slide/slid/sliding | toys, tape | thump/thumped
book | books | thing | library bedroom school | big colorful thick old wise dusty clever | page, cover, spine |
    open/opened/opening, flutter/fluttered/fluttering | readers | rustle/rustled
pillow | pillows | thing | bedroom | soft fluffy white puffy sleepy cozy squishy | corner, case |
    flop/flopped/flopping, bounce/bounced/bouncing | feathers, naps | puff/puffed
umbrella | umbrellas | thing | house street | big red striped bright cheerful floppy brave | handle, spoke, top |
    open/opened/opening, twirl/twirled/twirling | rain | flap/flapped
balloon | balloons | thing | fairground park circus | round red bright shiny light bouncy floaty | string, knot |
    float/floated/floating, bob/bobbed/bobbing | air, string | squeak/squeaked
snowman | snowmen | thing | backyard hill north_pole | white round cold jolly chubby frosty cheerful |
    hat, scarf, nose, button | melt/melted/melting, wave/waved/waving | snow, cold | hum/hummed
cookie | cookies | thing | kitchen bakery | round sweet crunchy warm golden crumbly chewy | chip, edge |
    roll/rolled/rolling, crumble/crumbled/crumbling | milk, sprinkles | crunch/crunched
cupcake | cupcakes | thing | bakery kitchen | small sweet pink yummy fluffy frosty sprinkly |
    frosting, sprinkle, cherry | wobble/wobbled/wobbling, hop/hopped/hopping | frosting, sprinkles | giggle/giggled
mitten | mittens | thing | house north_pole | red woolly warm fuzzy lonely cozy | thumb, cuff |
    wave/waved/waving, wiggle/wiggled/wiggling | hands, yarn | hum/hummed
hat | hats | thing | house street | big floppy blue straw funny cheerful woolly | brim, top, band |
    flap/flapped/flapping, blow/blew/blowing | heads | flap/flapped
scarf | scarves | thing | house street | long striped woolly warm soft cozy fuzzy | end, stripe, tassel |
    swish/swished/swishing, wrap/wrapped/wrapping | yarn, necks | swish/swished
blanket | blankets | thing | bedroom house | soft warm fluffy cozy big patchy cuddly | corner, edge, patch |
    flop/flopped/flopping, wrap/wrapped/wrapping | hugs | rustle/rustled
candle | candles | thing | house castle | tall white warm glowing thin flickery little | wick, flame |
    glow/glowed/glowing, flicker/flickered/flickering | wax | hum/hummed
kettle | kettles | thing | kitchen | shiny round silver warm busy whistling cheerful | spout, lid, handle |
    steam/steamed/steaming, bubble/bubbled/bubbling | water, tea | whistle/whistled
broom | brooms | thing | house kitchen barn | long wooden scratchy old busy sturdy tidy | handle, bristle |
    sweep/swept/sweeping, swish/swished/swishing | dust | swish/swished
bucket | buckets | thing | beach farm garden | big blue plastic sturdy round cheerful | handle, rim |
    swing/swung/swinging, slosh/sloshed/sloshing | water, sand | clang/clanged
backpack | backpacks | thing | school house | blue big sturdy useful zippy cheerful | strap, zipper, pocket |
    bounce/bounced/bouncing, flop/flopped/flopping | books, snacks | jingle/jingled
lunchbox | lunchboxes | thing | school kitchen | red shiny square metal happy sturdy clean | lid, latch, handle |
    open/opened/opening, rattle/rattled/rattling | sandwiches, snacks | rattle/rattled
paintbrush | paintbrushes | thing | school house | soft thin long wooden messy clean cheerful | tip, handle, bristle |
    paint/painted/painting, swish/swished/swishing | paint, water | swish/swished
toothbrush | toothbrushes | thing | bathroom | small blue soft new bristly cheerful clean | handle, bristle |
    brush/brushed/brushing, scrub/scrubbed/scrubbing | toothpaste | swish/swished
bell | bells | thing | school castle village | small shiny golden jingly bright cheerful tinkly | clapper, handle, rim |
    ring/rang/ringing, swing/swung/swinging | ribbons | jingle/jingled
key | keys | thing | house castle | small shiny silver old golden tiny rusty | tooth, ring, tip |
    turn/turned/turning, jingle/jingled/jingling | locks | jingle/jingled
pebble | pebbles | thing | river beach garden | smooth gray small round plain speckled shiny | side, edge |
    roll/rolled/rolling, skip/skipped/skipping | water, sunshine | clack/clacked
shell | shells | thing | beach sea | pretty pink shiny smooth curly swirly bumpy | edge, ridge, curl |
    roll/rolled/rolling, sparkle/sparkled/sparkling | sand, waves | hum/hummed
gingerbread man | gingerbread men | thing | bakery kitchen | brown sweet crunchy quick cheeky speedy spicy |
    button, arm, leg, smile | run/ran/running, skip/skipped/skipping | frosting, raisins | giggle/giggled
pancake | pancakes | thing | kitchen | warm round fluffy golden flat buttery syrupy | edge, top |
    flip/flipped/flipping, stack/stacked/stacking | syrup, butter | sizzle/sizzled
muffin | muffins | thing | bakery kitchen | warm sweet soft round plump crumbly fluffy | top, cup |
    bounce/bounced/bouncing, roll/rolled/rolling | blueberries, butter | hum/hummed
donut | donuts | thing | bakery kitchen | round sweet sugary sticky pink sprinkly fluffy | hole, frosting, sprinkle |
    roll/rolled/rolling, spin/spun/spinning | sprinkles, frosting | giggle/giggled
bubble | bubbles | thing | bathroom backyard | round shiny wobbly light clear floaty sparkly | edge, rainbow |
    float/floated/floating, drift/drifted/drifting, pop/popped/popping | soap, air | pop/popped
mailbox | mailboxes | thing | street town | red blue sturdy tall proud cheerful | flag, door, slot |
    wait/waited/waiting, creak/creaked/creaking | letters | creak/creaked
watering can | watering cans | thing | garden backyard | green little round metal helpful sturdy cheerful |
    spout, handle | pour/poured/pouring, sprinkle/sprinkled/sprinkling | water | gurgle/gurgled
fork | forks | thing | kitchen | shiny silver small pointy clean cheerful | prong, handle |
    poke/poked/poking, twirl/twirled/twirling | spaghetti, noodles | clink/clinked
eraser | erasers | thing | school | pink small soft rubber squishy chunky cheerful | edge, corner |
    rub/rubbed/rubbing, wiggle/wiggled/wiggling | mistakes | squeak/squeaked
sandcastle | sandcastles | thing | beach | tall sandy proud golden crumbly cheerful | tower, wall, flag, door |
    stand/stood/standing, crumble/crumbled/crumbling | sand, water | hum/hummed
snowball | snowballs | thing | hill north_pole backyard | cold white round icy small frosty perfect | side, top |
    roll/rolled/rolling, grow/grew/growing | snow, cold | crunch/crunched
mug | mugs | thing | kitchen | big warm cozy red chunky chipped cheerful | handle, rim |
    steam/steamed/steaming, clink/clinked/clinking | cocoa, tea | clink/clinked
jar | jars | thing | kitchen | glass round clear big shiny sturdy empty | lid, rim |
    wobble/wobbled/wobbling, roll/rolled/rolling | jam, cookies | clink/clinked
toaster | toasters | thing | kitchen | shiny silver warm square busy cheerful toasty | slot, lever, button |
    pop/popped/popping, hum/hummed/humming | bread | ding/dinged
paper airplane | paper airplanes | thing | school playroom | white folded pointy light quick swooping speedy |
    wing, nose, tail | glide/glided/gliding, swoop/swooped/swooping | wind | whoosh/whooshed
sandal | sandals | thing | beach house | brown flat little sandy comfy sturdy summery | strap, sole, buckle |
    flap/flapped/flapping, slap/slapped/slapping | feet, sunshine | slap/slapped
""", ["kind", "plural", "group", "homes", "looks", "parts", "moves", "needs", "sound"])


# key | phrases (how a story says where: "in a big forest") | sights (things there, singular with an article) |
#   the place
PLACES = _table("""
forest | in a big forest; deep in the green woods; in a quiet forest |
    a tall tree; a muddy path; a big rock; a little stream; a hollow log; a patch of mushrooms; a squirrel nest |
    the forest
jungle | in a hot green jungle; deep in the jungle; in a jungle full of vines |
    a tall palm tree; a long green vine; a big leafy plant; a splashing waterfall; a muddy river; a bunch of bananas |
    the jungle
zoo | at a busy zoo; in a big city zoo; at the zoo on the hill |
    a wide pen; a little pond; a tall fence; a snack stand; a shady tree; a ticket booth; a big map | the zoo
farm | on a sunny farm; on a little farm; on a busy farm by the hill |
    a red barn; a muddy pen; a wooden fence; a tall haystack; a green tractor; a chicken coop; a muddy puddle | the farm
ranch | on a big ranch; on a dusty ranch out west; on a ranch by the hills |
    a long wooden fence; a dusty trail; a water trough; a big red barn; a tall windmill; a horse stable; a cattle gate |
    the ranch
barn | in an old red barn; in a cozy barn; in a big barn on the farm |
    a pile of hay; a wooden stall; a big door; a dusty ladder; a hay loft; a sleepy cat; a rusty lantern | the barn
pond | by a little pond; at the edge of a green pond; in a quiet pond |
    a lily pad; a tall reed; a flat rock; a muddy bank; a little wooden dock; a croaking frog; a patch of cattails |
    the pond
lake | by a big blue lake; on the shore of a quiet lake; near a sparkling lake |
    a wooden dock; a little boat; a sandy shore; a tall pine tree; a smooth stone; a floating leaf; a fishing pole |
    the lake
river | by a winding river; on the bank of a wide river; near a fast little river |
    a wooden bridge; a smooth stone; a muddy bank; a fallen log; a little waterfall; a rocky shore; a leaping fish |
    the river
sea | in the deep blue sea; at the bottom of the sea; far out in the ocean |
    a big wave; a pink coral; a sunken ship; a sandy floor; a patch of seaweed; a school of fish; an old anchor |
    the sea
beach | on a sandy beach; by the sunny seashore; on a beach by the sea |
    a sandcastle; a big beach umbrella; a pretty shell; a tide pool; a striped towel; a sand dune; a pier | the beach
reef | on a bright coral reef; near a colorful reef; deep down by the reef |
    a pink coral; a hidden cave; a swaying sea fan; a bright sea anemone; a sandy patch; a striped fish; a giant clam |
    the reef
desert | in a hot dry desert; in a sandy desert; far out in the desert |
    a tall cactus; a sand dune; a big red rock; a little oasis; a dry bush; a dry riverbed; a lizard burrow | the desert
mountain | high on a snowy mountain; up on a tall mountain; far up in the mountains |
    a rocky cliff; a snowy peak; a winding trail; a tall pine tree; a cold stream; a mountain hut; a hidden lake |
    the mountain
meadow | in a sunny meadow; in a meadow full of flowers; in a wide green meadow |
    a patch of daisies; a yellow flower; a little hill; a shady tree; a buzzing beehive; a rabbit hole; a wooden stile |
    the meadow
field | in a wide green field; in a field of tall grass; in a golden wheat field |
    a tall scarecrow; a haystack; a stone wall; a tall sunflower; a dirt path; a fluttering crow; a muddy ditch |
    the field
garden | in a pretty garden; in a little vegetable garden; in a garden full of flowers |
    a row of carrots; a tall sunflower; a watering can; a little stone path; a wooden gate; a buzzing bee | the garden
park | in a big green park; at the park down the street; in a busy city park |
    a tall slide; a squeaky swing; a sandbox; a duck pond; a wooden bench; a drinking fountain; a kite stuck in a tree |
    the park
house | in a little house; in a cozy house on a quiet street; in a yellow house |
    a front door; a soft couch; a warm fireplace; a big window; a kitchen table; a creaky staircase; a cozy armchair |
    the house
kitchen | in a warm kitchen; in a busy kitchen; on the kitchen counter |
    a big oven; a cookie jar; a shiny sink; a kitchen table; a tall fridge; a bowl of fruit; a squeaky drawer |
    the kitchen
bedroom | in a cozy bedroom; in a little bedroom upstairs; in a bedroom with blue walls |
    a soft bed; a toy shelf; a little nightlight; a big window; a fluffy rug; a toy chest; a little lamp | the bedroom
toy_box | in a big toy box; at the bottom of a toy box; in an old wooden toy box |
    a wooden lid; a pile of blocks; a rubber ball; a soft teddy bear; a dark corner; a rag doll; a broken crayon |
    the toy box
toy_shop | in a busy toy shop; on a shelf in a toy shop; in a little toy shop in town |
    a high shelf; a shop window; a toy train track; a box of marbles; a long counter; a rocking horse | the toy shop
playroom | in a bright playroom; in a messy playroom; in a playroom full of toys |
    a toy shelf; a tall block tower; a soft rug; a little table; a dress-up box; a puppet theater; a beanbag chair |
    the playroom
school | at a busy school; in a sunny classroom; at the school on the hill |
    a big chalkboard; a little desk; a bookshelf; a playground; a fish tank; a coat hook; a paint corner | the school
town | in a little town; in a busy town by the river; in a quiet town |
    a town square; a clock tower; a little shop; a fountain; a long street; a post office; a bus stop | the town
city | in a big city; in a busy city full of tall buildings; in a noisy city |
    a tall building; a busy street; a city park; a traffic light; a big bridge; a tall crane; a subway train | the city
village | in a little village; in a sleepy village by the hill; in a village by the woods |
    a stone well; a little cottage; a village green; a small bakery; a winding lane; a duck pond; a little church |
    the village
castle | in a tall castle; in a big stone castle on a hill; in a royal castle |
    a tall tower; a big gate; a long hall; a royal throne; a moat; a drawbridge; a dusty suit of armor | the castle
cave | in a dark cave; deep inside a rocky cave; in a cozy cave |
    a big stone; a sparkly crystal; a little puddle; a narrow tunnel; a wide opening; a dripping rock; a sleepy bat |
    the cave
sky | high up in the sky; up above the clouds; in the bright blue sky |
    a fluffy cloud; a bright rainbow; a warm sun; a flock of birds; a gentle breeze; a soaring kite; a hot air balloon |
    the sky
space | far away in outer space; up among the stars; out in space past the moon |
    a bright star; a big round moon; a red planet; a shooting star; a rocket ship; a spinning satellite; a dusty comet |
    space
island | on a little island; on a sunny island far out at sea; on a tiny island |
    a tall palm tree; a sandy beach; a big rock; a coconut; a hidden cove; a treasure chest; a rope swing | the island
north_pole | at the snowy North Pole; far up north in the snow and ice |
    a big iceberg; a snowy hill; an ice cave; a frozen lake; a snowdrift; a polar bear den; a twinkly light |
    the North Pole
south_pole | at the icy South Pole; on a big floating iceberg; in a cold land of snow and ice |
    a big iceberg; an icy cliff; a frozen sea; a snowy hill; a slippery slope; a penguin colony; a frozen puddle |
    the South Pole
swamp | in a misty swamp; in a muddy green swamp; deep in a quiet swamp |
    a lily pad; a mossy log; a tall reed; a muddy bank; a big old tree; a croaking toad; a twisty root | the swamp
savanna | on the wide savanna; out on the grassy plains; on the golden savanna |
    a tall acacia tree; a watering hole; a patch of tall grass; a big rock; a dusty path; a thorny bush | the savanna
hill | on top of a green hill; on a windy hill; on a grassy hill |
    a big oak tree; a stone wall; a grassy slope; a little path; a wooden fence; a kite string; a flock of sheep |
    the hill
orchard | in an apple orchard; in a sunny orchard full of fruit trees |
    an apple tree; a wooden ladder; a basket of apples; a pear tree; a shady path; a beehive; a pile of fallen leaves |
    the orchard
street | on a busy street; on a quiet street; on a long street in town |
    a tall lamppost; a red mailbox; a crosswalk; a sidewalk; a corner shop; a bus shelter; a flower box | the street
garage | in a big garage; in a busy garage in town; in the garage at home |
    a big toolbox; a tall door; a workbench; an oil can; a bicycle; a spare tire; a bag of nails | the garage
station | at a busy train station; at the little station by the tracks |
    a long platform; a big clock; a ticket booth; a shiny track; a wooden bench; a puffing steam engine | the station
airport | at a busy airport; at the big airport by the city |
    a long runway; a tall control tower; a big hangar; a waiting room; a pile of suitcases; a moving walkway |
    the airport
harbor | in a busy harbor; in a little harbor by the sea |
    a long pier; a tall lighthouse; a fishing boat; a big anchor; a stack of crates; a fishing net | the harbor
road | on a long winding road; on a busy road; on a bumpy country road |
    a big sign; a yellow line; a bridge; a tunnel; a gas station; a gravel shoulder; a speed bump | the road
library | in a quiet library; in the big library in town |
    a tall bookshelf; a cozy reading chair; a big desk; a stack of books; a globe; a story rug; a quiet corner |
    the library
bakery | in a warm bakery; in a little bakery on the corner |
    a big oven; a tray of cookies; a glass case; a sack of flour; a tall cake; a bread basket; a rolling pin |
    the bakery
hospital | in a big hospital; in a busy town hospital |
    a comfy bed; a long hall; a waiting room; a front desk; a big window; a rolling chair; a vase of flowers |
    the hospital
fire_station | at the fire station; in a busy fire station in town |
    a shiny fire truck; a long pole; a big bell; a coiled hose; a tall garage door; a row of boots; a spotted dog |
    the fire station
circus | at a big circus; under a striped circus tent |
    a big striped tent; a round ring; a tall ladder; a bunch of balloons; a bright spotlight; a tightrope | the circus
fairground | at a fun fair; at a busy fairground; at the county fair |
    a big Ferris wheel; a merry-go-round; a cotton candy stand; a little train ride; a prize booth; a bumper car |
    the fairground
volcano | near a sleepy volcano; on a warm island with an old volcano |
    a black rock; a warm pool; a rocky path; a puff of steam; a smoky top; a hot spring; a crack in the ground |
    the volcano
treehouse | in a treehouse; in a little treehouse high in an oak tree |
    a rope ladder; a little window; a wooden floor; a secret door; a flag; a pulley bucket; a rope swing | the treehouse
backyard | in a sunny backyard; in the backyard behind the house |
    a swing set; a sandbox; a little garden; a wooden fence; a doghouse; a clothesline; a kiddie pool | the backyard
cloud_kingdom | in a kingdom in the clouds; high up in a land of clouds |
    a fluffy castle; a rainbow bridge; a soft cloud hill; a silver gate; a shining star; a floating garden |
    the cloud kingdom
magic_land | in a magic land far away; in an enchanted kingdom; in a land of make-believe |
    a sparkling river; a tall silver tower; a talking tree; a glowing flower; a rainbow bridge; a candy tree |
    the magic land
pet_shop | in a busy pet shop; in a little pet store in town |
    a fish tank; a bag of food; a cozy basket; a bird perch; a chew toy; a hamster wheel; a birdcage | the pet shop
valley | in a green valley; in a quiet valley between the hills |
    a winding stream; a stone bridge; a field of flowers; a little farm; a tall hill; a windmill; a cozy farmhouse |
    the valley
playground | at a busy playground; at the playground by the school |
    a tall slide; a squeaky swing; a seesaw; a jungle gym; a sandbox; a monkey bar; a merry-go-round | the playground
attic | in a dusty attic; in the attic at the top of the house |
    an old trunk; a round window; a rocking chair; a dusty box; a pile of old books; a dusty mirror; a spider web |
    the attic
bathroom | in a warm bubbly bath; in the bathroom; in a bathtub full of bubbles |
    a big tub; a fluffy towel; a bar of soap; a little sink; a bath mat; a rubber duck; a foamy bubble bath |
    the bathroom
""", ["key", "phrases", "sights", "name"])


# thing | looks | what it does or is for (a verb phrase after "to": "fly high in the wind")
THINGS = _table("""
# toys and play
kite | red long bright paper | fly high in the wind
ball | round red bouncy rubber | bounce and roll across the grass
doll | pretty small soft pink | have a tea party
teddy bear | soft brown fluffy cuddly | hug at bedtime
spinning top | shiny bright little round | spin round and round on the floor
yo-yo | red shiny small round | go up and down on a string
marble | tiny round glass shiny blue | roll across the floor
jump rope | long pink bouncy | skip and jump with friends
puzzle | big colorful tricky cardboard | put together piece by piece
block | wooden square bright little | build a tall tower
toy car | small fast red shiny | race across the rug
toy train | long shiny blue wooden | chug around the track
puppet | funny floppy soft colorful | put on a little show
sock puppet | funny striped floppy soft | tell a silly story
whistle | small shiny silver loud | call friends from far away
bubble wand | long pink plastic bright | blow big shiny bubbles
balloon | round red bright shiny light | float up high on a string
sled | fast wooden long red | slide down the snowy hill
wagon | red little sturdy squeaky | pull toys around the yard
pail | little blue plastic round | carry sand and water
shovel | small yellow sturdy plastic | dig in the sand
beach ball | big bright striped bouncy | toss back and forth at the beach
hula hoop | round bright pink big | spin around and around
soccer ball | round black white bouncy | kick into the goal
baseball | small white round hard | throw and catch
basketball | big orange round bouncy | bounce and shoot into the hoop
pinwheel | bright colorful spinny little | spin in the breeze
snow globe | round glass sparkly little | shake and watch the snow fall
music box | small pretty wooden golden | play a soft song
toy boat | little red wooden light | sail in the bath
paper boat | small white folded light | float on a puddle
paper airplane | white folded pointy light | fly across the room
toy robot | shiny silver clever little | march across the floor
toy dinosaur | green plastic little bumpy | play pretend
stuffed animal | soft cuddly fuzzy small | hug all night long
rubber duck | yellow squeaky little bright | float in the bath
kazoo | small silly buzzy red | make a funny sound
# school and art
crayon | bright waxy colorful little | draw a picture
paintbox | bright colorful little messy | paint a rainbow
paintbrush | soft thin long wooden | paint bright colors
pencil | yellow sharp long wooden | write a name
notebook | small blue clean new | write down ideas
eraser | pink small soft rubber | rub out mistakes
ruler | long straight wooden flat | draw straight lines
marker | bright fat colorful new | color a picture
sticker | shiny bright sparkly little | stick on a card
book | big colorful thick old | read a story at bedtime
picture book | bright big colorful shiny | look at pictures
backpack | blue big sturdy useful | carry books to school
lunchbox | red shiny square metal | carry lunch to school
bead | tiny round colorful shiny | make a necklace
ball of yarn | soft red fuzzy round | knit a warm scarf
# finding the way
map | old folded paper crinkly | find the way home
treasure map | old brown crinkly secret | find hidden treasure
compass | small shiny round brass | point the way north
flashlight | bright small yellow handy | see in the dark
lantern | warm glowing old little | light the path at night
magnifying glass | round shiny big clear | look at tiny things
telescope | long shiny big brass | look at the stars
camera | small black shiny new | take a picture
net | long green handy light | scoop up leaves from the pond
tent | big green cozy striped | camp outside
sleeping bag | warm cozy soft long | sleep under the stars
rope | long thick strong brown | pull a heavy wagon
ladder | tall wooden sturdy long | climb up high
string | long thin white | tie things together
hammer | small heavy sturdy | fix a wobbly chair
# clothes and dress-up
sock | striped warm woolly soft | keep toes warm
mitten | red woolly warm fuzzy | keep hands warm in the snow
scarf | long striped woolly warm | keep warm on a cold day
hat | big floppy blue straw | keep the sun off
boot | big red rubber shiny | splash in puddles
raincoat | yellow shiny bright long | stay dry in the rain
umbrella | big red striped bright | keep dry in the rain
sweater | soft warm cozy green fuzzy | stay warm on a chilly day
shoe | new shiny little red | run and play
dress | pretty pink twirly new | twirl at a party
crown | shiny gold sparkly royal | wear like a king or a queen
cape | red long swishy bright | play superhero
mask | funny bright colorful paper | play dress-up
pirate hat | black big floppy | play pirates
party hat | pointy colorful shiny paper | wear at a birthday party
necklace | shiny pretty sparkly long | wear on a special day
ribbon | long pink silky shiny | tie a pretty bow
button | round shiny small blue | hold a coat closed
roller skate | shiny fast pink new | skate down the path
# home
blanket | soft warm fluffy cozy big | stay warm at night
pillow | soft fluffy white puffy | rest a sleepy head
quilt | cozy warm colorful patchwork | wrap up on a cold night
nightlight | small soft glowing warm | keep the room softly lit
candle | tall white warm glowing | light up a dark room
lamp | tall bright yellow warm | light up the room
clock | round old ticking big | tell the time
mirror | shiny round bright clean | see a smiling face
broom | long wooden scratchy old | sweep the floor
chair | little wooden sturdy blue | sit down and rest
rug | soft round colorful fuzzy | sit on and play
toothbrush | small blue soft new | brush teeth
soap | slippery bubbly pink sweet | wash hands
towel | soft fluffy big warm | dry off after a bath
bell | small shiny golden jingly | ring a happy tune
key | small shiny silver old | open a locked door
box | big brown cardboard empty | hide toys inside
basket | round woven brown handy | carry apples home
bucket | big blue plastic sturdy | carry water
watering can | green little round metal | water the flowers
flower pot | small brown round clay | grow a little plant
wheelbarrow | big red sturdy rusty | carry dirt in the garden
birdhouse | small wooden cozy red | give a bird a home
bird feeder | little wooden green handy | feed hungry birds
bandage | small sticky soft | cover a scraped knee
piggy bank | pink round shiny heavy | save coins
coin | shiny gold round small | put in a piggy bank
# kitchen
cup | small blue round warm | drink warm milk
mug | big warm cozy red | drink hot cocoa
teacup | tiny pretty white dainty | sip tea at a tea party
teapot | round white pretty little | pour tea for friends
kettle | shiny round silver | boil water for tea
plate | round white big clean | hold a yummy snack
bowl | round deep warm blue | eat hot soup
spoon | shiny silver small round | stir the soup
fork | shiny silver small pointy | eat spaghetti
pot | big black heavy round | cook a big pot of stew
jar | glass round clear big | keep the jam fresh
cookie jar | big round glass | keep cookies safe
picnic basket | big woven brown full | carry food to a picnic
honey pot | sweet sticky golden round | hold sweet honey
# food and treats
cake | big sweet chocolate yummy tall | share at a party
cupcake | small sweet pink yummy | eat as a treat
cookie | round sweet crunchy warm | dip in milk
pie | warm sweet round golden | share after dinner
apple | red shiny round juicy crunchy | eat as a snack
banana | yellow long sweet soft | munch at snack time
orange | round juicy sweet bright | squeeze into juice
strawberry | red sweet juicy small | eat with cream
blueberry | tiny blue sweet round | bake into muffins
watermelon | big green juicy sweet | share on a hot day
bunch of grapes | purple sweet juicy round | share with a friend
carrot | long orange crunchy fresh | feed a hungry bunny
sandwich | big yummy tasty soft | eat at a picnic
pancake | warm round fluffy golden | eat with syrup
ice cream cone | cold sweet creamy yummy | lick on a hot day
popsicle | cold sweet icy red | lick on a sunny afternoon
lollipop | round sweet sticky colorful | lick slowly
candy cane | red striped sweet minty | hang on the holiday tree
jellybean | tiny sweet colorful chewy | eat as a treat
muffin | warm sweet soft round | eat for breakfast
donut | round sweet sugary sticky | share with a friend
pizza | warm cheesy big round yummy | share for dinner
egg | white smooth round small | cook for breakfast
juice box | small cold sweet | drink at lunch
pumpkin | big orange round bumpy | make a pumpkin pie
bone | big white chewy | give to a hungry puppy
# nature finds
acorn | small brown round shiny | hide away for winter
pinecone | brown bumpy spiky dry | hang up for the birds
feather | soft light long white fluffy | tickle a nose
shell | pretty pink shiny smooth | hear the sound of the sea
pebble | smooth gray small round | skip across the pond
rock | big gray bumpy heavy | stand on to see far away
stick | long brown bumpy thin | draw in the sand
leaf | big red crunchy golden | float down the stream
flower | pretty pink bright little | give to someone special
seed | tiny brown round hard | plant in the garden
snowball | cold white round icy | roll into a snowman
gem | shiny sparkly blue bright | keep as a treasure
soap bubble | round shiny wobbly light | float up into the sky
# music
drum | round loud red big | play a happy beat
guitar | brown shiny wooden big | play a happy song
piano | big black shiny | play a sweet tune
violin | small brown shiny wooden | play a gentle song
flute | long silver shiny thin | play a soft tune
trumpet | shiny gold loud bright | play a loud song
xylophone | colorful bright wooden tinkly | play a bouncy tune
harmonica | small silver shiny | play a little tune
tambourine | round jingly bright | shake along with a song
maraca | round bright noisy colorful | shake to the music
radio | old small loud silver | play happy music
# presents and mail
present | big shiny wrapped colorful | give on a birthday
card | folded bright colorful paper | say happy birthday
letter | long white folded secret | tell a friend some news
envelope | white small paper square | hold a letter
stamp | tiny colorful square | mail a letter
treasure chest | big old wooden heavy | keep treasure safe
wand | magic sparkly thin silver | make a wish come true
flag | bright colorful red little | wave in the wind
# riding
bike | red fast shiny new | ride around the park
tricycle | red little shiny squeaky | ride around the driveway
scooter | blue fast shiny little | zoom down the sidewalk
skateboard | fast long bright cool | roll down the street
# more food
bowl of noodles | warm long slurpy yummy | slurp up for lunch
bowl of soup | hot steamy tasty warm | warm up on a cold day
piece of cheese | yellow soft smelly holey | share with a little mouse
pear | green juicy sweet ripe | munch under a tree
lemon | yellow sour bright juicy | make fresh lemonade
peach | soft fuzzy sweet juicy | eat on a summer day
plum | purple round juicy sweet | pop into a lunch box
cherry | red tiny shiny sweet | put on top of a cake
pineapple | big spiky yellow juicy | share at a beach party
coconut | hard brown hairy round | crack open for a drink
potato | brown lumpy round dusty | bake for dinner
tomato | red round juicy ripe | slice for a salad
cucumber | long green cool crunchy | slice for a sandwich
corn cob | yellow sweet buttery long | munch at a barbecue
pea pod | green little crisp fresh | pop open in the garden
loaf of bread | warm crusty golden fresh | slice for toast
slice of toast | warm crunchy buttery golden | eat with jam
bagel | round chewy warm soft | eat with cream cheese
pretzel | twisty salty golden warm | munch at the fair
waffle | crispy golden warm square | eat with berries
bowl of cereal | crunchy sweet colorful | eat for breakfast
bowl of porridge | warm thick creamy sweet | eat on a cold morning
bowl of popcorn | salty buttery fluffy crunchy | share during a movie
cinnamon roll | sweet sticky warm swirly | share with grandma
jar of jam | sticky sweet red shiny | spread on warm toast
jar of honey | golden sticky sweet thick | drizzle on pancakes
chocolate bar | sweet brown melty yummy | share with a friend
gingerbread cookie | spicy brown crunchy sweet | decorate with icing
marshmallow | soft white fluffy squishy | toast over a campfire
cup of cocoa | hot sweet chocolaty steamy | sip before bed
glass of milk | cold white fresh creamy | drink with cookies
glass of lemonade | cold sweet sour fizzy | sip on a hot day
bowl of berries | sweet juicy red fresh | share after lunch
hot dog | warm long tasty juicy | eat at a picnic
meatball | round warm juicy tasty | eat with spaghetti
dumpling | soft warm round steamy | dip in sauce
taco | crunchy warm tasty messy | eat for dinner
# more kitchen and home
frying pan | black heavy round hot | cook eggs for breakfast
rolling pin | long wooden smooth heavy | roll out cookie dough
mixing bowl | big round white deep | mix cake batter
whisk | shiny silver wiry bendy | whip up fluffy cream
apron | striped floury long cozy | keep clothes clean while baking
oven mitt | thick padded red puffy | hold a hot tray
tray | flat shiny silver round | carry cups of tea
napkin | soft white folded clean | wipe sticky fingers
tablecloth | checked red white long | cover the table for dinner
sponge | yellow soft squishy bubbly | wash the dishes
dish towel | striped soft dry clean | dry the plates
straw | bendy striped long thin | sip a cold drink
fridge magnet | tiny bright colorful funny | hold up a drawing
alarm clock | loud round ticking red | wake up in the morning
doormat | scratchy brown square prickly | wipe muddy feet
nightgown | long soft white frilly | wear to bed
cushion | soft plump square fluffy | rest on the couch
bookmark | thin bright little paper | keep the page in a book
pair of earmuffs | fluffy warm pink round | keep ears warm in the snow
laundry basket | big round woven full | carry clean clothes
vase | tall glass pretty thin | hold fresh flowers
photo frame | small wooden square pretty | hold a family picture
hot water bottle | warm squishy red cozy | keep toes warm in bed
# clothes and dress-up
pair of pajamas | soft striped cozy warm | wear to bed
pair of slippers | fuzzy warm soft floppy | keep feet warm at home
bathrobe | fluffy warm soft long | wear after a bath
pair of rain boots | yellow rubber shiny tall | splash in big puddles
woolly hat | warm fuzzy striped soft | keep ears warm
pair of gloves | warm woolly gray soft | keep fingers warm
pair of mittens | red fuzzy cozy warm | build a snowman
sun hat | wide floppy straw yellow | keep the sun off on the beach
baseball cap | red cool bright | wear at the ball game
pair of sunglasses | dark cool shiny black | keep bright sun out of the eyes
swimsuit | blue stretchy bright spotted | swim in the pool
pair of sneakers | white bouncy new fast | run in the park
belt | brown leather long shiny | hold up baggy pants
bow tie | red spotted little neat | look smart at a wedding
tutu | pink fluffy twirly frilly | dance like a ballerina
bracelet | shiny beaded colorful little | wear on a wrist
# school things
glue stick | sticky white little handy | glue paper shapes
pair of scissors | small safe sharp shiny | cut out paper stars
pencil case | zippy blue long handy | keep pencils together
piece of chalk | white dusty soft powdery | draw on the sidewalk
small chalkboard | black dusty smooth little | write the letters of the alphabet
globe | round blue spinning big | find faraway places
calculator | small gray handy clever | add up numbers
sticky note | yellow square tiny bright | leave a little message
clipboard | flat brown handy wooden | hold paper for drawing
stapler | black heavy clicky metal | join papers together
coloring book | big bright fun thick | color in pictures
sketchbook | thick white new clean | draw animals and trees
# garden tools
rake | long wooden scratchy sturdy | gather up fallen leaves
garden hose | long green wiggly wet | water the thirsty plants
trowel | small shiny pointy metal | dig little holes for seeds
pair of garden gloves | green muddy thick floppy | pull up weeds
seed packet | small colorful paper crinkly | plant flowers in spring
butterfly net | long green light handy | catch butterflies gently
scarecrow | floppy tall straw funny | scare the crows away
# nature finds
pine needle | thin green sharp prickly | tickle a friend
conch shell | big pink swirly smooth | hear the ocean
bird's nest | round twiggy soft cozy | keep eggs safe
walnut | brown hard bumpy round | crack open for a snack
chestnut | shiny brown smooth round | roast in the fire
four-leaf clover | green lucky tiny rare | make a wish
piece of driftwood | smooth gray twisty old | build a little raft
crystal | sparkly clear shiny pointy | hold up to the light
fossil | old gray stony bumpy | show at school
daisy chain | white yellow pretty long | wear as a crown
mud pie | brown squishy messy gooey | pretend to bake
# instruments
ukulele | small brown wooden cheerful | strum a happy song
cello | big brown deep wooden | play a slow song
triangle | shiny silver tinkly small | ring along with the band
recorder | long white plastic squeaky | play a simple tune
bongo drum | small round loud brown | tap out a beat
accordion | big wheezy red shiny | play a dancing tune
# sports things
tennis ball | fuzzy yellow bouncy round | bounce against a wall
tennis racket | light long shiny strong | hit a ball over the net
baseball bat | long wooden smooth strong | hit a home run
football | brown pointy leathery | throw to a friend
hockey stick | long bent wooden sturdy | push a puck across the ice
pair of ice skates | white shiny sharp new | glide across the frozen pond
helmet | round hard shiny blue | keep a head safe
swim ring | round inflatable bright striped | float in the pool
pair of goggles | clear blue stretchy little | see under the water
frisbee | round flat red light | throw across the park
trophy | shiny gold tall heavy | show off after winning
medal | round shiny gold bright | wear after a race
# bath things
bubble bath | foamy bubbly pink sweet | fill the tub with bubbles
bath toy | squeaky bright little floaty | play with in the tub
washcloth | soft square blue wet | wash a sticky face
shampoo bottle | tall pink squeezy slippery | wash hair
hairbrush | soft round pink wooden | brush tangled hair
comb | small black thin plastic | comb hair neatly
bath sponge | soft squishy yellow holey | scrub muddy knees
# party things
party balloon | big shiny round bouncy | tie to a chair at a party
streamer | long curly colorful paper | hang up for a party
birthday candle | tiny striped bright | blow out with a wish
party blower | curly noisy bright paper | toot at a party
gift bag | shiny colorful paper little | hold a surprise
paper lantern | round bright paper glowing | hang up for a party
bag of confetti | small colorful sparkly full | throw at a party
invitation | pretty folded bright paper | invite friends to a party
goody bag | small colorful full crinkly | take home after a party
""", ["thing", "looks", "use"])


# names for heroes that are not children (toys, vehicles, things, magic, sky); children and animals use the
# generator's child names
THING_NAMES = """
Zoom Beep Chug Bolt Sparky Twinkle Bubbles Puff Wobble Ziggy Pip Doodle Fizz Jingle Rusty Bumble Sunny Plink
Biscuit Noodle Sprig Bongo Tango Clank Whizz Tootle Patch Scamp Dot Dash Blip Flick Glimmer Sprinkles Cocoa
Pickles Fuzzy Tinker Gizmo Widget Zippy Whirly Clunk Rumble Dusty Sparkle Shimmer Twirl Bounce Squeak Tick Tock
Buzzy Pudding Jelly Waffle Pretzel Crumbs Nugget Bean Pogo Zephyr Nimbus Flint Copper Toot Bingo Domino Lolly Taffy
Sprocket Cogs Zigzag Pepper Coco Buttons Wiggles Puddles Fluff Dimple Bobble Jiggles Tumble Giggles Snooze Frosty
Chirpy Mossy Twiggy Skipper Turbo Dizzy Boing Zing Glint Flash Rattle Choo Dinky Toffee Fudge Nutmeg Peanut
Squiggle Scribble Smudge Bumper Chuckles Wink Blink Tinsel Glitter Tippy Topsy Fidget Snuggles Cuddles Pompom
""".split()


GROUPS = sorted({h["group"] for h in HEROES})
_GROUP_NAMES = "kid job pet farm forest wild sea bird bug toy vehicle magic plant sky thing".split()


def check():
    """Assert the tables are well formed: every home is a place, every verb has its forms, nothing is listed twice."""
    place_keys = [p["key"] for p in PLACES]
    kinds = [h["kind"] for h in HEROES]
    things = [t["thing"] for t in THINGS]
    for name, items in (("hero kind", kinds), ("place key", place_keys), ("thing", things), ("name", THING_NAMES)):
        dupes = sorted({x for x in items if items.count(x) > 1})
        assert not dupes, f"duplicate {name}s: {dupes}"
    for h in HEROES:
        where = f"hero {h['kind']!r}"
        assert h["kind"] and h["plural"] and h["group"], where
        homes = h["homes"].split()
        assert 1 <= len(homes) <= 4, f"{where}: 1-4 homes"
        for home in homes:
            assert home in place_keys, f"{where}: home {home!r} is not a key of PLACES"
        assert h["group"] in _GROUP_NAMES, f"{where}: group {h['group']!r} is not one of {_GROUP_NAMES}"
        assert 4 <= len(h["looks"].split()) <= 8, f"{where}: 4-8 looks"
        parts = [p.strip() for p in h["parts"].split(",")]
        assert 2 <= len(parts) <= 4 and all(parts), f"{where}: 2-4 parts, none empty"
        moves = [m.strip() for m in h["moves"].split(",")]
        assert 1 <= len(moves) <= 3, f"{where}: 1-3 moves"
        for move in moves:
            forms = move.split("/")
            assert len(forms) == 3 and all(forms), f"{where}: move {move!r} is not base/past/-ing"
        needs = [n.strip() for n in h["needs"].split(",")]
        assert 1 <= len(needs) <= 3 and all(needs), f"{where}: 1-3 needs, none empty"
        forms = h["sound"].split("/")
        assert len(forms) == 2 and all(forms), f"{where}: sound {h['sound']!r} is not base/past"
    for p in PLACES:
        where = f"place {p['key']!r}"
        assert p["key"] and " " not in p["key"], f"{where}: key must be one word (join with _)"
        phrases = [x.strip() for x in p["phrases"].split(";")]
        assert 2 <= len(phrases) <= 4 and all(phrases), f"{where}: 2-4 phrases, none empty"
        sights = [x.strip() for x in p["sights"].split(";")]
        assert 4 <= len(sights) <= 7, f"{where}: 4-7 sights"
        for sight in sights:
            assert sight.startswith(("a ", "an ")), f"{where}: sight {sight!r} needs a or an"
        assert p["name"], f"{where}: no name"
    for t in THINGS:
        where = f"thing {t['thing']!r}"
        assert 3 <= len(t["looks"].split()) <= 6 and t["use"], f"{where}: 3-6 looks and a use"
    for name in THING_NAMES:
        assert name.isalpha() and name[0].isupper() and name[1:].islower(), f"name {name!r}"
        assert name.lower() not in kinds, f"name {name!r} is also a hero kind"
