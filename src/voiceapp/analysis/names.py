"""Word lists for finding people's names.

``GIVEN_NAMES``: common given names in England and Wales across generations and communities
(compiled from general knowledge of lists; no real person is implied).
``AMBIGUOUS_NAMES``: given names that are also ordinary words ("Will", "Grace", "Amber"); these
count only when capitalised away from the start of a sentence, or after a cue ("my son ...").
``NOT_NAMES``: capitalised words that must never be taken for a name (titles, kinship words,
days, months, service and document words, acronyms officers use).
"""

from __future__ import annotations

from typing import Final


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


GIVEN_NAMES: Final[frozenset[str]] = _word_set("""
aaliyah aaron abbie abby abdul abdullah abi abigail ada adam adaeze adebayo adeel adele adil
aditi adrian adriana agnes ahmad ahmed aidan aiden aimee aisha aishah ajay akash alana alex
alexa alexander alexandra alexis alfie alfred ali alice alicia alina alisha alison alistair
aliyah allan allison alma amaan amanda amara amari amelia amelie amina amir amira amit amy
ana anaya andre andrea andrew andy aneesa angela angelina angus anika anil anita anna annabel
annabelle anne annie anthony antonia antonio anya aoife archie aria ariana arjun arlo arnold
arthur arun arya asad asha ashley ashton asif asma aston athena aubrey audrey austin ava
avery axel ayaan ayesha ayla ayman azra barbara barry beatrice beatrix becky belinda bella
ben benjamin bernadette bernard beth bethan bethany betty beverley bev bianca billie blake
bobby bonnie brandon brenda brendan brian bridget brittany brodie brooke bryony bushra caitlin
callum calum cameron camila cara carl carla carly carmel caroline carys casey cassie catherine
cathy cecilia cerys chantelle charlene charles charlie charlotte chelsea cheryl chidi chiara
chinedu chloe chris christian christina christine christopher ciara cian claire clara clare
claudia cody colin connie connor conor craig cristina daisy-mae damian damien dan dana daniel
daniela danielle danny darcey darcie darcy daria darius darren darryl dave david dawid dean
debbie deborah declan dee deepak demi denise dennis derek dev devon dexter diana diane dilan
dion dominic dominika donna dora doris dorothy dylan ebony eddie eden edith edward eileen
elaine eleanor elena eli elif elijah elise eliza elizabeth ella ellen ellie ellie-mae ellie-may
elliot elliott eloise elsa elsie emanuel emil emilia emily emma emmanuel enzo eric erin esme
esther ethan eugene eva evan evelyn evie ewan ezra fahad faisal farah fatima fatma fay felicity
felix fern finlay finley finn fiona florence francesca francis freddie freddy frederick freya
gabriel gabriela gabriella gareth gary gavin gemma george georgia georgina gerald gianna gillian
gina glenn gloria gordon graham greg gregory hafsa hamza hana hannah hannah-may haris harley
harold harper harriet harrison harry harvey hasan hassan hayden hayley hazel-mae heidi helen
helena henry hollie hollie-mae hugh hugo humza ian ibrahim idris ifeoma imogen imran ines
ioana irene isaac isabel isabella isabelle isaiah isha ishaan isla ismail ivan ivy-mae izzy
jackson jacob jacqueline jake jakub james jamie jan-paul jane janet janice jasmine jason
jaxon jay jayden jayne jaz jean jeff jemma jenna jennifer jenny jeremy jess jessica jim jimmy
joan joanna joanne jodie joe joel john johnny jonah jonathan jordan-lee joseph josh joshua
josie joy-anne judith judy julia julian julie justin kai kaitlyn kamal kamil karen karim karl
karolina kate katherine kathleen kathryn katie katy kayden kayla kayleigh keeley keira keith
kelly kemi ken kenneth kerry-ann kevin khadija kian kieran kim kimberley kirsty krishna
kristina krystal kyle lacey laila lana lara laura lauren layla leah lee leila lena leo leon
leonardo leonie lewis lexi liam libby lila lily-mae lily-rose linda lindsay lisa logan lola
lorna lorraine louie louis louisa louise luca lucas lucia lucy luis luke lydia lyla mabel
macey mackenzie maddie madison maisie maisy maja malachi malcolm malik maria mariam marie
marina mario marion marley martha martin mary maryam mason matilda matt matthew maureen maya
megan mehmet melanie melissa mia michael michaela michelle mikael mila millie milly mohamed
mohammad mohammed molly monica morgan muhammad muhammed mustafa nadia nadine naomi natalia
natalie natasha nathan nathaniel neil nell nevaeh niall nicholas nicola nicole nikita nina
noah noor nora norah nuala oakley olga oli olivia ollie omar oscar owen paige pamela paris-mae
patricia patrick paul paula pauline peter petra philip phoebe piotr pippa poppy-mae priya
qasim rachel rafael rahul rajesh ralph rana rashid rebecca reece reggie reuben rhys ria
richard rick ricky riley rita robert robyn rohan ronan ronnie rory rosa rosie ross rowan
roxanne roy ruairi rufus russell ruth ryan sadia safa sahil saif sajid sally sam samantha
samara samir samuel sana sandra sania sara sarah sasha scarlett scott sean sebastian seren
shabnam shakira shane shannon sharon shaun sheila shelby shirley shreya siddharth sidney sienna
simon simone sinead siobhan sofia sofie sonia sophia sophie stacey stanley stella stephanie
stephen steve steven stuart sunil susan suzanne sylvia tahir tamara tamsin tanya tara tariq
tasha teagan teddy-rae terence teresa terry tess tessa theo theodore thomas tia tiago
tiffany tilly timothy tina tobias toby tom tomasz tommy toni tony tracey tracy travis tyler
tyrone umar usman valerie vanessa vera veronica victor victoria vikram vincent violet-mae
vivienne wayne wendy wiktoria william willow-mae wojciech xavier yasmin yousef yusuf yvonne
zac zach zachary zahra zain zainab zak zara zayn zaynab zoe zofia zuzanna
aleksandra agata bartosz filip kacper krzysztof lukasz maciej marta michal natalia oliwia
szymon weronika ahmet emre yusra hiba hira humaira iqra kiran mehwish nimra rabia sidra ayesha
oluwaseun oluwatobi tobi tunde femi chioma ngozi obinna emeka kofi kwame ama abena yaw
declan oisin cormac eamon saoirse niamh roisin aisling dafydd gethin ffion rhian sian catrin
""")

AMBIGUOUS_NAMES: Final[frozenset[str]] = _word_set("""
will may june april august grace hope joy faith rose summer autumn sky skye mark bill frank
art ray dawn holly ivy lily iris daisy poppy violet heather olive pearl jade amber ruby crystal
jack penny sandy rob pat sue don drew bob chase hunter river storm rain angel honey king prince
major reed cliff glen dale wade grant miles paris india asia china sydney brooklyn florence
jordan chelsea kerry carmen harmony destiny nova star sunny sonny ash bay blue patience mercy
charity constance trinity liberty serenity ocean rocky rusty buddy max eve carol gene lance
rich kit noel jan nick guy norm hazel sage basil cherry ginger teddy archer mo al ed jo bo
bea di liz viv val mae dot jules lou cole dusty ginny mercer
""")

NOT_NAMES: Final[frozenset[str]] = _word_set("""
i i'm im i'd i've i'll me my mine we our ours us you your yours he him his she her hers they
them their theirs it its this that these those the a an and or but so if then than when what
why how who whom where which while also just very really still now today yesterday tomorrow
tonight please thanks thank thankyou cheers hi hello hey dear yes no not ok okay lol xx x
monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
sat sun january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec christmas easter halloween diwali eid
ramadan hanukkah spring summer autumn winter half term mum mom mam mummy mama mother dad daddy
papa father nan nana nanna nanny gran granny grandma grandmother grandad granddad grandpa
grandfather auntie aunty aunt uncle sir madam mr mrs ms miss mx dr prof master sister brother
son daughter baby child children kids boy girl family families council county borough district
school schools academy college nursery primary secondary infant infants junior juniors
university team teams service services hub centre center unit office department panel
tribunal ombudsman local offer send sen ehc ehcp ehcps camhs nhs gp iro senco sendco sendiass
iass ot salt slt ep pa ta mash lado cin cp cla pep peps sgo fsw ssw ofsted dfe lgsco year key
stage section plan plans review early help youth social care health education transport short
breaks break statement forum parent parents carer carers foster fostering adoption virtual
head teacher teachers headteacher governor governors christmas english british polish urdu
punjabi bengali arabic welsh scottish irish asian muslim christian jewish sikh hindu facebook
whatsapp instagram snapchat tiktok google zoom microsoft youtube fortnite roblox xbox
playstation netflix iphone android many kind best regards wishes love yours sincerely
faithfully warm warmest sent from road street lane avenue close drive way crescent place court
gardens grove terrace hill park view mews row walk square green rise parade house flat
apartment station bus taxi train monday's friday's saturday's sunday's after before during
every each some any all both either neither other another such same own new old good great
lovely amazing brilliant fab fantastic wonderful awful terrible still waiting nobody someone
somebody anyone everyone everybody nothing something anything everything here there again
never always sometimes often maybe perhaps please sorry hopefully unfortunately honestly
actually basically literally obviously apparently finally eventually overall anyway however
although though because since until unless whether as at by for from in into of on onto out
over to under up with within without about above across along around behind below beside
between beyond down inside near off outside past through toward towards upon one two three
four five six seven eight nine ten first second third last next week weeks month months day
days morning afternoon evening night time times term terms ref reference re fw fwd subject
to cc attached attachment hallo hiya morning evening afternoon night mr. mrs. ms. dr. mx.
god jesus allah wellbeing mental occupational speech language physio therapy therapist
psychologist psychology paediatrician paediatric nurse doctor consultant clinic hospital
duty front door police court judge solicitor advocate advocacy mediation mediator chair
cabinet member members councillor mp director manager officer coordinator co-ordinator
worker workers staff receptionist driver escort caseworker keyworker mentor volunteer
respite support group club clubs scheme schemes programme project directory website portal
app email phone text letter form survey question answer thanks. team's council's school's
""")
