"""Word lists for finding people's names.

``GIVEN_NAMES``: common given names in England and Wales across generations and communities
(English, Welsh, Scottish and Irish; South Asian Muslim, Sikh and Hindu; Yoruba, Igbo, Akan,
Somali, East and Southern African, Caribbean; Chinese and Vietnamese; Polish, Romanian and
other Eastern European; Turkish, Kurdish, Arabic, Afghan and Iranian; Orthodox Jewish;
Portuguese, Spanish and Italian), about 2,600 in all, written from general knowledge; no real
person is implied. None is an ordinary English word (those go in ``AMBIGUOUS_NAMES``).
``AMBIGUOUS_NAMES``: given names that are also ordinary words ("Will", "Grace", "Amber"); these
count only when capitalised away from the start of a sentence, or after a cue ("my son ...").
``NOT_NAMES``: capitalised words that must never be taken for a name (titles, kinship words,
days, months, service and document words, acronyms officers use).
``START_NAMES``, ``DATE_NAMES``, ``PLACE_WORDS``: see each below.
"""

from __future__ import annotations

from typing import Final

from voiceapp.domain.reference import DISTRICTS


def _word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


GIVEN_NAMES: Final[frozenset[str]] = _word_set(
    # the first list: common in England and Wales across generations
    """
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
"""
    # English, Scottish, Irish and Welsh names missing from the list above (boys)
    + """
oliver albie alby jenson jensen frankie carter ellis grayson hudson jude kaden kaiden
leighton lenny nico otis rueben bertie brody caleb cohen corey jax jesse joey mikey nate
rocco shay zack vinnie
"""
    # men
    + """
phil phillip phillipa kev mick mike nigel trevor clive duncan jon kris marc pete robbie russ
stu roger geoff graeme howard kenny leslie lloyd martyn neville rodney sid stewart
stevie vince wes wesley alan benji brett chaz clint dom dougie gaz hamish jonny kieron kirk
mitchell troy paddy levi
"""
    # women and girls
    + """
vicky vikki vicki leanne lianne nicky nikki mandy mel bex lyndsey lindsey shelley leigh
debra jackie jacqui lesley lynn lynne ann gail pam sadie lottie aurora margot ottilie
penelope rosalie thea delilah nancy edie maeve orla hallie hattie kiera macy maddison mollie
lexie tillie winnie myla luna gracie kirsten ruthie trudy marcia paulette
"""
    # Irish, Welsh and Scottish Gaelic
    + """
dara eoin fionn grainne padraig seamus tadhg una caoimhe clodagh deirdre eimear emer
fionnuala mairead aled bryn eleri elis gwen gwyn huw ieuan iestyn ioan lowri mali rhodri
sioned tomos alun angharad carwyn dewi geraint glyn hywel iwan llinos owain rhiannon alys
elin ailsa catriona eilidh iona morag mhairi rhona
"""
    # Pakistani, Bangladeshi and other South Asian Muslim (boys and men)
    + """
mohamad mohammod mohd abdulrahman abdur adnan afzal aftab ahsan akbar akram amjad anwar arif
arshad asghar ashraf atif ayub azhar aziz babar bashir faiz faizan farhan farooq fawad habib
hamid haroon husnain hussain iftikhar ijaz ilyas imtiaz irfan jamal jamil javed junaid
kamran kashif khalid khurram majid mansoor masood mehmood mahmood mubarak mujahid mukhtar
munir murtaza musa nabeel nadeem naeem naveed nasir nauman nawaz osman rafiq raheem rayyan
rehan rizwan sabir sadiq saeed salman sami saqib shahid shahzad shakeel shoaib sohail
suleman sulaiman talha tanveer tayyab umair waqar waqas waseem wasim yaqub yasir yousaf
zafar zahid zakariya zakaria zakariyya zaid zayan zayd zubair rayan arham ahad haider hadi
hashim huzaifa ismaeel muaz mikail ehsan essa yahya zakir shakil shamim shahin rahim rakib
sabbir shafiq jahangir tanvir nazrul habibur anisur shamsul rezaul monir sohel rashed nazmul
mamun aminul jasim faruk arafat tahmid rifat sakib shakib tamim mahir nabil fahim rafi ashik
sumon
"""
    # South Asian Muslim (girls and women)
    + """
aleena amna anam anisa anum aqsa areeba arooj ayat eshal faiza farhana farida fatimah fozia
fouzia ghazala hajra halima hamida hania haniya hina inaaya inaya irum jannat kalsoom
khadijah kulsoom laiba mahnoor maira maheen mehreen misbah momina muskan naila najma nargis
nasreen nasrin nazia nazish neelam noreen nusrat parveen rahima raheela rehana riffat
rizwana robina rubina ruksana rukhsana saba sabeen sabiha safia saima sajida salma samina
samira shabana shagufta shaheen shahida shaista shamima shazia shehnaz shirin sobia sumaira
sumaya sumayyah tahira tahmina tasneem tayyaba uzma yasmeen zoya zunaira zobia haleema
ruqayyah ruqayya maliha hareem minahil manahil eman iman ayeza hoorain mehak sanaa sumaiya
jannah samiya rumana nazma taslima rozina jesmin shapla nasima nafisa nusaiba sadiya tasnim
tasnia raisa samiha
"""
    # Sikh and Punjabi
    + """
harjot harpreet gurpreet jaspreet manpreet amandeep amarjit amrit amritpal arjan baljit
balvinder balwinder charanjit daljit davinder gurdeep gurjit gurinder gurleen gurmeet gurnam
gurvinder harbinder hardeep harjit harjinder harman harminder harnek harvinder inderjit
jagdeep jagjit jasbir jasdeep jasleen jasmeet jaswinder jatinder jaskaran jasvir kamaljit
karamjit kuldip kuldeep kulwant kulwinder lakhvinder manjit manjeet mandeep manveer manvir
navdeep navjot navneet parminder paramjit pardeep prabhjot rajinder rajvinder ranjit
ravinder satnam simran simranjit sukhdeep sukhjinder sukhvinder sukhwinder surinder tejinder
tarandeep gurjot gursimran harleen navpreet kiranjit rupinder sarbjit sandeep sukhpreet
taranjit prabhdeep armaan ekam fateh nihal sehaj angad gurveer harkirat harnoor jaskirat
manreet
"""
    # Hindu, Gujarati, Tamil and other Indian
    + """
aarav aarush aanya aarya aditya alok amita anand ananya ankit anoop anuj anushka arnav ashok
avni bharat bhavesh bhavna chetan deepa devansh dhruv dilip dinesh divya diya gaurav geeta
gita hari harish hemant hetal ishani jatin jayesh jaya jignesh jyoti kajal kalpana kamala
kavita kavya ketan kishan krish kunal lakshmi lata mahesh manish manoj meena meera mitesh
mukesh nalini neha nikhil nilesh nirmala nisha pankaj pooja prakash pranav prem priyanka
radha raj rajiv raju rakesh ramesh ravi reena rekha riya rohit ronak rupa sachin sameer
sanjay sanjeev santosh sarita shalini shanti sharmila sheetal shilpa shivani shyam smita
sonal sunita suresh sushma swati tanvi tejas trupti usha vaishali varun vijay vikas vinay
vinod vishal yash yogesh kabir reyansh vihaan advik aarohi saanvi myra kiara navya aadhya
ishita siya rudra shaan neel hiral minal bindiya bina nimisha dhara krupa pritesh hitesh
paresh naresh bhavin nayan ashwin hardik kinjal mansi payal purvi rina sapna sejal urvashi
vandana karthik kavin senthil ganesh murali lakshman saravanan nirmal tharshan sujatha
keerthana nithya ahilan kajan thulasi anbu
"""
    # Yoruba
    + """
ade adebola adeola adewale adunni ayo ayodele ayodeji ayomide ayotunde babajide bisi bolaji
bukola damilola damilare dayo enitan folake folasade funke funmi funmilayo gbenga ife
ifeoluwa iyanu jide jumoke kayode kehinde kunle modupe morenike niyi olamide olu oluwafemi
oluwatosin oluwadamilare oluwaseyi olumide olusegun opeyemi segun seun shola sola taiwo temi
temidayo temitope tiwa tiwaloluwa tobiloba tola tolu toluwani tomi tosin wale wuraola yemi
yetunde yewande abimbola abiola abike adesola ayobami busayo dami demilade eniola feyi fiyin
inioluwa itunu jadesola mayowa mofe mojisola morayo oyin remi ronke simi timi toyin yinka
ayanfe boluwatife darasimi fikayo
"""
    # Igbo
    + """
adanna amaka chiamaka chidera chidinma chidubem chiedza chika chikamso chinenye chinonso
chisom chukwuemeka chukwudi ebuka ebere ifeanyi ijeoma ikenna kamsi kelechi kenechukwu
nkechi nnamdi nneka obiageli ogechi onyeka somto somtochukwu tochukwu uche uchenna udoka
uzoma zikora amarachi chinaza chimamanda munachi ebube kosi nkem nonso ozioma ugochi adaobi
oge chibuzo chigozie nnenna ifunanya obi
"""
    # Akan, Ga and Ewe (Ghana)
    + """
kwabena kwaku kwadwo kojo kwesi kwasi kobby akosua adwoa afua efua akua yaa afia esi ekua
akwasi ato ekow fiifi kweku araba adjoa amma maame naa nii mawuli selorm sena edem dzifa
elikem enam eyram kafui senam yayra
"""
    # Caribbean and Black British
    + """
delroy winston leroy jermaine tyrese marlon desmond errol everton dwayne dwight garfield
lennox linton wendell carlene claudette icilda joycelyn merline norma verona yolanda jerome
kareem kemar kevon shaquille tyreke tyrell demarco deshawn jamar shemar tajay akeem rashawn
ayanna imani jada jahmal kamari kaliyah latoya makeda malika shanae shaniya tamika tiana
zuri nyah amani malakai jaheim keisha shanice shantelle
"""
    # Somali
    + """
abdirahman abdirahim abdikadir abdullahi abdiaziz abdinasir abdiwali ayan burhan deeq
farhiya faduma fadumo hamdi hawa hibo hodan hani ikran ilhan idil istahil khadar liban
maryan mohamud muna mustafe nasra nimco nuur qamar ruqia sagal sahra saida shukri warsame
zamzam ubah hamse guled zakariye sucaad suad idman anab caasha nafiso fartun halimo hibaaq
ifrah khadra luul ramla sacdiya sulekha yasmiin zeinab
"""
    # Eritrean and Ethiopian
    + """
dawit yonas tesfaye selam mekdes meron liya senait tsion yohannes bereket kidane semhar
tigist hiwot biniam abeba
"""
    # Southern and East African
    + """
tendai tatenda tafadzwa tinashe rutendo chipo farai nyasha kudzai rufaro ropafadzo thabo
lerato sipho themba nomsa zanele wanjiru wanjiku njeri kamau otieno achieng akinyi wambui
mwangi baraka neema zawadi jabari christelle glodie
"""
    # Chinese (Mandarin and Cantonese romanisations)
    + """
hao wei mei jia li xin yan lin ling jing ying jie jian ming qing hui hong hua lei xiao
xiaoming xiaoling yun zhen zhi yue xue xiu huan juan lian meiling meili qian rui ruoxi shan
shu wen xia xiang xuan yifan yihan yiming zihan zixuan haoran haoyu jiahao junjie junhao
zhiwei jiayi xinyi yuxuan yutong wai ka chun siu kwok lok sze pui tsz fai kam chung cheuk
chiu yuki
"""
    # Vietnamese
    + """
minh anh linh huong ngoc nhung phuong quang trang tuan tung duc hieu hanh khanh phuc thao
thanh trinh trung viet hoang hien loan nga oanh quynh thuy tien vy
"""
    # Japanese, Korean and Filipino
    + """
haruto kenji minjun jiwoo seoyeon jisoo minji hyun maricel rowena jocelyn marites rhea
"""
    # Polish
    + """
agnieszka aleksander mateusz antoni antek bartek dariusz dominik dorota ewa ewelina franciszek
grzegorz hanna igor iwona izabela jacek janusz jarek jaroslaw karol kasia katarzyna kinga
klaudia krystian magda magdalena malgorzata małgorzata marcin marek mariusz michał mikołaj
mikolaj milena nikola nikodem oliwer oskar patryk paulina pawel paweł przemek przemyslaw
radek rafał rafal sylwia tymon tymoteusz wiktor wojtek zbigniew zosia ola bożena bozena
danuta elżbieta elzbieta grażyna grazyna halina irena jadwiga kazimierz krystyna lucyna
mirosław miroslaw renata stanisław stanislaw tadeusz urszula wanda aneta edyta gosia iga
jagoda kuba marysia pola zuzia borys ignacy łukasz alicja ionut
"""
    # Romanian
    + """
alexandru alin anca andreea andrei catalin cătălin claudiu cosmin dorin florin gheorghe ilie
ionel ionuț iulia iulian larisa liviu madalina mădălina mihaela mihai mirela marius nicoleta
ovidiu petru raluca razvan răzvan sorin stefan ștefan teodora valentin vasile viorel andra
delia eduard loredana luminita matei oana sabina silviu sergiu vlad ionela georgiana rares
iustin denisa
"""
    # Lithuanian, Latvian, Russian, Ukrainian, Czech, Slovak, Hungarian, Bulgarian, Serbian,
    # Croatian and Albanian
    + """
aleksandr alexei anastasia andriy artem bohdan dmitri dmitry galina ilya inga jonas julija
justas kateryna katya lina lukas marija maksim mantas milda mykola nataliya nikolai oksana
olena oleksandr oleg olha paulius pavel rasa ruta sergei sergey serhiy sofiya svetlana taras
tatiana tetiana vadim valentina vasyl viktor viktoriya vitalii vladimir volodymyr yana
yaroslav yulia yuliia yuri zhanna dusan ivana jana jiri lucie martina miroslav ondrej radka
stanislav tereza vojtech zuzana andras balazs bence csaba eszter gabor istvan janos
krisztina laszlo levente marton reka tamas zoltan zsofia zsuzsa georgi dimitar ivaylo
kaloyan kalina nikolay petya stoyan teodor yordan desislava gergana mariya bojan dragan
goran luka marko milos nemanja jelena arben ardit blerim dritan elira ermal gentian ilir
klea leart rinor ylli adem arlind besa drita endrit fatmir jetmir lulzim mimoza valon enis
erion elona
"""
    # Turkish and Kurdish
    + """
aysel aylin ayhan baran berat beren burak cem cemile cengiz deniz defne derya ebru ecrin ela
emine emir enes eren esra fatih ferhat gulsen hakan halil hatice hulya huseyin ilker irem
kaan kadir kemal kerem leyla melek melike meltem merve murat necati nesrin omer onur ozan
ozge recep sedat selin semra serkan sevgi sibel sinan tugba ufuk umut volkan yasin yavuz
zehra zeynep rojda rojin berfin dilek azad aras hevi jiyan rezan zilan zozan rebin shvan
karwan kawa soran diyar hozan nazdar ayse
"""
    # Arabic (Middle East and North Africa)
    + """
abdallah abdelrahman adel amin anas aya ayah bassam dalia fadi ghada hala hamad hanan haya
heba hussein jamila khaled lama lamia layan leen lujain mahmoud malak manal marwa mazen
mohannad mona nasser nour rami rasha reem rima sahar salem salim samer shadi tareq tarek
wael walid waleed yara yazan youssef zeina ziad hussam osama majd mira rahaf retaj tala
yaman jouri joud ghazal saja shahd wafa zahraa hawraa siham soumaya yassin younes mehdi
mourad nabila naima rachid souad yassine zineb karima imane hajar ikram houda loubna sanae
meryem
"""
    # Afghan and Iranian
    + """
arash ardalan behnaz dariush farhad farid farzana fereshteh hossein jawad laleh mahsa
massoud mohsen morteza navid negin omid parisa parviz reza roya shahram soraya taha yalda
ahmadullah abdulrahim habibullah hamidullah najibullah noorullah rahmatullah samiullah wahid
zabihullah gulalai malalai mursal nazanin sediqa zarghona
"""
    # Orthodox Jewish
    + """
chaim chana devorah dovid eliezer menachem moshe mordechai rivka shmuel shlomo sora tzvi
yaakov yehuda yitzchok yosef malka miriam naftali pinchas rochel shira tova yael yisroel zev
avraham baruch boruch chaya dina gittel perel raizy yocheved
"""
    # Portuguese, Spanish, Italian and Latin American
    + """
joão joao pedro diogo gonçalo goncalo rodrigo bruno miguel duarte afonso beatriz leonor
mariana matilde carolina luana larissa joana francisca raquel catarina leticia alessandro
giovanni giuseppe francesco matteo lorenzo alessia giulia federica alejandro carlos javier
jorge josé jose manuel pablo sergio lucía valeria fernanda
"""
    # older English names, and more from Black British, Eastern European, Arabic, Somali,
    # West African (Sierra Leone, Guinea, Gambia, Senegal) and Congolese families
    + """
raymond ronald donald douglas harold leonard albert ernest walter herbert reginald cyril
percy norman geoffrey maurice barrie margaret doreen brenda marjorie mavis gladys hilda edna
ethel lilian winifred peggy jill jillian maxine janine dianne joyce josephine rosemary
rosalind theresa vivien yvette hilary marcus nia abdi amal anjali aryan beata bilal bogdan
irina justyna monika rania roxana jolanta patrycja fabian aleksy aminata fatoumata mariama
ousmane mamadou ibrahima abdoulaye kadiatou adama isatu fatmata alhaji dieudonne benedicte
merveille exauce
"""
)

AMBIGUOUS_NAMES: Final[frozenset[str]] = _word_set("""
will may june april august grace hope joy faith rose summer autumn sky skye mark bill frank
art ray dawn holly ivy lily iris daisy poppy violet heather olive pearl jade amber ruby crystal
jack penny sandy rob pat sue don drew bob chase hunter river storm rain angel honey king prince
major reed cliff glen dale wade grant miles paris india asia china sydney brooklyn florence
jordan chelsea kerry carmen harmony destiny nova star sunny sonny ash bay blue patience mercy
charity constance trinity liberty serenity ocean rocky rusty buddy max eve carol gene lance
rich kit noel jan nick guy norm hazel sage basil cherry ginger teddy archer mo al ed jo bo
bea di liz viv val mae dot jules lou cole dusty ginny mercer roman berk patsy maxim warren
blessing favour gift comfort peace precious miracle divine wisdom goodness
""")

#: Ambiguous names that, starting a sentence, are a person when a person's verb follows
#: ("Poppy has been open to SEND since March", "Jack is 14"). Abstract nouns, seasons, places
#: and modal-looking words ("Hope is all we have", "Summer is hard", "Grant is ...") are left out.
START_NAMES: Final[frozenset[str]] = _word_set("""
will jack poppy lily daisy ruby holly ivy rose violet iris heather olive pearl jade amber
crystal penny sandy frank ray mark drew pat rob don bob lance kit noel nick hazel jules lou ed
jo bea liz viv val mae dot ginny teddy archer cole dale glen reed wade cliff sonny rocky rusty
buddy carol gene carmen skye
""")

#: Given names that are also dates, so they are in NOT_NAMES; they count only where a name is
#: certain: a sign-off ("Kind regards, Thu"), a strong cue ("our youngest, Jun") or an age
#: ("Jun is 7, in Year 3").
DATE_NAMES: Final[frozenset[str]] = _word_set("thu jun jan may june april august")

_NOT_NAMES: Final[frozenset[str]] = _word_set("""
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
we're we've we'd we'll you're you've you'd you'll they're they've they'd they'll he's she's
it's that's there's here's what's who's let's can't don't won't didn't doesn't isn't wasn't
aren't weren't haven't hasn't hadn't couldn't wouldn't shouldn't he'd she'd he'll she'll
""")
# the same words typed with a curly apostrophe ("We’re")
NOT_NAMES: Final[frozenset[str]] = _NOT_NAMES | {
    w.replace("'", "’") for w in _NOT_NAMES if "'" in w}

#: The county and its districts (domain.reference.DISTRICTS): never a name, and a known name that
#: is part of one ("Marsh" in "Saltby Marsh") is left alone there.
PLACES: Final[tuple[str, ...]] = (*(label for _key, label in DISTRICTS), "Wrenshire")
PLACE_WORDS: Final[frozenset[str]] = frozenset(
    w.lower() for place in PLACES for w in place.split()) - GIVEN_NAMES - frozenset(
    {"heath", "marsh", "vale"})  # these are also people's names, so they are judged in context

