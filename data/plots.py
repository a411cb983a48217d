"""What happens in the built-in any-hero stories: plots written as text, one step a line, read by data/stories.py.

The hero of these stories can be any kind of thing (a rhinoceros, a fire truck, a cactus, twins, the sun): the
engine picks one from data/heroes.py and fills the placeholders below, so every line must read well for all the
heroes its plot fits. Every word here is written by hand for slm: no story dataset is copied.

Format (PLOTS is parsed line by line):
- Plots are separated by blank lines; each starts with `plot: <short name>`.
- A line starting with whitespace continues the line before it (joined with one space).
- Header keys, each at most once, before the first step:
  `for:` `any`, or groups from kid job pet farm forest wild sea bird bug toy vehicle magic plant sky thing,
  optionally followed by exclusions such as `-bird -sky`;
  `cast:` the extra characters used, a subset of F (a friend of another kind), W (a wise helper), T (a thing);
  `when:` any, day, night, rain or snow; `weight:` 1 to 3; `trait:` what is said right after the opening.
- Body lines, in story order: `step: alt | alt` (one alternative is chosen), `maybe 0.4: alt | alt` (happens
  with that probability), `say H: line | line` (also `say F:` and `say W:`; the engine adds the quotes and the
  speech tag; a line ends with . ! or ?), and `para` (a paragraph break).
- Footer keys: `lesson:` clauses completing "learned that ..." (lower case, no final period), `feel:` 3 to 5
  adjectives, `ritual:` past-tense verb phrases completing "From that day on, {H} ...".
- Alternatives are separated by ` | `; the character "|" is used for nothing else.

Placeholders: {H} (the hero's name, never after "the"), {H.He} {H.he} {H.him} {H.his} {H.His} {H.self} {H.was}
{H.has} {H.kind} {H.plural} {H.look} {H.part} {H.move} {H.moved} {H.moving} {H.need} {H.sound} {H.sounded}
{H.home} {H.place} {H.sight} {H.sight_a}; the friend {F.a} (first mention, once) then {F} and the same fields;
the wise helper {W.a} (once) then {W} {W.He} {W.he} {W.him} {W.his} {W.kind}; the thing {T.a} (once) then {T}
{T.kind} {T.look} {T.use}; {lead} in the first step; connectors {then} {soon} {sudden} {but} {so} {last}.
The hero may be plural (twins), so narration uses {H.was} and {H.has}, never "{H} was", and no present tense.
Dialogue never names a character: it says "you", "I", "we", or "little {F.kind}".
"""

PLOTS = """
plot: wanting to fly
for: any -bird -sky -bug -magic
cast: F
when: day
weight: 2
trait: {H.He} loved to {H.move} all day long. | More than anything, {H.he} wanted to see the world from up high.
   | {H.He} often looked up at the clouds and wondered how they felt.
step: {lead}, {H} watched the birds fly over {H.place}. | {lead}, {H} saw a bird swoop high above {H.place}.
say H: I wish I could fly like that! | Why can't I fly up there too?
maybe 0.5: {H} tried to jump up, but {H.he} fell down with a bump.
   | {H} flapped {H.his} {H.part} as hard as {H.he} could, but nothing happened.
step: {H} sat down by {H.sight} and sighed. | {H} felt gloomy and a little bit silly.
para
step: {sudden} {F.a} came by. | {then} {F.a} came {F.moving} along the path.
say F: Why do you look so sad? | What is wrong, {H.look} {H.kind}?
say H: I want to fly, but I can only {H.move}. | I want to see {H.place} from up in the sky.
step: {F} thought for a moment. Then {F.he} smiled. | {F} scratched {F.his} head and looked around.
say F: I know a way! Follow me. | I have an idea. Come with me to the top of the hill.
step: Together they went up the tallest hill near {H.place}. | {F} led {H} up a steep, grassy hill, step by step.
step: From the top, {H} could see everything: {H.sight}, the river, and the little houses far away.
   | At the top, the wind was cool, and the whole world looked tiny.
say H: This is just like flying! | Wow! I can see all of {H.place} from here!
step: {H} and {F} sat on the hill until the sun went down.
   | The two new friends laughed and watched the clouds drift by.
lesson: you do not need wings to see the world in a new way | a good friend can help you find a way
   | it is good to be just who you are
feel: happy free thankful amazed
ritual: climbed the hill with {F} to watch the clouds | looked up at the sky and smiled

plot: over the far hill
for: any
cast: F
weight: 2
trait: {H.He} often wondered what was on the other side of the big hill.
   | {H.He} {H.was} very curious and loved to explore.
step: {lead}, {H} looked at the big blue hill far away from {H.place}. | {lead}, {H} woke up early with a brave idea.
say H: Today I will find out what is behind that hill! | I want to go somewhere new today!
step: {so} {H} {H.moved} past {H.sight}, over a little bridge, and through a field of yellow flowers.
   | {so} {H} set off along a winding path, past a pond and an old stone wall.
step: The path was long, and the sun was warm. | It was a long way, and soon {H.his} {H.part} felt tired.
para
step: Near the top of the hill, {H} met {F.a}. | Halfway up, {H} saw {F.a} resting under a crooked tree.
say F: Where are you going, {H.look} {H.kind}? | Hello! You are far from home. Where are you going?
say H: I want to see what is on the other side! | I am going on an adventure!
say F: I will come with you. It is more fun with a friend. | I know the way. Let's go together!
step: Together they reached the very top. | Side by side, they climbed the last bit of the hill.
step: On the other side was a wide valley with a sparkling lake, an orchard full of apples, and a windmill.
   | Down below, they saw a shining lake, a tiny village, and a meadow full of butterflies.
say H: It is beautiful! | Wow! The world is so big!
maybe 0.4: A family of ducks paddled by and quacked hello. | A rabbit hopped out of the tall grass to say hello.
step: They rested by the lake and shared a snack. | They picked flowers and splashed their feet in the cool water.
step: When the sky turned pink, {H} {H.moved} back home to {H.place}, tired and happy.
   | At sunset, {F} went with {H} all the way back to {H.place}.
lesson: the world is full of wonderful things to see | an adventure is more fun with a friend
   | it is good to be curious, and it is good to come home
feel: happy curious brave excited
ritual: went on a little adventure with {F} every week | dreamed about the valley behind the hill

plot: lost far from home
for: any
cast: W
when: day
weight: 2
trait: {H.He} knew every corner of {H.place}. | {H.He} liked to {H.move} a little farther every day.
step: {lead}, {H} followed a pretty blue butterfly. | {lead}, {H} chased a red balloon that floated in the wind.
step: {H} went farther and farther, past all the places {H.he} knew. | {H.He} did not look where {H.he} {H.was} going.
step: {sudden} {H} stopped. Nothing looked familiar. The trees were tall and dark, and the path was gone.
   | {then} {H} looked around. {H.He} did not know this place at all.
say H: Oh no! Where am I? | How will I ever get back to {H.place}?
step: {H} felt scared and alone, and {H.his} {H.part} trembled. | {H} sat down on a mossy rock and began to cry.
para
step: {then} {H} heard a gentle voice. It was {W.a}. | {sudden} {W.a} stepped out from behind a bush.
say W: Why are you crying, little one? | Are you lost? Do not be afraid.
say H: I am lost. I want to go home. | I cannot find my way back to {H.place}.
say W: Take a deep breath. Can you hear the river? It will lead you home.
   | Look for the tall hill. Your home is on the other side.
step: {H} took a deep breath and thanked {W}. | {H} wiped away the tears and said thank you.
step: {H.He} {H.moved} on carefully, and {W} came along to show the way.
   | {H.He} listened, watched, and went slowly, one step at a time.
step: {last} {H} saw {H.sight}. {H.He} {H.was} home!
   | {last} {H} could see {H.sight} again, and {H.his} heart jumped with joy.
say H: I am home! Thank you, wise {W.kind}! | Home at last!
lesson: you should stay calm when you are lost | it is wise to look where you are going
   | it is okay to ask for help when you need it
feel: relieved thankful safe happy
ritual: always looked where {H.he} {H.was} going | found the way home by {H.sight}

plot: the lost thing
for: any
cast: T F
weight: 2
trait: {H.He} {H.was} a little bit forgetful. | {H.He} had a favorite thing in the whole world.
step: {lead}, {H} found {T.a} under {H.sight}. {H.He} loved it at once.
   | {lead}, {H} got {T.a} from a kind old neighbor.
step: {H} took {T} everywhere. {H.He} used it to {T.use}. | Every day, {H} and {T} went out to {T.use}.
step: {but} one afternoon, {H} looked around, and {T} was gone! | {then} one morning, {T} was not in its spot.
say H: Where is my {T.kind}? I cannot find it anywhere! | Oh no! I lost my {T.kind}!
step: {H} looked under the bushes, behind {H.sight}, and in the tall grass.
   | {H} searched high and low, but {T} was nowhere.
para
step: {then} {F.a} came by and saw how sad {H} {H.was}. | {sudden} {F.a} came over.
say F: What are you looking for? I can help! | Why are you so sad? Maybe I can help.
say H: I lost my {T.kind}. It is {T.look}, and I love it. | My {T.look} {T.kind} is gone!
step: {F} thought hard. | {F} helped {H} look.
say F: Where did you last have it? | Let's think. Where did you play this morning?
step: {H} remembered. {H.He} had played by the old fence near the pond!
   | {H} thought and thought. Then {H.he} remembered the picnic by the pond.
step: They hurried to the pond. There was {T}, safe in the grass!
   | They went to the pond, and there was {T}, right by a big gray rock.
say H: You found it! Thank you! | Hooray! Thank you, my friend!
step: {H} let {F} have a turn with {T}, and they played together until dinner.
   | {H} shared {T} with {F}, and they played all afternoon.
lesson: it helps to stay calm and think | a friend can help you find what you lost
   | it is good to take care of the things you love
feel: relieved happy thankful glad
ritual: put {T} in a safe place every night | played with {T} and {F} every day

plot: too small to help
for: any
cast: F
weight: 2
trait: {H.He} {H.was} the youngest one in {H.place}. | Everyone said {H.he} {H.was} too little to play.
step: {lead}, {H} saw some friends playing ball near {H.sight}.
   | {lead}, {H} found a big group playing a game in the meadow.
say H: Can I play too? | May I join your game?
step: {F.a} laughed. | {F.a} shook {F.his} head.
say F: You are too small to play with us! | Go away. You are too little for this game.
step: {H} felt sad. {H.He} {H.moved} away and sat by the fence. | {H.His} {H.part} drooped, and {H.he} went away.
para
step: {then} the ball bounced over the fence and rolled into a narrow hole under a log.
   | {sudden} the ball flew far and got stuck in a thin crack between two rocks.
step: {F} tried to reach it, but the gap was too small. | Everyone tried and tried, but no one could reach the ball.
say F: Oh no! Our ball is stuck! | Now we cannot play anymore!
step: {H} came over. | {H} came closer to have a look.
say H: Let me try. | Maybe I can help.
step: {H} squeezed into the narrow gap and pushed the ball out with {H.his} {H.part}.
   | {H} wiggled in, little by little, and nudged the ball free.
say F: You did it! I am sorry I said you were too small. | Thank you! Being small is a good thing after all!
step: {F} asked {H} to join the game, and they played until the stars came out.
   | From then on, everyone played together.
lesson: you do not have to be big to do big things | everyone can help in their own way
   | it is not kind to leave someone out
feel: proud happy brave glad
ritual: played ball with {F} after lunch | helped whenever something was stuck

plot: afraid of the storm
for: any
cast: F
when: rain
weight: 2
trait: {H.He} {H.was} brave about most things, but not about thunder. | {H.He} did not like loud noises at all.
step: {lead}, dark clouds rolled over {H.place}. | {lead}, the sky over {H.place} turned gray and heavy.
step: {then} the rain began to pour, and the wind howled.
   | Soon fat raindrops pattered on the leaves, and the wind whistled.
step: BOOM! The thunder was so loud that {H} jumped. | {sudden} lightning flashed, and thunder rumbled across the sky.
say H: I am scared! | Make it stop! It is too loud!
maybe 0.4: The rain tapped and pattered like a hundred tiny drums.
step: {H} hid behind {H.sight} and shivered. | {H} squeezed into a corner and did not move.
para
step: {then} {F.a} hurried in to get out of the rain. | Just then, {F.a} came in, dripping wet.
say F: May I stay with you until the storm is over? | Brr! Can I wait here with you?
say H: Yes, but I am scared of the thunder. | Of course. But the thunder is so loud!
say F: Thunder is just the sky making noise. It cannot hurt us here.
   | When I am scared, I count, and the storm feels smaller.
step: {F} sat close to {H}. They told stories and sang a silly song.
   | They counted the seconds between the booms, and each time the number grew bigger.
step: Little by little, the thunder moved far away. | Slowly, the rumbles grew soft and quiet.
step: {last} the sun peeked out, and a rainbow stretched over {H.place}.
   | {last} the rain stopped, and everything sparkled in the sunshine.
say H: Look! The storm is gone! | That was not so bad with a friend!
lesson: storms always pass | being brave is easier with a friend | it is okay to be scared sometimes
feel: safe brave cozy happy
ritual: sang the silly song whenever it thundered | was never so scared of storms again

plot: the forgotten birthday
for: any
cast: F T
weight: 2
trait: {H.He} had been waiting for this day for a long time. | {H.He} loved parties, cake, and balloons.
step: {lead}, {H} woke up with a big smile. It was {H.his} birthday!
   | {lead}, {H} jumped up early. Today was {H.his} birthday!
step: {H} {H.moved} all around {H.place}, but nobody said happy birthday.
   | {H} waited and waited, but no one said a word about it.
say H: Did everyone forget my birthday? | Nobody remembered. Not one.
step: {H} felt lonely, and the smile went away. | {H} sat by {H.sight} and let out a long, sad sigh.
para
step: {then} {F.a} came over. | {sudden} {F.a} hurried up, out of breath.
say F: Come with me! Quick! I need to show you something. | Follow me. It is very important!
step: {F} led {H} to a little clearing behind the trees. | {F} took {H} down the path to a sunny meadow.
step: {sudden} everyone jumped out from behind the bushes. | {sudden} all of {H.his} friends popped out and cheered.
say F: Surprise! Happy birthday! | Happy birthday! We did not forget!
step: There was a cake with candles, and paper lanterns hung in the trees.
   | There were balloons, music, and a cake as big as a hat.
step: {F} gave {H} {T.a}. | Then {F} held out a present. Inside was {T.a}.
say H: Thank you! This is the best birthday ever! | I thought you forgot. This is wonderful!
step: {H} blew out the candles and made a wish. | They ate cake and danced until the moon came up.
lesson: friends do not forget the ones they love | a surprise can turn a sad day into a happy one
   | you should not give up on your friends
feel: happy loved surprised thankful
ritual: kept {T} close by | planned a surprise for {F} on {F.his} birthday

plot: stuck in the mud
for: any
cast: F
when: day
weight: 2
trait: {H.He} {H.was} strong and always ready to help. | {H.He} liked to {H.move} by the river.
step: {lead}, {H} heard a cry near the river.
   | {lead}, {H} {H.was} {H.moving} along the muddy bank when {H.he} heard a shout.
say H: Who is there? | What was that?
step: It was {F.a}. {F.He} {F.was} stuck deep in the thick, sticky mud.
   | There, in a big puddle of mud, was {F.a}, stuck up to {F.his} middle.
say F: Help! I cannot get out! | Please help me! The mud will not let me go!
step: {H} reached out, but {F} was too far away. | {H} pulled and tugged, but {F} did not budge.
step: {H} looked around for an idea. | {H} thought hard.
para
step: {then} {H.he} saw a long branch by {H.sight}. | {then} {H.he} found a long, strong rope near an old boat.
step: {H} pushed one end to {F} and held the other end tight.
   | {H} threw one end to {F} and held on with {H.his} {H.part}.
say H: Hold on! I will pull you out! | Grab it and hold on tight!
step: {H} pulled, and pulled, and pulled. | {H} pulled with all {H.his} might.
step: {last} with a big squelch, {F} came out of the mud.
   | {last} there was a loud pop, and {F} slid out onto the grass.
say F: Thank you! You saved me! | You are a true friend!
step: {F} was muddy from top to bottom, and they both laughed and laughed.
   | They washed off in the river and laughed about the muddy day.
lesson: helping someone in trouble is the right thing to do | a good idea can be as strong as a big muscle
   | friends help each other
feel: proud happy kind strong
ritual: kept a rope by the river, just in case | went to the river with {F}, but never into the mud

plot: waiting for a turn
for: any
cast: F T
weight: 1
trait: {H.He} did not like to wait. | {H.He} always wanted to be first.
step: {lead}, {H} saw {F.a} with {T.a}. | {lead}, {H} saw {F.a} playing with {T.a} near {H.sight}.
say H: I want a turn! Give it to me now! | Let me have it! I want it right now!
say F: I just got it. You can have it when I am done. | Please wait. It is still my turn.
step: {H} huffed and puffed. | {H} frowned and grumbled.
step: {H} tried to grab {T}, and {F} almost fell over. | {H} pulled at {T}, and {F} looked hurt and sad.
para
step: {then} {H} saw how sad {F} looked. | {H} stopped. {F} had tears in {F.his} eyes.
say H: I am sorry. I should not grab. I will wait. | I am sorry. I can wait for my turn.
step: {H} sat down and counted to one hundred. It felt like a very long time.
   | {H} waited patiently, watched the clouds, and hummed a little tune.
step: {then} {F} came over and gave {H} {T}. | {soon} {F} smiled and held out {T}.
say F: Thank you for waiting. Now it is your turn! | Here you go. It is your turn now!
step: {H} used {T} to {T.use}. It was even more fun after waiting. | {H} took {T} and went to {T.use}, and {F} cheered.
step: After that, they took turns all afternoon. | They passed {T} back and forth until the sun went down.
lesson: waiting for your turn is fair | good things come to those who wait | taking turns makes playing more fun
feel: patient happy proud fair
ritual: waited for {H.his} turn | took turns with {F}

plot: the broken thing and the truth
for: any
cast: W T
weight: 2
trait: {H.He} {H.was} very playful, and sometimes a little careless. | {H.He} loved to {H.move} fast.
step: {lead}, {H} visited {W.a}. | {lead}, {H} went to see {W.a} who lived nearby.
step: On a shelf, {H} saw {T.a}. It was the most special thing {W} had.
   | {W} had {T.a} on the table, and {H} could not stop looking at it.
say W: Please be careful with that. It is very old. | You may look, but please be gentle.
step: {W} went outside to fetch some water. | {then} {W} went to the garden for a moment.
step: {H} picked up {T} to look closer. | {H} could not wait and reached for {T}.
step: {sudden} {T} slipped and fell with a crash! | {but} {T} slipped, and CRACK, it broke into two pieces!
say H: Oh no! What have I done? | Oh dear. It is broken!
step: {H} thought about hiding the pieces. Nobody had seen. | For a moment, {H} wanted to hide the pieces under the rug.
para
step: {but} {H} knew that would not be right. | {but} a small voice inside said: tell the truth.
step: When {W} came back, {H} stood up straight. | {W} came back, and {H} took a deep breath.
say H: I am very sorry. I broke it. I was not careful. | I did not listen, and it broke. I am so sorry.
say W: Thank you for telling me the truth. That took courage. | I am sad it broke, but I am glad you told me.
step: Together they glued the pieces with care, and {T} looked almost new.
   | They fixed {T} with glue and a little string, and it worked again.
lesson: telling the truth is always the best thing to do | it takes courage to say sorry
   | you should be careful with things that belong to others
feel: honest brave relieved happy
ritual: was careful with things that belonged to others | always told the truth, even when it was hard

plot: the treasure map
for: any
cast: F
weight: 2
trait: {H.He} loved stories about pirates and treasure. | {H.He} always dreamed of finding something wonderful.
step: {lead}, {H} found an old paper near {H.sight}. It was a treasure map!
   | {lead}, {H} found a crumpled map stuck in a hollow log.
say H: A treasure map! I must find the treasure! | Look! There is a big red X on this map!
step: {H} showed the map to {F.a}. | On the way, {H} met {F.a}, who wanted to help.
say F: Can I come too? I love treasure! | Let's find it together!
step: They followed the map past a tall pine tree, across a creek, and up a rocky path.
   | They went over a wobbly bridge, through a field of sunflowers, and around a big boulder.
maybe 0.4: On the way, they tiptoed past a fox napping in the sun.
   | A green frog hopped across the path in front of them.
step: {F} got tired, so {H} waited for {F.him}. | When {F} slipped on a stone, {H} helped {F.him} up.
para
step: {last} they found the big X, under an old oak tree. | {last} they reached the spot marked with an X.
step: They dug and dug. {sudden} they hit something hard. | They scooped away the dirt until they found a wooden box.
step: Inside the box were shiny buttons, colorful marbles, and a little brass bell.
   | Inside were sparkling stones, old coins, and a silver spoon.
say H: It is a real treasure! | We found it! We really found it!
say F: Let's share it. Half for you and half for me. | There is enough for both of us!
step: They shared the treasure and gave some to every friend in {H.place}.
   | They took it home and shared it with everyone they knew.
lesson: the best treasure is a good friend | sharing makes treasure even better | an adventure is more fun together
feel: excited happy lucky generous
ritual: looked for treasure with {F} on sunny days | kept the old map on the wall

plot: wishing to be someone else
for: any
cast: F
weight: 2
trait: {H.He} always wished {H.he} {H.was} something else. | {H.He} did not think {H.he} {H.was} special at all.
step: {lead}, {H} watched {F.a} {F.move} past {H.sight}. | {lead}, {H} saw {F.a} {F.moving} happily nearby.
say H: I wish I could {F.move} like you! | How do you {F.move} so well?
say F: It is easy. Every {F.kind} can {F.move}. | I just do it. It is what {F.plural} do.
step: {so} {H} tried to {F.move} like {F}. | {H} tried very hard to {F.move}, just like {F} did.
step: {but} {H} wobbled and tumbled and landed in a heap. | {but} it did not work. {H} fell over, and everyone giggled.
say H: I cannot do anything right. | I will never be like you.
para
step: {then} {F} tried to reach a basket of berries stuck high on a branch, but {F.he} could not.
   | {sudden} {F} dropped {F.his} lunch into a deep hole and could not get it out.
step: {H} used {H.his} {H.part} and got it back in no time. | {H} did it easily, the way only {H.plural} can.
say F: Thank you! I could never do that. You are amazing! | Wow! I cannot do that at all!
step: {H} smiled and felt proud to be {H.look} and just right. | {H} felt warm inside.
say H: I guess we are both good at different things. | Maybe it is good to be me after all.
step: After that, {H} never wished to be anyone else. | {H} and {F} helped each other every day, each in their own way.
lesson: it is good to be just who you are | everyone is special in their own way | we are all good at different things
feel: proud happy special content
ritual: was proud to be {H.self} | helped {F} whenever {F.he} needed it

plot: bored on a rainy day
for: any
cast: F
when: rain
weight: 1
trait: {H.He} loved to play outside. | {H.He} could never sit still for long.
step: {lead}, it rained and rained over {H.place}. | {lead}, the rain drummed on everything, and the sky was gray.
say H: I am so bored. There is nothing to do! | Why does it have to rain today?
step: {H} looked out at the puddles and sighed. | {H} flopped down and grumbled.
step: {then} {F.a} came splashing through the rain. | {sudden} {F.a} came by, wearing a bright yellow raincoat.
say F: Why are you sad? Rain is fun! | Come out! The puddles are perfect today!
say H: Fun? How can rain be fun? | But everything is wet!
para
step: {F} jumped into a big puddle. SPLASH! | {F} showed {H} how to jump into a puddle with a big splash.
step: {H} tried it too. The water went everywhere! | {H} jumped in too, and muddy water flew up high.
step: They made little boats out of leaves and raced them down a stream.
   | They floated leaf boats and watched them bob down the little river by the road.
step: They listened to the rain tap on the leaves. It sounded like music.
   | They caught raindrops and laughed at the funny sounds the puddles made.
say H: I never knew rain could be so much fun! | This is the best rainy day ever!
step: When they were soaked, they sat inside, warm and cozy, and drank something hot.
   | {last} they dried off by a warm fire and told stories.
lesson: there is always something fun to do if you look for it | a rainy day can be a happy day
   | a friend can make any day better
feel: happy playful cozy cheerful
ritual: jumped in puddles with {F} every rainy day | made leaf boats whenever it rained

plot: the big race
for: any
cast: F
when: day
weight: 2
trait: {H.He} {H.was} very fast and very proud of it. | {H.He} loved to win.
step: {lead}, there was a big race across {H.place}. | {lead}, everyone lined up for the great race to the old windmill.
say H: I will win! I am the fastest of all! | Nobody can beat me!
step: {F.a} stood next to {H} at the start. | {F.a} waited right beside {H}, looking a little nervous.
maybe 0.5: The crowd cheered and waved colorful flags.
step: Ready, set, go! {H} dashed ahead. | {then} the whistle blew, and {H} shot off like an arrow.
step: {H} {H.moved} faster and faster, far ahead of everyone.
   | Soon {H} {H.was} in the lead, and the finish line was close.
step: {sudden} {H} heard a cry. {F} had tripped over a root and hurt {F.his} {F.part}.
   | {but} then {H} looked back. {F} had fallen and could not get up.
say H: I could win, but my friend needs help. | Should I keep going? No. A friend needs me.
para
step: {H} turned around and went back. | {H} stopped, turned, and hurried back.
say H: Are you all right? Let me help you. | Come on, lean on me. We can finish together.
step: {H} helped {F} up, and they went slowly to the finish line, side by side.
   | Step by step, {H} and {F} went on together.
step: Everyone else had already finished. But when {H} and {F} crossed the line, the crowd cheered the loudest of all.
   | They came in last. But everyone clapped and cheered for them.
say F: Thank you. You are the real winner. | You gave up the race for me!
step: {H} felt happier than if {H.he} had won a hundred races. | {H} got a big shiny medal for being kind.
lesson: being kind is better than winning | a true winner helps others | friends matter more than prizes
feel: proud kind happy warm
ritual: helped anyone who fell behind | raced with {F} just for fun

plot: the lost sound
for: any
cast: W
weight: 1
trait: {H.He} had the loudest {H.sound} in {H.place}. | Everyone knew {H.his} big, happy {H.sound}.
step: {lead}, {H} woke up and tried to {H.sound}, but nothing came out at all.
   | {lead}, {H} tried to {H.sound}, but only a tiny squeak came out.
step: {H} tried again and again. Nothing! | {H} tried louder, and softer, and then louder again. Nothing.
step: {H} felt worried. What if the {H.sound} never came back? | {H} {H.was} very upset.
step: All week, {H} had {H.sounded} at everything, loud and long, from morning to night.
   | For days, {H} had {H.sounded} as loud as {H.he} could, just for fun.
para
step: {so} {H} went to see {W.a}. | {H} went to find {W.a}, who knew a lot of things.
say W: I think you have been too loud for too long. You need to rest.
   | Your voice is tired. Be quiet for one whole day, and drink some warm tea with honey.
step: {H} rested all day and did not {H.sound} once. | All day long, {H} stayed quiet and listened instead.
step: While {H.he} listened, {H} heard many new things: the wind in the leaves, a bee humming, and a brook babbling.
   | {H} heard things {H.he} had never noticed: crickets, rustling grass, and the soft patter of a little creek.
step: The next morning, {H} took a deep breath and tried again. | The next day, {H} tried one small {H.sound}.
step: Out came a strong, clear {H.sound}! | It worked! {H.His} {H.sound} was back, clear and happy.
say H: Hooray! I can {H.sound} again! | My voice is back! Thank you, wise {W.kind}!
step: From then on, {H} used {H.his} {H.sound} when it mattered and listened the rest of the time.
   | {H} still {H.sounded} every day, but now {H.he} listened too.
lesson: it is good to rest when you are tired | listening is just as important as talking
   | you do not have to be loud to be heard
feel: thankful calm happy glad
ritual: listened to the quiet sounds of {H.place} every evening | used {H.his} {H.sound} kindly

plot: sharing the picnic
for: any
cast: F
weight: 2
trait: {H.He} loved picnics more than anything. | {H.He} did not like to share.
step: {lead}, {H} packed a picnic basket with apples, bread, and honey cakes.
   | {lead}, {H} had a big basket full of juicy plums and warm muffins.
step: {H} went to a sunny spot near {H.sight} to eat. | {H} {H.moved} to a shady spot by the pond and opened the basket.
say H: Yum! All of this is for me! | I will eat every bite myself!
step: {then} {H} saw {F.a} sitting nearby. {F.He} looked very hungry.
   | {sudden} {H} heard a little tummy rumble. It was {F.a}.
say F: That looks so good. I have not eaten all day. | I could not find any {F.need} today.
step: {H} looked at the basket and wanted to keep it all. | {H} held the basket close. It was {H.his} food, after all.
para
step: {but} then {H} thought about how it feels to be hungry. | {but} {F} looked so sad that {H} changed {H.his} mind.
say H: Here, have some. There is plenty for two. | Would you like to share my picnic?
step: {F} smiled a big smile, and they ate together. | {F} smiled, and they sat side by side and ate.
step: {F} told funny stories, and {H} laughed and laughed. | The food tasted even better with someone to share it with.
step: When the basket was empty, {F} pulled out a handful of sweet wild strawberries to share.
   | Later, {F} showed {H} a secret bush full of ripe blackberries.
say F: Thank you for sharing with me. | You are very kind. Now I can share with you!
lesson: sharing makes everything better | when you share, you make a friend | kindness comes back to you
feel: generous happy full thankful
ritual: always packed enough for two | had a picnic with {F} every week

plot: the first snow
for: any
cast: F
when: snow
weight: 1
trait: {H.He} had never seen snow before. | {H.He} did not like the cold one bit.
step: {lead}, {H} woke up, and everything was white. | {lead}, soft white flakes fell over {H.place}.
say H: What is this cold white stuff? | Everything is white! What happened?
step: {H} touched the snow with {H.his} {H.part}. It was cold and soft.
   | {H} took a careful step, and the snow went crunch.
step: {H} shivered and wanted to hide until spring. | {H} felt cold and grumpy and wanted to go back inside.
para
step: {then} {F.a} came sliding down the hill, laughing. | {sudden} a snowball landed near {H}. It was {F.a}, giggling.
say F: Come and play! Snow is the best! | Do you want to build a snowman with me?
step: {F} showed {H} how to roll a big snowball. | Together they rolled three big snowballs and stacked them up.
step: They made a snowman with a carrot nose and two pebble eyes.
   | They gave their snowman twigs for arms and an old scarf.
step: Then they made snow angels and slid down the hill on a sled.
   | They slid down the hill, faster and faster, and tumbled into the soft snow.
say H: Snow is wonderful! | I am not cold at all when I am playing!
step: When their noses were pink, they went inside for a cup of warm cocoa.
   | At sunset, they went home, tired, wet, and very happy.
lesson: new things can be fun if you give them a try | winter is full of surprises
   | a friend can show you a new kind of fun
feel: happy cozy playful excited
ritual: waited all year for the first snow | built a snowman with {F} every winter

plot: afraid of the dark
for: any
cast: W
when: night
weight: 2
trait: {H.He} {H.was} brave in the daytime. | {H.He} did not like the dark one bit.
step: {lead}, the sun went down, and {H.place} grew dark.
   | {lead}, {H} could not sleep. It was dark, and the shadows looked big and strange.
step: {H} heard a rustle, then a creak, then a hoot. | The wind whispered, and a branch went tap, tap, tap.
say H: Who is there? I am scared! | What is that noise?
step: {H} hid and did not move at all. | {H} hid by {H.sight} and wished for morning to come.
para
step: {then} {W.a} came down beside {H}. | {sudden} {W.a} appeared in the moonlight.
say W: Do not be afraid, little one. The night is full of friends. | Come with me. I will show you the night.
step: {W} showed {H} the fireflies, blinking like tiny lanterns.
   | {W} pointed up, and {H} saw a million stars twinkling in the sky.
step: The noises were only a hedgehog looking for a snack and an old tree creaking in the wind.
   | The noises were only crickets singing and frogs croaking in the pond.
say H: The night is not scary at all. It is beautiful! | I never knew the dark could be so pretty.
step: {H} yawned a big yawn. | {H} felt calm and sleepy.
step: {W} sang a soft song, and {H} fell fast asleep under the stars.
   | {soon} {H} {H.was} sound asleep, dreaming of fireflies.
lesson: the dark is not so scary when you look closely | it is okay to be scared, and it is good to be brave
   | the night is full of wonderful things
feel: calm safe sleepy brave
ritual: said good night to the stars | watched the fireflies on warm nights

plot: the new neighbor
for: any
cast: F
weight: 1
trait: {H.He} {H.was} a little shy. | {H.He} liked things to stay the same.
step: {lead}, a moving cart came to {H.place}. Someone new was moving in!
   | {lead}, {H} saw boxes and bags piled up near {H.sight}.
step: The new neighbor was {F.a}. | Out from behind the boxes popped {F.a}.
step: {H} peeked from behind a bush. {F} looked so different! | {H} stared. {H.He} had never met anyone like {F} before.
say H: What if we do not like the same things? | What if my new neighbor does not like me?
step: {H} stayed away all morning. | {H} hid all day.
para
step: {then} {H} saw {F} sitting alone, looking sad. | Later, {H} saw {F} trying to carry a heavy box all alone.
step: {H} took a deep breath and {H.moved} over. | {H} felt nervous, but {H.he} went over anyway.
say H: Hello! Welcome to {H.place}. Can I help you? | Hi! I live nearby. Do you need some help?
say F: Oh, thank you! I do not know anyone here. | Yes, please! I was feeling so lonely.
step: They carried the boxes together. Inside one was a kite, and inside another was a game of checkers.
   | They unpacked together, and {F} made some lemonade.
step: They found out they both liked songs, puzzles, and sunny days.
   | They were different in many ways, but they both loved to laugh.
say F: I am so glad you came over. | You are my first friend here!
lesson: it is good to be kind to someone new | being different is not a reason to stay apart
   | a new face can become a dear friend
feel: happy brave friendly glad
ritual: played checkers with {F} | welcomed everyone new to {H.place}

plot: the long trip
for: vehicle
cast: F
when: day
weight: 2
trait: {H.He} loved the open road. | {H.He} had never been to the seaside.
step: {lead}, {H} set off on a long trip to the sea.
   | {lead}, {H} filled up with {H.need} and left early for a trip to the sea.
step: {H} {H.moved} past farms and fields, over bridges and through tunnels.
   | {H} went up hills and down valleys, past cows and windmills.
say H: What a beautiful day for a trip! | The sea, here I come!
step: {sudden} there was a loud bang, and {H} stopped with a shudder.
   | {but} halfway there, {H} began to cough and sputter, and then {H.he} stopped.
say H: Oh no! Something is wrong with my {H.part}! | Oh dear. I cannot go any farther!
step: {H} {H.was} stuck by the side of the road, far from {H.place}.
   | The road was quiet. Nobody came by for a long time.
para
step: {then} {F.a} came along the road. | {soon} {F.a} came by and stopped.
say F: You look stuck. What happened? | Hello there! Do you need some help?
say H: My {H.part} is broken, and I am so far from home. | I broke down, and I do not know what to do.
step: {F} went to get help and came back with a kind mechanic and a box of tools.
   | {F} hurried to the village and came back with a mechanic who had a big red toolbox.
step: The mechanic tightened the bolts, fixed the {H.part}, and gave {H} some fresh {H.need}.
   | Clink, clank, went the wrench, and soon the {H.part} was as good as new.
say H: Thank you! I feel as good as new! | I can go again! Thank you, my friends!
step: {H} gave {F} a ride, and together they went all the way to the sea.
   | {last} {H} reached the sea with {F}, and they watched the waves roll in.
lesson: friends help when you are stuck | it is okay to ask for help | a trip is better with a friend
feel: thankful happy relieved free
ritual: took {F} on a trip every summer | checked {H.his} {H.part} before every trip

plot: the dry summer
for: plant
cast: F
when: day
weight: 2
trait: {H.He} grew {H.home} and loved the warm sun. | {H.He} {H.was} proud to be so fresh and green.
step: {lead}, the sun was very hot over {H.place}. | {lead}, it had not rained for many, many days.
step: The ground was dry and cracked, and the grass turned brown.
   | Day after day, the sky stayed blue, and not one cloud came.
step: {H} felt thirsty and weak. {H.His} {H.part} began to droop.
   | {H} drooped lower and lower, and {H.his} {H.part} turned dry.
say H: I need water! I am so thirsty! | Please, rain, please come!
para
step: {then} {F.a} came by and saw {H}. | {sudden} {F.a} stopped near {H} and looked worried.
say F: You look so thirsty! I will help you! | Oh no, you are drooping! Wait here. I will get some water.
step: {F} went to the pond and came back with a little cup of water.
   | {F} carried water from the stream, a little bit at a time.
step: It was only a little, but it helped. | {F} came back again and again, all day long.
say H: Thank you. I feel a little better already. | You are so kind to help me.
step: That night, dark clouds rolled in. | {last} the wind changed, and big gray clouds filled the sky.
step: Drip, drop! Rain fell all night long, soft and steady.
   | It rained and rained, and the thirsty ground drank it all up.
step: In the morning, {H} stood up tall and green, with a new flower on top.
   | By morning, {H} {H.was} fresh and green again and even had a pretty new bud.
say F: You look wonderful! | Look at you! You are blooming!
lesson: a little help can make a big difference | good friends help in hard times | hard days do not last forever
feel: thankful fresh happy strong
ritual: gave {F} shade on hot days | smiled every time it rained

plot: the sun who hid
for: sky
cast: F
weight: 2
trait: {H.He} worked hard every day, high up in the sky. | {H.He} liked to watch over everyone below.
step: {lead}, {H} felt tired and a little grumpy. | {lead}, {H} heard someone down below grumble about {H.him}.
say H: Nobody needs me. I will hide today. | Maybe the world does not need me at all.
step: {so} {H} hid behind the tall mountains. | {so} {H} tucked {H.self} away behind the hills and stayed very still.
step: Down below, everything changed. The flowers closed up, and the birds stopped singing.
   | Down below, the children looked up and wondered where {H} had gone.
step: The farmers frowned, the ducks were puzzled, and the little ones felt sad.
   | The whole world felt gray, quiet, and strange.
para
step: {then} {F.a} climbed up the mountain to look for {H}.
   | {sudden} {F.a} came all the way up the hill, puffing and panting.
say F: There you are! Everyone is looking for you! | Please come back! We miss you so much!
say H: Do you really miss me? | I thought nobody cared.
say F: Of course! The world is not the same without you. | Yes! Nothing is right when you are gone.
step: {H} peeked out from behind the mountain. | {H} came out slowly, a little shy.
step: All at once, the birds sang, the flowers opened, and the children cheered.
   | Down below, everyone clapped and shouted with joy.
step: {H} glowed with happiness and felt more {H.look} than ever. | {H} felt warm all over and shone brighter than ever.
lesson: everyone is important, even when they do not feel it | you are missed when you are gone
   | it is good to tell others how much they matter
feel: loved happy warm bright
ritual: came out every day with a smile | waved to {F} from the sky

plot: left behind at the park
for: toy
cast: F
when: night
weight: 2
trait: {H.He} belonged to a child who loved {H.him} very much. | Every day, a little child carried {H.him} everywhere.
step: {lead}, the child took {H} to the park. | {lead}, the child played with {H} in the sandbox at the park.
step: When it was time to go home, the child forgot {H} on a bench.
   | {but} when the sun went down, the child hurried home and left {H} under the slide.
say H: Wait! Come back! Don't leave me here! | Oh no! I am all alone!
step: The park grew dark and quiet. The swings creaked in the wind.
   | Night came. The park was empty, and the lamps made long shadows.
step: {H} felt cold and lonely. | {H} {H.was} scared. {H.He} had never been outside at night.
para
step: {then} {F.a} came out from behind a tree. | {sudden} {F.a} crept out of the bushes and sniffed {H}.
say F: Hello. Why are you out here all alone? | Are you lost, little {H.kind}?
say H: My child forgot me. What if nobody comes back? | I want to go home to my child.
say F: Do not worry. I will stay with you until morning.
   | I will keep you company. Children always come back for the toys they love.
step: {F} curled up next to {H} and told stories about the moon.
   | They watched the stars together, and {H} did not feel so alone.
step: In the morning, {H} heard running feet. It was the child! | At sunrise, the child came running across the grass.
step: The child hugged {H} tight and kissed {H.him} on the nose. | The child scooped up {H} and held {H.him} close.
say H: Thank you, my friend! | I knew you would come back!
lesson: the ones who love you will always come back | a friend can make a long night short
   | you are never truly alone
feel: loved safe happy thankful
ritual: waved to {F} every time the child went to the park | stayed close to the child at the park

plot: a busy working day
for: job
cast: F
when: day
weight: 2
trait: {H.He} worked hard every day and loved {H.his} job. | Everybody in town knew {H} and waved hello.
step: {lead}, {H} woke up before the sun. It was going to be a very busy day.
   | {lead}, {H} had a long list of jobs to do.
say H: So much work! I must do it all by myself. | I have no time to rest today!
step: {H} hurried to the market, then to the school, then to the little house on the hill.
   | First there was one job, then two, then ten!
step: Everybody needed {H}. The teacher, the grocer, and the mayor all called for help.
   | People kept calling, and {H} kept rushing.
step: By lunch, {H} {H.was} so tired that {H.he} dropped a whole basket of things.
   | By noon, {H} felt dizzy and worn out and tripped over a bucket.
say H: I cannot do it all! | Oh dear. There is too much to do.
para
step: {then} {F.a} came by and helped pick everything up. | {sudden} {F.a} appeared and helped {H} back up.
say F: You look tired. Let me help you. | Why are you doing all this alone? I can help!
say H: But it is my job. | Would you really help me?
say F: Everyone needs help sometimes. That is what friends are for. | Of course! Two can work faster than one.
step: {F} carried the bags, and {H} did the rest. | They split the list in two and worked side by side.
step: The work went quickly, and they even had time to laugh and sing.
   | Soon every job was done, and the sun was still shining.
step: That evening, they sat on a bench and shared a big slice of pie.
   | {last} they rested in the park and watched the sunset.
say H: Thank you, my friend. Working together is so much better. | I could not have done it without you!
lesson: it is okay to ask for help | many hands make light work | friends make hard work easy
feel: thankful happy tired proud
ritual: asked {F} for help on busy days | helped {F} in return whenever {F.he} was busy

plot: the magic that went away
for: magic
cast: W
weight: 2
trait: {H.He} could do wonderful magic. | {H.His} {H.part} sparkled with magic.
step: {lead}, {H} tried to do some magic, but nothing happened. | {lead}, {H} woke up, and the magic was gone!
say H: Where did my magic go? | Oh no! My magic does not work!
step: {H} tried again and again. Not even a tiny sparkle came out.
   | {H} {H.moved} all over {H.place}, trying spell after spell, but nothing worked.
step: {H} sat down by {H.sight} and felt very sad. | {H} felt empty and gloomy.
para
step: {then} {W.a} came by. | {sudden} {W.a} floated down on a soft breeze.
say W: Why so glum, my friend? | What is troubling you?
say H: My magic is gone, and I do not know why. | I cannot do magic anymore.
say W: Magic lives in a kind heart. Go and do something kind, without any magic at all.
   | Real magic comes from kindness. Try helping someone today.
step: {so} {H} went to help. {H.He} helped a mother duck find the lost ducklings and carried water for an old goat.
   | {H} helped a lost lamb find its mother and picked up the litter in the meadow.
step: It was hard work without magic, but {H} kept going. | {H} did not give up.
step: {sudden} {H.his} {H.part} began to glow, and a shower of sparkles burst out!
   | As {H.he} helped, a warm glow began to shine from {H.his} {H.part}.
say H: My magic is back! | I can do magic again!
step: {H} thanked {W} and used the magic to make the whole meadow bloom.
   | {H} made a rainbow to thank {W}, and everyone cheered.
lesson: real magic comes from a kind heart | kindness is the best magic of all | you can do good even without magic
feel: happy kind thankful bright
ritual: did one kind thing every day | used {H.his} magic to help others

plot: the storm at sea
for: sea
cast: F
when: rain
weight: 2
trait: {H.He} loved to {H.move} in the wide blue sea. | {H.He} knew every rock and reef in the bay.
step: {lead}, the sky turned dark over the sea. | {lead}, the wind began to blow hard across the waves.
step: Big waves crashed and rolled, and the rain came pouring down.
   | The waves grew tall, and thunder boomed over the water.
step: {H} {H.moved} down deep, where the water was calm. | {H} hid near the bottom, where the storm could not reach.
step: {sudden} {H} heard a little cry. | {then} {H} heard someone calling for help.
step: It was {F.a}, lost and tossed about by the waves. | Up near the top, {F.a} was being pushed around by the waves.
say F: Help! I cannot find my way home! | The waves are too strong! Help me!
para
step: {H} {H.was} scared, but {H.he} went up to help. | {H} took a deep breath and hurried up toward {F}.
say H: Follow me! I know a safe place! | Stay close to me. I know the way!
step: {H} led {F} past the sharp rocks to a quiet cove.
   | Side by side, they went around the big reef to a calm little cave.
step: There, the water was still and safe, and they waited for the storm to pass.
   | They rested together and listened to the storm roar outside.
step: {last} the storm ended, and the sun sparkled on the water. | In the morning, the sea was calm and blue again.
say F: Thank you! You were so brave! | You saved me. You are a true friend.
step: {H} showed {F} the way home, and they promised to play together every day. | {H} took {F} all the way home.
lesson: being brave means helping even when you are scared | friends help each other in a storm
   | it is good to know a safe place
feel: brave proud happy safe
ritual: played with {F} by the reef | showed others the way to the quiet cove

plot: the tiny one who saved the day
for: bug
cast: F
weight: 2
trait: {H.He} {H.was} very, very tiny. | {H.He} {H.was} so small that most animals did not even notice {H.him}.
step: {lead}, {H} {H.was} {H.moving} through the tall grass. | {lead}, {H} {H.moved} along a blade of grass.
step: {H} saw {F.a} on the path. | Nearby, {F.a} was {F.moving} along, looking very grand.
say H: Hello! Can I be your friend? | Hi! Would you like to play?
say F: You? You are too tiny to be any use! | Ha! You are so small, I can hardly see you!
step: {H} felt hurt, but {H.he} did not say anything. | {H} felt small and sad.
para
step: {then} {F} got tangled in an old net by the river.
   | {sudden} {F} stepped into a tangle of old rope and could not get free.
say F: Help! I am stuck! | Somebody, please help me!
step: Nobody big was around, but {H} heard. | The other animals were far away, but {H} heard the cry.
step: {H} {H.moved} over quickly. | {H} hurried as fast as {H.he} could.
step: {H} nibbled and tugged at the rope, one little string at a time.
   | {H} wiggled into the knots and pulled them loose, one by one.
step: It took a long time, but {last} the net fell away, and {F} was free!
   | {last} the rope came loose, and {F} stepped out.
say F: You saved me! I am sorry I said you were too small. | Thank you! You are small, but you are mighty!
step: After that, {F} and {H} became the best of friends. | {F} gave {H} a ride, high above the grass.
lesson: even the smallest one can be a big help | you should never judge someone by their size
   | kindness is worth more than size
feel: proud brave happy strong
ritual: played with {F} in the tall grass | helped anyone who was stuck, big or small

plot: waiting at the window
for: pet
cast: F
weight: 1
trait: {H.He} lived with a family who loved {H.him} very much. | {H.He} loved {H.his} family more than anything.
step: {lead}, the family packed their bags and went out the door. | {lead}, the family got in the car and waved goodbye.
say H: Where are they going? Will they come back? | Wait! Don't go without me!
step: {H} sat by the window and waited. | {H} watched the road from the window all morning.
step: The house was very quiet, and {H} did not want any {H.need}. | The clock ticked, and {H} felt lonely.
para
step: {then} {F.a} came to the window. | {sudden} {F.a} tapped on the glass.
say F: Why do you look so sad? | Hello in there! What is wrong?
say H: My family left, and I am afraid they will not come back. | Everyone is gone. I miss them.
say F: They will come back. Families always come back. Let's play while you wait!
   | Don't worry. I will keep you company.
step: {F} played peekaboo through the window, and {H} laughed. | {F} told {H} funny stories, and the time went by fast.
step: {then} {H} heard a car door, then footsteps, then the key in the lock!
   | {soon} the door opened, and the family came in with bags of groceries.
step: The family hugged {H} and gave {H.him} a new toy.
   | Everyone hugged {H}, and there was a special treat just for {H.him}.
say H: You came back! | I knew you would come back!
lesson: the people who love you always come back | waiting is easier with a friend | it is okay to miss someone
feel: happy loved safe glad
ritual: waved at {F} through the window every morning | waited by the door with a happy {H.sound}

plot: the farmer who was sick
for: farm
cast: F
weight: 1
trait: {H.He} lived on a busy farm with many animals. | {H.He} liked the smell of hay in the morning.
step: {lead}, the farmer did not come out of the house.
   | {lead}, the sun came up, but the farmer did not come to the barn.
say H: Where is the farmer? | Something is wrong. The farmer is always here by now.
step: {H} {H.moved} to the window and peeked inside. The farmer was in bed with a bad cold.
   | {H} looked in the window. The farmer was sneezing and coughing in bed.
say H: The farmer is sick! Who will do the chores? | Oh no! Who will feed the animals today?
para
step: {then} {F.a} came over. | {H} hurried to find {F.a}.
say F: We can do the chores ourselves! | Let's help! We can all work together.
step: {H} and {F} woke up everyone on the farm. | They called all the animals to the barn.
step: The hens gathered the eggs, the pigs swept the yard, and the goat carried hay.
   | Everyone had a job. Some carried hay, some fetched water, and some picked apples.
step: {H} made sure everyone had enough to eat, and {F} watered the garden.
   | {H} carried the heavy buckets, and {F} swept the barn until it was clean.
step: It was hard work, but they laughed and sang the whole time.
   | By afternoon, the barn was tidy, and everyone was fed.
step: {last} the farmer came out, wrapped in a warm blanket, and saw what they had done.
   | In the evening, the farmer came to the barn and could not believe it.
say F: We did all the chores for you! | We wanted to help you get well!
step: The farmer smiled and hugged every one of them. | The farmer thanked them all and gave everyone a special treat.
lesson: working together makes big jobs easy | we should help those who take care of us | everyone can do a part
feel: proud helpful happy kind
ritual: helped the farmer every morning | did the chores with {F}

plot: getting ready for winter
for: forest wild
cast: F
when: day
weight: 2
trait: {H.He} {H.was} always busy and always thinking ahead. | {H.He} knew that winter was coming.
step: {lead}, the leaves turned red and gold, and the wind grew chilly.
   | {lead}, {H} felt the first cold wind of autumn.
say H: Winter is coming. I must get ready! | I need to gather food before the snow comes.
step: {H} gathered nuts, berries, and seeds and kept them by {H.sight}.
   | All day, {H} collected {H.need} and stored it in a safe, dry spot.
step: {H} saw {F.a} playing in the leaves. | Nearby, {F.a} was dancing and singing in the sun.
say F: Why work so hard? Come and play! | It is too nice a day to work!
say H: Winter is coming. You should get ready too. | I am getting ready for the cold days ahead.
step: {F} laughed and kept on playing. | {F} only shrugged and went off to play.
para
step: {then} winter came. Snow covered {H.place}, and the wind howled.
   | {soon} the snow fell, deep and white, over {H.place}.
step: {H} {H.was} warm and had plenty to eat. | {H} {H.was} cozy, with lots of {H.need} to eat.
step: {then} there was a knock. It was {F}, cold and hungry.
   | {but} one night, {H} heard a small, shivering voice outside. It was {F}.
say F: I did not get ready, and now I have nothing. I am sorry. | I should have listened to you. I am so hungry.
step: {H} opened the door wide and shared the food.
   | {H} let {F} in, gave {F.him} a warm blanket, and shared a big meal.
say H: Come in. There is enough for both of us. | Next year, we will get ready together.
lesson: it is wise to plan ahead | sharing with a friend in need is kind
   | a little work today saves a lot of worry tomorrow
feel: cozy warm kind thankful
ritual: got ready for winter with {F} every autumn | always kept a little extra to share

plot: cleaning up the room
for: kid
cast: T
weight: 1
trait: {H.His} room was always a big mess. | {H.He} liked to play, but {H.he} did not like to tidy up.
step: {lead}, {H} wanted to go to the park. | {lead}, {H} asked to go out and play in the sunshine.
step: {but} Mom said the room must be tidy first. Toys, socks, and books were everywhere!
   | {but} Mom said to clean up first. The floor was covered in blocks and crayons.
say H: Oh no! This will take forever! | But I want to go out now!
step: {H} stared at the mess and groaned. | {H} flopped onto the bed and sighed.
step: {then} {H} had an idea: cleaning could be a game! | {then} {H.he} thought: what if cleaning could be fun?
say H: I will put away ten things before the timer rings! | I will pretend I am a pirate putting away treasure!
para
step: {H} picked up the blocks and stacked them in the box.
   | {H} put the crayons in their cup and the books on the shelf.
step: {H} folded the clothes and tossed the socks into the basket.
   | {H} swept the crumbs from under the bed and straightened the blanket.
step: Under the bed, {H} found {T.a}. It had been lost for months!
   | Behind the toy box, {H} found {T.a} that {H.he} thought was gone forever.
say H: My old {T.kind}! I missed you! | I found my {T.kind}! Hooray!
step: {soon} the room was neat and shiny. | {last} the room was spotless.
step: Mom smiled and said yes to the park, and {H} took {T} along to {T.use}.
   | At the park, {H} used {T} to {T.use}, and it was the best afternoon ever.
lesson: cleaning up can be fun if you make it a game | a tidy room can hold surprises
   | you should finish your chores before you play
feel: proud happy tidy glad
ritual: cleaned up before going out to play | kept {T} on a shelf where it was easy to find

plot: the first flight
for: bird
cast: W
when: day
weight: 2
trait: {H.He} lived in a cozy nest high in a tree. | {H.He} {H.was} the last one in the nest who had never flown.
step: {lead}, all the other young birds flapped and flew away from the nest.
   | {lead}, {H} watched the brothers and sisters fly off one by one.
say H: I am too scared! What if I fall? | The ground is so far down!
step: {H} held on to the edge of the nest and did not move. | {H} peeked over the edge and quickly hid again.
step: The wind blew, and the branch swayed. {H} shook. | {H.His} {H.part} trembled.
para
step: {then} {W.a} landed on the branch next to {H}. | {sudden} {W.a} came to sit on the branch beside the nest.
say W: Everyone is scared the first time. | I was scared too, when I was young.
say W: Open your wings and trust the wind. It will hold you. | Just try one small hop. I will be right here.
step: {H} took a deep breath. | {H} closed {H.his} eyes, counted to three, and jumped.
step: For a moment, {H} dropped. Then the wind caught {H.him}, and up {H.he} went!
   | {H} flapped hard and rose up over the trees.
say H: I am flying! I am really flying! | Look at me! I can fly!
step: {H} flew over the river, over the meadow, and back to the tree.
   | {H} soared over the fields and the rooftops, and the sky felt endless.
step: {W} smiled with pride. | That night, {H} slept well, dreaming of the wide blue sky.
lesson: everyone is scared the first time | you will never know until you try
   | being brave means trying even when you are scared
feel: brave proud free happy
ritual: flew a little higher every day | helped other young birds take their first flight

plot: the thing nobody needed
for: thing
cast: F
weight: 2
trait: {H.He} had been in the same drawer for a long time. | {H.He} {H.was} old, and nobody used {H.him} anymore.
step: {lead}, {H} sat alone on a dusty shelf. | {lead}, {H} lay forgotten at the back of a dark cupboard.
say H: Nobody needs me anymore. | I am old and useless.
step: All the new things got used every day, but not {H}.
   | {H} watched the shiny new things go out and come back, day after day.
step: {H} felt dusty, gloomy, and forgotten. | {H} sighed a small, lonely sigh.
para
step: {then} {F.a} crept into the cupboard, looking for a place to sleep.
   | {sudden} {F.a} came looking for shelter from the cold.
say F: Hello! What a fine thing you are! | Oh! You are just what I was looking for!
say H: Me? But I am old and nobody wants me. | Really? Nobody has needed me for years.
step: {F} curled up beside {H} and said it was the coziest spot in the whole house.
   | {F} made a snug little bed right next to {H}.
step: The next day, a child found {H} and {F} together. | {then} the family cleaned the cupboard and found them both.
step: The child laughed, dusted {H} off, and made a cozy bed for {F} right beside {H.him}.
   | They wiped {H} until {H.he} shone and let {F} stay, snug and warm.
say H: I am useful after all! | I have a new job!
step: Every night, {F} slept beside {H}, and {H} felt proud. | {H} {H.was} never lonely again.
lesson: everyone is useful in their own way | old things can find new uses | being needed feels good
feel: proud useful happy warm
ritual: kept {F} warm and safe | never felt useless again

plot: a day at the market
for: any
cast: F
when: day
weight: 2
trait: {H.He} loved busy places full of colors and smells. | {H.He} had saved five shiny coins in a little jar.
step: {lead}, {H} took a basket and five shiny coins to the market in {H.place}.
   | {lead}, {H} went to the big Saturday market with an empty basket and a handful of coins.
step: The market was noisy and crowded. There were stalls of red tomatoes, green beans, yellow bananas, and purple
   grapes.
   | Everywhere {H} looked, there were stalls piled high with crunchy carrots, round melons, lumpy potatoes, and sweet
   peaches.
say H: I want to buy something special for dinner! | What should I buy with my coins?
step: At the fruit stall, {H} met {F.a}. | Next to a stall full of plums, {H} bumped into {F.a}.
say F: Let's shop together! I need six eggs and a loaf of bread. | Hello! Can I come along? I love the market.
step: The baker gave them each a warm roll, and the apple seller let them taste a crunchy green apple.
   | They tasted a juicy slice of orange and sniffed the fresh bread at the bakery stall.
para
step: {H} bought a bunch of carrots, a round cabbage, and three ripe pears.
   | {H} paid for a bag of cherries, a fat squash, and a bunch of fresh mint.
step: {but} then {F} looked very sad. {F.He} had dropped {F.his} coins, and they had rolled away under a stall.
   | {sudden} {F} gasped. {F.His} coins had slipped through a crack in the old wooden boards.
say F: Oh no! My coins are gone! Now I cannot buy the eggs. | What will I do? My coins are lost!
step: {H} looked in the basket. There was one coin left at the bottom, and {H} gave it to {F}.
   | {H} had one shiny coin left, and {H.he} gave it to {F} with a big smile.
say F: Thank you! You are so kind. | Really? Thank you, my friend!
step: The old egg seller had seen it all, and with a smile, the seller gave them a big bag of strawberries for free.
   | The egg seller had seen everything and tucked a little jar of honey into the basket for {H}.
step: {last} {H} and {F} went home with heavy baskets and made a big, sticky fruit salad together.
   | That evening, {H} and {F} shared a big bowl of fruit salad, sweet and juicy.
lesson: a kind deed can come back to you | sharing what you have makes you rich in friends
   | being kind is worth more than a coin
feel: happy generous proud thankful
ritual: went to the market with {F} every Saturday | always kept one extra coin to share

plot: soup for everyone
for: any
cast: F
weight: 2
trait: {H.He} loved to help in the kitchen. | {H.His} tummy always rumbled at lunchtime.
step: {lead}, the air in {H.place} was cold and gray, and {H} wanted something warm to eat.
   | {lead}, {H} woke up with a chilly nose and a very empty tummy.
say H: Let's make a big pot of soup! | I know! Hot soup will warm me up.
step: {H} pulled out a big black pot and a long wooden spoon. | {H} got out the biggest pot and filled it with water.
step: {then} {F.a} knocked at the door with a basket of vegetables.
   | {sudden} there was a knock. It was {F.a}, holding a bag full of vegetables.
say F: I brought carrots, potatoes, and an onion. Can I help? | I have vegetables from my garden. Let's cook together!
step: {H} scrubbed the muddy potatoes, and {F} peeled the long orange carrots.
   | Together they washed, peeled, and chopped, and bits of carrot and onion skin flew everywhere.
maybe 0.5: The onion made them both cry, and then they giggled at their wet faces.
   | The onion was so strong that their eyes watered and their noses tickled.
step: Everything went plop, plop, plop into the bubbling pot. | One by one, the vegetables splashed into the pot.
para
step: {H} stirred and stirred, and the kitchen smelled delicious.
   | {H} stirred slowly, and steam curled up from the pot.
step: {then} {H} blew on a spoonful and took a sip. | {soon} {H} dipped the spoon in for a little taste.
say H: Yuck! It is too salty! | Oh no! It tastes like the sea!
step: {H} had added a pinch of salt, and {F} had added a pinch too, and nobody had told the other.
   | They had both sprinkled in salt, and neither one knew.
step: {so} they poured in more water, added another potato and a handful of rice, and {H} stirred again.
   | {F} had an idea: more water, one more potato, and a long, slow simmer.
say F: Mmm! Now it is just right! | This is the best soup I ever tasted!
step: {H} and {F} slurped soup from big bowls, and there was plenty left for the neighbors.
   | They carried bowls of soup to everyone nearby, and every bowl came back empty.
lesson: cooking together is more fun than cooking alone | it is good to taste and try again
   | a mistake can often be fixed with a little help
feel: warm cozy happy full
ritual: made soup with {F} on cold days | always tasted the soup before adding more salt

plot: a visit to the doctor
for: any
cast: W
weight: 2
trait: {H.He} did not like to sit still. | {H.He} had hardly ever been sick before.
step: {lead}, {H} woke up feeling hot and achy. | {lead}, {H} felt tired and sniffly, and {H.his} {H.part} felt heavy.
step: ACHOO! {H} sneezed, and then {H.he} coughed and coughed.
   | ACHOO! ACHOO! {H} sneezed so hard that a leaf fell down.
say H: I feel funny. I do not want to play today. | My head hurts, and I feel too warm.
step: {so} {H} went to see {W.a}, who knew how to make everyone feel better.
   | {so} {H} went for a check-up with {W.a}, who had a little black bag full of medicine.
step: {H} sat in the waiting room and wiggled nervously. | While {H} waited, {H.his} tummy felt fluttery and nervous.
say H: Will it hurt? | What if the medicine tastes yucky?
say W: Do not worry. I will only listen and look. | This will not hurt a bit. Let's have a look.
step: {W} listened to {H.his} heartbeat, peeked in {H.his} ears, and felt {H.his} warm forehead.
   | {W} checked {H} with a thermometer. It beeped. {H} had a fever.
para
say W: You have a little cold. You need rest, water, and this medicine.
   | It is only a cold. Drink lots of water and sleep well.
step: The medicine was pink and tasted like cherries, and {H} swallowed every drop.
   | {H} took a spoonful of the medicine. It was sticky and sweet.
step: Before {H} left, {W} gave {H.him} a bright sticker with a star on it for being brave.
   | {W} put a colorful bandage on a scraped spot and gave {H} a sticker, too.
step: At home, {H} rested under a soft blanket and sipped warm water with lemon.
   | At home, {H} slept and slept, and friends sent get-well cards with drawings on them.
step: {last} after three days, the fever was gone, and {H} felt strong again.
   | {soon} the sniffles went away, and {H} {H.was} ready to play.
say H: I feel all better! | Hooray! I am not sick anymore!
lesson: the doctor is there to help you | rest helps your body get better
   | a check-up is nothing to be scared of
feel: brave better thankful proud
ritual: was never afraid of a check-up again | rested whenever {H.he} felt sick

plot: bubbles and bedtime
for: any
cast: W
when: night
weight: 2
trait: {H.He} never wanted to go to bed. | {H.He} always got very dirty when {H.he} played.
step: {lead}, {H} came home covered in mud, sand, and sticky jam.
   | {lead}, {H} came home muddy from top to bottom after a long day of play.
step: {W.a} was waiting at the door and laughed. | {W.a}, who looked after {H}, shook {W.his} head and smiled.
say W: Look at you! Bath time! | Into the bath you go, my muddy one!
say H: I do not want a bath! I want to play! | But I am not sleepy at all!
step: {but} {W} filled the tub with warm water and a big squirt of bubble soap.
   | {but} {W} poured bubble soap into the warm water, and the tub turned white and foamy.
step: {H} peeked in. The bubbles were big and round and sparkly.
   | {H} touched one bubble, and POP! It burst on {H.his} {H.part}.
step: {soon} {H} {H.was} splashing and giggling, making bubble beards and bubble hats.
   | {soon} {H} sat in the warm water and blew bubbles across the tub.
step: {W} scrubbed off the mud with a soft sponge and a bar of soap that smelled like lemons.
   | {W} washed away the sand and jam, and the water turned a little bit brown.
para
step: Then {H} got wrapped in a big fluffy towel and put on cozy pajamas with stars on them.
   | Wrapped in a warm towel, {H} dried off and wiggled into soft blue pajamas.
maybe 0.5: {H} brushed {H.his} teeth, and the toothpaste tasted like mint. | {H} drank a little cup of warm milk.
step: {W} tucked {H} under a thick blanket and read a story about a sleepy bear.
   | {W} tucked {H} in, pulled the blanket up high, and turned off the lamp.
say H: Will you sing the lullaby? Just one? | One more song, please?
step: {W} sang a soft, slow lullaby, and {H} drifted off to sleep, clean and snug.
   | {W} hummed the old lullaby, and before the song was done, {H} {H.was} fast asleep.
lesson: bath time can be fun | a good night of sleep gets you ready for a new day
   | it feels good to be clean and cozy
feel: clean cozy sleepy warm
ritual: played with the bubbles at every bath | asked for the lullaby every night

plot: the seeds that took their time
for: any -plant
cast: W
weight: 2
trait: {H.He} {H.was} not very good at waiting. | {H.He} wanted everything to happen right away.
step: {lead}, {W.a} gave {H} a little paper bag of seeds. | {lead}, {H} got a packet of flower seeds from {W.a}.
say W: Plant them, water them, and be patient. | These seeds need dirt, water, sunshine, and time.
step: {H} dug small holes in the soft brown dirt and dropped in the seeds, one by one.
   | {H} poked tiny holes in the garden, tucked in the seeds, and patted the dirt down.
step: Then {H} sprinkled them with water from a green watering can. | Then {H} gave every hole a little drink of water.
step: The next morning, {H} hurried out to look. Nothing! Just plain brown dirt.
   | The very next day, {H} peeked at the garden. Not one leaf was there.
say H: Why are they not growing? | Did I do it wrong?
step: {H} wanted to dig them up to check, but {H.he} remembered what {W} had said.
   | {H} felt grumpy and wanted to give up, but {W} just smiled and said to wait.
para
step: Every day, {H} watered the seeds and pulled out the weeds.
   | Day after day, {H} watered, waited, and hummed to the dirt.
step: {then} one misty morning, {H} saw tiny green sprouts poking up!
   | {sudden} one day, {H} spotted little curly shoots.
say H: They are growing! They are really growing! | Look! Little green leaves!
step: The sprouts grew taller and taller, and fat buds appeared.
   | Week by week, the stems grew tall, and the buds grew plump.
step: {last} the garden burst into bloom with red poppies, yellow marigolds, and tall blue cornflowers.
   | {last} one sunny morning, every bud opened, and the garden was full of color and bees.
step: {H} picked a bunch of flowers and gave it to {W}. | {H} gave {W} the very first flower.
lesson: good things take time | patience helps things grow | a little care every day makes things grow
feel: patient proud happy amazed
ritual: watered the garden every morning | saved seeds to plant each spring

plot: boots and a red umbrella
for: any
cast: F
when: rain
weight: 1
trait: {H.He} had brand-new yellow rain boots. | {H.He} loved the sound of rain on the roof.
step: {lead}, {H} pulled on rubber boots, opened a big red umbrella, and went out into the rain.
   | {lead}, {H} went outside with a big red umbrella to listen to the drip, drip, drop.
step: The street was wet and shiny, and every puddle was full of tiny circles.
   | Raindrops drummed on the umbrella, and little rivers ran along the path.
step: {sudden} a gust of wind flipped the umbrella inside out and blew it away!
   | {then} a strong wind grabbed the umbrella and sent it tumbling down the hill.
say H: Hey! Come back, umbrella! | My umbrella is running away!
step: {H} chased it, slipping and sliding through the squishy mud. | {H} hurried after it, splish, splash, squelch.
step: The umbrella stopped by a big puddle, where {F.a} was bending over the water.
   | At the bottom of the hill, {F.a} was kneeling beside a big brown puddle.
say F: A little worm is stuck in the puddle! Help me! | This poor worm will drown! Can you help?
para
step: {H} held out the umbrella like a tiny boat, and the worm wriggled on.
   | {H} scooped the worm up gently with the umbrella.
step: {H} and {F} carried the worm to the soft grass under a bush.
   | Together they set the worm down in a patch of soft, wet dirt.
say H: There you go, little worm. Now you are safe. | Bye, little worm! Stay out of the deep puddles!
step: Then {H} and {F} stomped through every puddle they could find. Splash! Splosh! Splash!
   | Then they jumped in puddles until their boots were full of water and their socks were soggy.
step: {last} the clouds slid away, and a bright rainbow curved over {H.place}.
   | {last} the sun peeked out, and a rainbow stretched across the sky, red, orange, yellow, green, blue, and purple.
say F: A rainbow! This is the best rainy day! | Look how beautiful it is!
lesson: even a gray day can be full of color | small creatures need our help too
   | rain is fun when you splash with a friend
feel: muddy happy kind cheerful
ritual: helped the worms after every rain | held the umbrella tight on windy days

plot: the blanket fort
for: any
cast: F
weight: 2
trait: {H.He} loved secret hiding places. | {H.He} always had big ideas.
step: {lead}, {H} invited {F.a} over to play. | {lead}, {F.a} came over to play with {H}.
say F: What should we do today? | Let's make something!
say H: Let's build a fort! A secret one! | I know! We can build the best fort ever!
step: {H} gathered blankets, pillows, and cushions, and {F} dragged over two chairs.
   | They collected sheets, a fuzzy quilt, four pillows, and a pile of sticks from the yard.
step: {H} draped a big blanket over two chairs, and {F} stuffed pillows underneath.
   | {H} leaned some long sticks together and spread a quilt on top like a roof.
step: {but} the blanket slipped, and the whole fort flopped down on top of them!
   | {but} when {F} crawled in, the fort wobbled, sagged, and fell down.
say F: Oh no! Our fort fell down! | It is too floppy!
para
step: {H} wiggled out from under the blanket, giggling. | {H} popped out of the heap with a sock on {H.his} {H.part}.
say H: Let's try again. Clothespins will hold it! | I have an idea. Heavy books will keep it up!
step: This time they clipped the corners with clothespins and held the edges down with heavy books.
   | This time they tied the corners with string and pinned the edges with clothespins.
step: The fort stood up tall and strong. It had a doorway, a little window, and a soft floor of pillows.
   | The new fort did not wobble at all. Inside, it was dim and cozy, like a secret cave.
step: {H} brought a flashlight, and {F} brought crackers and a bowl of crunchy apple slices.
   | {H} carried in a flashlight and a box of crayons, and {F} brought a plate of cookies.
step: Inside the fort, they whispered secrets and made shadow animals on the walls.
   | They read picture books by flashlight and made a sign that said: NO GROWN-UPS.
lesson: if something falls down, you can try again | two friends can build more than one
   | a good idea can come from a mistake
feel: cozy proud happy clever
ritual: built a fort with {F} on rainy days | kept a box of clothespins for the next fort

plot: the music show
for: any
cast: F
weight: 2
trait: {H.He} loved to make noise. | {H.He} hummed all day long.
step: {lead}, a poster went up in {H.place}: Music Show on Saturday! Everyone can play!
   | {lead}, {H} heard that there would be a music show in {H.place}, with a real stage.
step: {H} wanted to be in the show, but {H.he} did not have an instrument.
   | {H} wanted to play too, but {H.he} did not know how to play anything.
step: {then} {H} heard a sweet tune. It was {F.a}, practicing on a shiny flute.
   | Down the lane, {F.a} was tooting on a little silver flute.
say F: You can play with me! Let's make a drum! | Come and join me! Every band needs a drum.
step: They found an empty bucket and two wooden spoons. Boom, boom, bang!
   | {F} turned an old pot upside down and gave {H} two sticks to tap it with.
step: {H} and {F} practiced every day, fast and slow, loud and soft.
   | Every afternoon, {H} tapped the beat while {F} played the tune.
para
step: On Saturday, the audience filled every seat, and {H.his} {H.part} shook with nerves.
   | On the day of the show, {H} peeked out from behind the curtain. There were so many faces!
say H: I am too nervous. What if I make a mistake? | My tummy feels full of butterflies.
say F: Just look at me and keep the beat. | It is okay to be nervous. Let's just have fun.
step: They walked onto the stage. {F} played the flute, and {H} banged the drum.
   | The lights came on. {F} played a happy tune, and {H} tapped along.
step: {H} missed one beat, but nobody minded, so {H} kept going. | Soon {H} forgot to be scared and began to sing along.
step: When the song ended, the audience clapped and cheered and stomped their feet.
   | At the end, everyone jumped up, clapped, and shouted for more.
step: {H} bowed and felt as tall as a mountain. | {H} and {F} bowed low, smiling from ear to ear.
lesson: it is okay to feel nervous before something new | a little mistake does not spoil a song
   | music is more fun when you play together
feel: proud nervous happy excited
ritual: played the bucket drum with {F} every afternoon | sang whenever {H.he} felt nervous

plot: the wobbly tooth
for: kid pet farm forest wild sea magic
cast: F
weight: 1
trait: {H.He} had a big, bright smile. | {H.He} loved crunchy snacks.
step: {lead}, {H} bit into a crunchy apple and felt something strange.
   | {lead}, {H} {H.was} chewing a crust of bread when something wiggled.
step: One of {H.his} front teeth was loose! It wiggled and wobbled.
   | {H} poked at it. A tooth was wobbly, like a little swing.
say H: My tooth is wobbly! Is it broken? | Oh no! My tooth is moving!
step: {H} hurried to show {F.a}. | {H} opened wide to show {F.a}.
say F: That means a new tooth is coming! It happens to everyone. | Do not worry. A big new tooth will grow in its place.
step: All day, {H} wiggled the tooth. It felt funny and a little bit scary.
   | {H} could not stop wiggling it, back and forth, back and forth.
para
step: {then} at dinner, {H} bit into a piece of corn, and POP! Out came the tiny tooth.
   | {sudden} during a big yawn, the tooth dropped out, plink, into {H.his} lap.
step: There was a little gap in {H.his} smile. | {H} looked in the mirror and saw a funny new gap.
say H: Look! I have a window in my smile! | I can whistle through the hole!
step: That night, {H} tucked the tooth under {H.his} pillow and fell asleep.
   | At bedtime, {H} hid the tooth under the pillow, just like {F} had said to do.
step: While {H} slept, the tooth fairy tiptoed in and out again without a sound.
   | Late at night, a tiny light fluttered by the bed, and then it was gone.
step: In the morning, the tooth was gone. In its place was a shiny coin and a tiny note that said: Keep smiling!
   | In the morning, {H} found a silver coin and a sprinkle of glitter where the tooth had been.
step: {H} ran to show {F} the coin and {H.his} gappy grin. | {H} grinned the widest grin, gap and all.
lesson: growing up can feel strange, and that is okay | losing a tooth means you are getting bigger
   | there is nothing to be afraid of when things change
feel: proud surprised happy brave
ritual: brushed {H.his} teeth every night | smiled {H.his} gappy smile at everyone

plot: the new baby
for: any
weight: 2
trait: {H.He} had always been the littlest one. | {H.He} liked being the one everyone looked at.
step: {lead}, a tiny new baby came home to {H} and {H.his} family, wrapped in a soft yellow blanket.
   | {lead}, {H} got big news: there was a brand-new baby in the family!
step: Everyone crowded around the baby to coo and smile.
   | All the neighbors came to peek at the baby and bring presents.
say H: What about me? Nobody looks at me anymore. | Everyone only cares about the baby now.
step: The baby cried at night, and everyone was busy with bottles, blankets, and lullabies.
   | The baby needed feeding, rocking, and burping, all day long.
step: {H} felt jealous and grumpy, and {H.he} sulked in a corner all alone.
   | {H} pouted and stomped off to sulk by {H.sight}.
para
step: {then} the baby began to cry and cry, and nobody could make it stop.
   | {but} one afternoon, the baby would not stop crying, no matter what anyone tried.
step: {H} tiptoed over and made the silliest face {H.he} could.
   | {H} crept close, wiggled {H.his} {H.part}, and made a funny sound.
step: The baby blinked, hiccupped, and then giggled! | The baby stopped crying and gave {H} a big, gummy smile.
say H: The baby likes me! | Did you see that? I made the baby laugh!
step: The baby reached out and squeezed {H} tight.
   | The baby held on to {H} with a tiny, warm hand and would not let go.
step: {H} felt warm and proud all over. | All the jealous feelings in {H} melted away like snow in the sun.
say H: I will teach you everything I know. | I am going to be the best big helper ever.
step: From then on, {H} sang silly songs to the baby and showed it how to clap.
   | After that, {H} helped at bath time and made the baby laugh every day.
lesson: there is enough love for everyone | being a big helper feels good
   | a new baby can become a best friend
feel: proud loving happy gentle
ritual: sang to the baby every night | made the baby giggle whenever it cried

plot: the ants at the picnic
for: any -bug
cast: F
when: day
weight: 1
trait: {H.He} did not like sharing snacks. | {H.He} {H.was} easily grumpy when things did not go right.
step: {lead}, {H} and {F.a} spread a checkered blanket on the grass for a picnic.
   | {lead}, {H} took {F.a} to a sunny hill near {H.sight} for a picnic.
step: They had cheese sandwiches, crunchy pickles, a bowl of grapes, and a bottle of apple juice.
   | The basket held cucumber sandwiches, crackers, cherry tomatoes, and two slices of banana bread.
step: {sudden} {H} saw a long line of tiny black ants marching across the blanket!
   | {then} {H} noticed a wiggly line of ants heading straight for the crackers.
say H: Hey! Those are our crumbs! Go away, ants! | Shoo! This is our picnic!
step: {H} tried to shoo them away, but more ants kept coming.
   | {H} huffed and puffed at the ants, but they did not care at all.
step: One ant was carrying a crumb that was bigger than the ant itself. | {F} pointed at one ant dragging a whole grape.
para
say F: Look how strong they are! They are taking food home to their families.
   | Wow! That ant is carrying something ten times bigger than it is!
step: {H} lay down on the grass to watch them closely. | {H} got very still and watched.
step: The ants marched in a neat line, up a little hill of dirt and into a tiny hole.
   | They went one behind the other, over a twig and around a pebble, all the way home.
step: {H} stopped feeling grumpy and started feeling curious.
   | Little by little, {H} stopped frowning and began to smile.
say H: Maybe we can share a little. | There is plenty for us and for them.
step: {H} put a piece of sandwich crust and a squashed grape near the anthill.
   | {H} left a little pile of cracker crumbs beside the tiny hole.
step: The ants carried away every bit, and {H} and {F} ate the rest of the picnic in peace.
   | The ants were busy and happy, and so were {H} and {F}.
lesson: even tiny creatures work hard for their families | sharing is kinder than shooing
   | being curious is better than being grumpy
feel: curious kind happy calm
ritual: left a few crumbs for the ants at every picnic | watched the ants with {F}

plot: the big sledding hill
for: any
cast: F
when: snow
weight: 1
trait: {H.He} did not like going fast. | {H.He} liked to watch before trying anything new.
step: {lead}, deep snow covered {H.place}, and everyone went to the big hill with their sleds.
   | {lead}, {H} heard shouts and laughter from the big sledding hill.
step: {H} put on a warm hat, fuzzy mittens, and a long striped scarf. | {H} bundled up in a thick coat and a woolly hat.
step: At the top of the hill, {H} looked down. It was steep and slippery, and the bottom looked very far away.
   | From the top, the hill looked enormous, and the sleds below looked as small as beans.
say H: It is too high! I will stay up here. | I am too scared to go down.
step: {F.a} pulled a little wooden sled up beside {H}. | {F.a} came puffing up the hill with a bright blue sled.
say F: We can ride together. I will sit in front and steer. | Hold on to me. We will go down together.
step: {H} climbed on behind {F}, held on tight, and squeezed {H.his} eyes shut.
   | {H} sat behind {F} and gripped the rope with a wobbly smile.
para
step: WHOOSH! The sled zoomed down the hill, and the cold air tickled {H}.
   | Down they flew, faster and faster, while snow sprayed up on both sides.
step: They bumped over a lump of snow and landed in a soft snowbank with a flump.
   | At the bottom, the sled spun around and tipped them into the fluffy snow.
say H: Again! Let's go again! | That was the best thing ever!
step: {H} and {F} climbed up and slid down again and again until their cheeks were rosy and their mittens were soaked.
   | All afternoon, {H} raced down the hill, and once {H.he} even steered.
step: {last} they went inside for hot apple cider and buttery toast. | {last} they trudged home, cold and wet and happy.
lesson: things that look scary can be fun once you try | it is easier to be brave with a friend
   | you can start small and grow braver
feel: brave excited proud happy
ritual: raced down the big hill with {F} every snowy day | was the first one up the hill when it snowed

plot: the windy day
for: any
cast: F
when: day
weight: 1
trait: {H.He} loved to fly {H.his} kite. | {H.He} liked to feel the wind.
step: {lead}, the wind blew and whooshed all over {H.place}. | {lead}, a wild wind came rushing across {H.place}.
step: Leaves whirled around like little dancers, and laundry flapped on every line.
   | Branches bent and swayed, and the clouds raced across the sky.
step: {H} took a green kite outside. It tugged and jumped on its string.
   | {H} went out with a diamond kite and a long ball of string.
step: {sudden} a big gust snapped the string, and the kite sailed away!
   | {then} the wind pulled so hard that the string slipped free, and away went the kite!
say H: Come back! | Stop! That is my kite!
step: {H} chased it past {H.sight}, over a fence, and across a field.
   | {H} ran after it, past the laundry lines and through the flapping sheets.
step: On the way, the wind blew off a hat, a newspaper, and three socks from a clothesline.
   | Hats, papers, and even an umbrella tumbled by.
para
step: The kite was stuck high in the branches of a tall tree. | The kite dangled from a tall pole, out of reach.
step: Close by, {F.a} was looking up sadly. | Nearby, {F.a} was hunting in the grass for a lost hat.
say F: The wind took my hat too! | I cannot find my hat anywhere!
step: {F} held {H} steady, and {H} stretched up and tugged the kite free.
   | {F} let {H} climb up on {F.his} back, and together they reached the kite.
step: Then {H} spotted the lost hat, caught in a bush. | Then they found the hat, tangled up in a prickly bush.
say H: The wind is strong, but we are strong together! | We got them both back!
step: They tied the string twice and flew the kite together, high over {H.place}.
   | They sat on the hill and watched the kite dip and swoop.
lesson: teamwork makes hard jobs easier | it is good to hold on tight on a windy day
   | a lost thing is easier to find with a friend
feel: breathless happy proud thankful
ritual: tied the kite string twice | flew kites with {F} on windy days

plot: the sleepover
for: any
cast: F
when: night
weight: 2
trait: {H.He} had never slept away from home before. | {H.He} liked everything to be just where it always was.
step: {lead}, {H} packed a little bag with pajamas, a toothbrush, and a favorite pillow for a sleepover with {F.a}.
   | {lead}, {H} went to a sleepover at the home of {F.a}, with a sleeping bag rolled up tight.
step: {H} and {F} played hide-and-seek, ate buttery popcorn, and made shadow puppets with a flashlight.
   | They built a tower of cushions, played a board game, and giggled until their tummies hurt.
maybe 0.5: {H} hid behind the curtains, but {H.his} giggles gave {H.him} away.
   | {F} counted to ten, and {H} squeezed under the table.
step: When the lights went out, the room was dark and full of strange shapes.
   | At bedtime, the room felt different. Even the shadows looked unfamiliar.
step: {H} heard a clock ticking and a door creaking, and {H.he} missed home.
   | {H} lay still and thought about {H.his} own bed.
say H: I want to go home. I miss my own bed. | Everything here sounds different.
step: A big lump grew in {H.his} throat, and {H} sniffled quietly.
   | {H} pulled the blanket up high and tried not to cry.
para
step: {F} switched on a little night-light shaped like a moon. | {F} heard the sniffles and scooted closer.
say F: I feel that way at sleepovers too. Do you want to hear a story?
   | It is okay to miss home. Let's count sheep together.
step: {F} whispered a silly story about a pig who wore pajamas, and {H} giggled into the pillow.
   | Together they counted sheep: one, two, three, four, all the way to forty-two.
step: {soon} {H} felt warm and sleepy, and {H.he} {H.was} not sad anymore.
   | Little by little, the dark room felt snug and safe.
step: In the morning, {H} woke up to the smell of pancakes with syrup and berries.
   | When {H} woke up, the sun was shining, and there were warm pancakes for breakfast.
say H: Can I sleep over again next week? | That was the best night ever!
lesson: it is normal to miss home | a good friend can make a new place feel cozy
   | being brave sometimes means trying something new at night
feel: cozy brave happy sleepy
ritual: had a sleepover with {F} every month | packed the moon night-light for every sleepover

plot: a trip to the library
for: any
cast: W
when: day
weight: 2
trait: {H.He} loved stories more than anything. | {H.He} {H.was} full of questions.
step: {lead}, {H} went to the library for the very first time. | {lead}, {H} visited the big library in town.
step: The library was huge and quiet. There were shelves and shelves of books, comfy chairs, and a big round rug.
   | Inside, there were books up to the ceiling, and everyone was reading quietly.
step: {H} {H.sounded} with excitement, and everyone turned to look. | {H} shouted hello, and the word echoed all around.
step: {W.a}, who looked after the books, smiled and came over. | {W.a}, the librarian, tiptoed over with a kind smile.
say W: In the library, we use quiet voices. | Shh. Books like a quiet room.
say H: Oops. Sorry. I will whisper. | I can be very quiet.
step: {W} showed {H} books about dinosaurs, stars, trains, and sleepy dragons.
   | {W} led {H} to a corner full of picture books about animals, planets, and pirates.
para
step: {H} picked a heavy book with an enormous dinosaur on the cover. | {H} chose a thick book about dinosaurs.
step: {H} curled up on a beanbag and turned the pages. There were dinosaurs with long necks, spiky tails, and teeth as
   big as bananas.
   | {H} read about a dinosaur as tall as a house and another one as tiny as a chicken.
say H: Can I take this book home? | I want to read it again and again!
say W: Yes! Here is your very own library card. Bring the book back in two weeks.
   | Of course. Just take good care of it and bring it back when you are done.
step: {H} hugged the book all the way home and read it three times before bed.
   | That night, {H} read the book under the blanket with a flashlight.
step: Two weeks later, {H} brought the book back right on time and chose a new one.
   | When it was time, {H} returned the book with a thank-you note inside.
lesson: books can take you anywhere | the library is a quiet place full of adventures
   | it is good to take care of the things you borrow
feel: curious quiet happy proud
ritual: visited the library every Saturday | always brought the books back on time

plot: fixed with tape and glue
for: any
cast: F
weight: 1
trait: {H.He} sometimes played a little too rough. | {H.He} had a favorite toy that went everywhere.
step: {lead}, {H} {H.was} playing with a little wooden boat that had a red sail.
   | {lead}, {H} took a toy airplane with blue wings out to play near {H.sight}.
step: {H} tossed the toy up high, higher and higher. | {H} zoomed the toy around fast and spun in a circle.
step: {sudden} it slipped and landed on a rock with a loud CRACK. | {then} it bumped into a wall and fell with a crunch.
step: A piece had broken off, and the toy was in two parts. | {H} picked it up. It was broken!
say H: It is ruined! I will never play with it again! | My favorite toy is broken!
step: {H} felt so grumpy that {H.he} kicked a pebble and sat down with a thump. | {H} felt hot tears in {H.his} eyes.
para
step: {F.a} came by and looked at the pieces. | {then} {F.a} came along and saw {H} looking sad.
say F: It is not ruined. I think we can fix it! | Let's try some glue and some tape.
step: {F} brought a tube of glue and a roll of sticky tape. | {F} found glue, tape, and a little paintbrush.
step: They spread the glue carefully, pressed the pieces together, and held them still while they counted to one
   hundred.
   | {H} held the pieces together, and {F} wrapped the tape around and around.
step: The toy looked a little bumpy and crooked, but it worked again!
   | Now it had a stripe of tape, but it was strong again.
say H: It is not perfect, but I love it even more now. | It has a scar now, like a brave sailor!
step: After that, {H} played gently and kept the toy on a special shelf at night.
   | {H} painted a little heart on the tape, and played gently from then on.
lesson: broken things can often be fixed | it is good to be gentle with your things
   | something does not have to be perfect to be loved
feel: thankful careful happy proud
ritual: played gently with {H.his} toys | kept glue and tape in a drawer, just in case

plot: the sandcastle quarrel
for: any
cast: F
when: day
weight: 2
trait: {H.He} liked things done {H.his} way. | {H.He} had lots of ideas and did not always listen.
step: {lead}, {H} and {F.a} built a castle in the big sandbox.
   | {lead}, {H} and {F.a} were making a sandcastle together on the beach.
step: They patted the wet sand with a bucket and a little shovel.
   | They dug a moat and filled it with water from a pail.
step: {H} wanted a tall tower, but {F} wanted a long wall.
   | {but} soon they could not agree. {H} wanted a tower, and {F} wanted a wall.
say H: My way is better! | We should do it my way!
say F: No! My way is better! | That is a silly idea!
step: {H} grabbed the bucket, {F} grabbed the shovel, and they shouted at each other. The castle crumbled.
   | They pushed and pulled, and the whole castle slid into a flat, lumpy heap.
step: {H} stomped off one way, and {F} stomped off the other way. | {H} turned around and marched away without a word.
para
step: All afternoon, {H} sat alone. Playing alone was no fun at all.
   | {H} tried to build alone, but it was lonely and boring.
step: {H} kept thinking about {F} and felt a heavy, sorry feeling inside.
   | {H} remembered the angry words, and {H.his} cheeks felt hot.
step: {H} picked up a smooth pink shell and went to find {F}.
   | {so} {H} went to find {F}, even though {H.his} tummy felt wobbly.
say H: I am sorry I shouted. Can we be friends again? | I am sorry. I did not listen to you.
say F: I am sorry too. I should not have grabbed. | I missed you. I am sorry too.
step: They hugged and went back to the sand. | They shook hands and then laughed, because they both had sandy fingers.
step: This time they built a castle with a tall tower and a long wall, and it was the best castle ever.
   | Together they made a castle with four towers, a long wall, and a shell on every window.
lesson: saying sorry can mend a friendship | two ideas can be better than one
   | it is important to listen to your friends
feel: relieved happy warm thankful
ritual: said sorry quickly after a quarrel | built castles with {F}, taking turns with ideas

plot: the old neighbor
for: any
cast: W
weight: 2
trait: {H.He} {H.was} always in a hurry. | {H.He} liked to be busy.
step: {lead}, {H} saw {W.a} who lived next door, trying to carry heavy bags up the steps.
   | {lead}, {H} noticed {W.a} from next door, who was slowly dragging a heavy basket of groceries.
say H: Can I help you with that? | Let me carry that for you!
step: {H} carried everything inside. There were apples, milk, flour, and a jar of plum jam.
   | {H} lugged the basket all the way to the kitchen table.
say W: Thank you. My knees are not as strong as they used to be. | What a kind helper you are!
step: {H} saw that the garden was full of weeds and the roses were drooping and thirsty.
   | Outside, {H} noticed the lawn was messy with leaves and the flowers needed water.
para
step: {so} the next day, {H} came back with a rake and a watering can.
   | {so} {H} came back the next morning, ready to work.
step: {H} raked the leaves into a big crunchy pile, pulled the weeds, and watered every rose.
   | {H} swept the path, pulled the weeds, and filled the bird bath.
step: While they worked, {W} told stories about long ago, when {W.he} was young and the town was tiny.
   | {W} told {H} funny stories from long ago, and {H} laughed and laughed.
step: Then {W} made a plate of warm cinnamon cookies.
   | After the work, {W} poured two glasses of cold milk and brought out a tin of cookies.
say W: You have made my day brighter. | My garden has not looked this pretty in years.
step: {H} visited every week after that, and the two of them became good friends.
   | From then on, {H} stopped by every Sunday to help and to listen to another story.
lesson: helping others can make a new friend | old friends have wonderful stories to tell
   | a little help can brighten someone's whole day
feel: helpful kind proud warm
ritual: visited {W} every week | listened to the old stories with a smile

plot: the lost puppy
for: any -pet
cast: F
weight: 2
trait: {H.He} {H.was} always kind to animals. | {H.He} noticed everything around {H.place}.
step: {lead}, {H} found a little puppy shivering near {H.sight}. | {lead}, {H} heard a soft whimper behind {H.sight}.
step: The puppy had floppy ears, a wet nose, and a red collar, but no family anywhere.
   | It was a small brown puppy with one white paw, muddy and scared.
say H: Are you lost, little puppy? | Where is your home, little one?
step: The puppy wagged its tail and licked {H}. | The puppy sniffed {H} and snuggled close.
step: On the collar there was a little silver tag shaped like a bone.
   | {H} saw a shiny tag on the collar. It said: Please bring me home.
step: {H} asked {F.a} for help. | {then} {H} carried the puppy to {F.a}.
say F: Let's make posters so the family can find it! | We can make signs and ask everyone!
para
step: {H} and {F} drew pictures of the puppy and wrote FOUND PUPPY in big letters.
   | They made posters with crayons and a picture of the puppy on each one.
step: They hung the posters on trees and lampposts and knocked on doors all along the street.
   | They taped posters to fences and asked everyone they met.
step: {then} they heard someone calling for the puppy, over and over.
   | Just before dinner, they heard a worried voice calling down the road.
step: It was a little boy with tears on both cheeks. The puppy leaped into the boy's arms and licked and licked.
   | A little boy came running, and the puppy barked and wiggled all over while the boy hugged it tight.
step: The boy thanked {H} and {F} again and again. | The puppy's family gave {H} a big hug and a basket of muffins.
say H: I am so glad the puppy is home. | Now everyone is happy!
lesson: helping someone find their way home is a kind thing to do | a lost friend can be found when people work together
   | every small animal needs someone to care
feel: kind proud happy helpful
ritual: played with the puppy in the park | kept an eye out for anyone who was lost

plot: the cake that fell
for: any
cast: F
weight: 2
trait: {H.He} loved to bake. | {H.He} wanted everything to be perfect.
step: {lead}, {H} decided to bake a birthday cake for {F.a}.
   | {lead}, {H} got up early to make a surprise cake for {F.a}.
step: {H} mixed flour, sugar, eggs, and butter in a big bowl and stirred until the batter was smooth.
   | {H} cracked the eggs, poured in the milk, and beat the batter until it was fluffy.
step: The cake came out of the oven warm and golden, and the whole house smelled sweet.
   | The cake puffed up tall in the oven, and {H} peeked at it through the little window.
step: {H} spread pink frosting on top and shook on rainbow sprinkles.
   | {H} covered the cake with gooey chocolate frosting and stuck on seven candles.
step: {H} carried the cake to the table very, very carefully. | {H} lifted the plate and tiptoed slowly across the room.
step: {but} {H} tripped on the rug. The cake wobbled, and SPLAT! It landed upside down on the floor.
   | {sudden} {H} stumbled, and the cake slid off the plate with a big, messy SPLAT.
say H: Oh no! The cake is ruined! | Now there is no birthday cake!
step: {H} sat down next to the squashed cake and sniffled. | {H} stared at the mess and felt like crying.
para
step: {then} {F} arrived and saw the sticky mess on the floor. | {then} the door opened, and in came {F}.
say H: I made you a cake, but I dropped it. | I am sorry. Your cake fell down.
step: {F} looked at the squished cake and burst out laughing. | {F} looked at the mess, then at {H}, and grinned.
say F: It is the funniest cake I ever saw! Let's eat it anyway!
   | You made a cake just for me? That is the nicest present!
step: They scooped the top part onto plates and ate the gooey, crumbly cake with big spoons.
   | They saved the cake that was still clean, piled it in two bowls, and ate every crumb.
step: Soon they both had frosting on their noses, and they laughed until their tummies ached.
   | It was messy and sticky, but it tasted delicious, and {H} felt happy again.
lesson: a party is about friends, not a perfect cake | a mistake can turn into a funny memory
   | what matters most is the love you put in
feel: happy silly loved relieved
ritual: baked a cake for {F} every birthday | laughed about the upside-down cake with {F}

plot: the lemonade stand
for: any
cast: F
when: day
weight: 2
trait: {H.He} liked to work hard. | {H.He} always had a plan.
step: {lead}, the sun was hot, and {H} and {F.a} wanted to earn coins to fix the broken swing in the park.
   | {lead}, {H} and {F.a} saw that the old swing in the park was broken, and they wanted to help pay for a new one.
say H: Let's have a lemonade stand! | I know! We can sell cold lemonade!
step: {H} squeezed the lemons, and {F} stirred in sugar and ice in a big glass jug.
   | They squeezed a whole bag of lemons until the juice was dripping everywhere.
step: {F} painted a sign that said LEMONADE, ONE COIN, and {H} set out paper cups on a little table.
   | They made a bright sign with a smiling lemon and put a table near {H.sight}.
step: At first, nobody came. {H} waited and waited, and the ice began to melt.
   | For a long time, the street was empty, and {H} felt bored and a little bit grumpy.
step: {then} the mail carrier stopped by, hot and thirsty, and bought the very first cup.
   | {then} a tired mail carrier came by and asked for a cup.
step: The mail carrier took a sip and made a sour face. The lemonade was too sour!
   | The mail carrier puckered up. The lemonade was so sour that it made the mail carrier's eyes water!
para
say F: We need more sugar! | Oops. Let's fix it right away.
step: {H} stirred in two more spoonfuls of sugar, and this time the lemonade was sweet and cold.
   | {H} added more sugar and more water, and then it tasted just right.
step: {soon} people lined up: a jogger, a grandpa with a cane, and a mom with a stroller.
   | {soon} everyone on the street wanted a cup, and the coins went clink, clink into the jar.
step: By evening, the jug was empty, and the jar was full of coins.
   | When the sun went down, {H} and {F} counted every coin together.
say H: We did it! There is enough! | Hooray! We have enough money!
step: The next day, {H} and {F} brought the coins to the park, and soon there was a new swing for everyone.
   | They gave the jar to the park keeper, and the next week, a shiny new swing hung in the park.
lesson: hard work pays off | it is good to listen and make things better
   | working together can help a whole town
feel: proud tired happy helpful
ritual: ran a lemonade stand with {F} every summer | always tasted the lemonade first

plot: a painting for a friend
for: any
cast: W
weight: 1
trait: {H.He} loved bright colors. | {H.He} liked to make things with {H.his} own {H.part}.
step: {lead}, {H} heard that {W.a} was sick in bed and feeling lonely.
   | {lead}, {H} found out that {W.a} had a bad cold and could not go outside.
say H: I want to make something to cheer up my friend! | I know! I will paint a picture!
step: {H} got out a big sheet of paper, a box of paints, and a fat brush.
   | {H} set out a jar of water, a brush, and paints of every color.
step: {H} painted a yellow sun, a blue house, green hills, and red and purple flowers.
   | {H} dabbed and swirled and painted a sunny garden full of butterflies.
step: {sudden} {H} bumped the jar, and muddy water splashed across the painting!
   | {but} the brush dripped, and a big brown smudge spread across the sky.
say H: Oh no! It is all smudgy! | My picture is spoiled!
para
step: {H} almost crumpled it up. Then {H.he} looked at it again.
   | {H} felt like giving up, but then {H.he} tilted {H.his} head and looked closer.
step: The smudge looked a little bit like a pond. | The brown splash looked just like a big muddy pond.
step: {so} {H} painted three ducks swimming in it and a frog on a lily pad.
   | {so} {H} painted a pig splashing in the middle of it and two ducks paddling nearby.
step: {H} rolled up the painting, tied it with a ribbon, and took it to {W}.
   | When it was dry, {H} carried the painting to {W} very carefully.
say W: What a wonderful picture! It makes me smile. | This is beautiful! I will hang it right by my bed.
step: {W} hung the painting on the wall, and every time {W.he} looked at it, {W.he} felt a little better.
   | {W} laughed and laughed at the funny picture, and that night, {W.he} felt much better.
lesson: a gift from the heart is the best gift | a mistake can become something beautiful
   | a little kindness can help someone feel better
feel: proud kind happy creative
ritual: painted a picture for a friend who felt sad | turned every smudge into something new
"""
