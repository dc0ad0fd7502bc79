"""The words demo data is made of: people's names, provider names, reasons.

Kept apart from the generator so the lists can grow without touching the
logic. Names are the kind a North Wales care workforce actually has: mostly
Welsh and English, with the international recruits the sector relies on.
Some deliberately carry â, ô, ŵ and ŷ, so every screen, file and printout is
exercised with the letters that break careless code.
"""

from __future__ import annotations

WELSH_FIRST_FEMALE = (
    "Siân", "Gwenllian", "Llinos", "Ffion", "Nia", "Heledd", "Catrin", "Elin", "Angharad", "Eleri",
    "Gwenno", "Mared", "Lowri", "Manon", "Non", "Mererid", "Awen", "Cerys", "Branwen", "Rhiannon",
    "Bethan", "Sioned", "Menna", "Nest", "Tegwen", "Elliw", "Alaw", "Gwawr", "Haf", "Enfys",
    "Glesni", "Lleucu", "Nanw", "Eurgain", "Dwynwen", "Rhian", "Einir", "Morfudd", "Mali", "Seren",
    "Begw", "Meinir", "Siwan", "Eluned", "Gwyneth", "Ceinwen", "Mirain", "Luned", "Eirlys", "Anwen",
)
WELSH_FIRST_MALE = (
    "Dafydd", "Rhodri", "Gethin", "Iolo", "Emyr", "Gwion", "Osian", "Llŷr", "Tomos", "Ifan",
    "Hywel", "Aled", "Geraint", "Dylan", "Owain", "Guto", "Rhys", "Huw", "Cai", "Elis",
    "Gruffudd", "Iwan", "Macsen", "Tudur", "Meirion", "Berwyn", "Gwilym", "Arwel", "Bryn", "Deiniol",
    "Emrys", "Ianto", "Llew", "Peredur", "Siôn", "Cynan", "Gwynfor", "Idris", "Ieuan", "Sion",
)
ENGLISH_FIRST_FEMALE = (
    "Sarah", "Emma", "Rebecca", "Laura", "Hannah", "Charlotte", "Jessica", "Lucy", "Amy", "Sophie",
    "Claire", "Helen", "Karen", "Julie", "Tracey", "Michelle", "Joanne", "Nicola", "Louise", "Rachel",
    "Kelly", "Stacey", "Jade", "Chloe", "Megan", "Olivia", "Amelia", "Grace", "Zoe", "Natalie",
    "Leanne", "Donna", "Samantha", "Gemma", "Kirsty", "Jenny", "Abbie", "Ellie", "Paula", "Wendy",
)
ENGLISH_FIRST_MALE = (
    "James", "David", "Mark", "Paul", "Andrew", "Daniel", "Matthew", "Christopher", "Michael", "Thomas",
    "Jack", "Ryan", "Liam", "Craig", "Lee", "Scott", "Adam", "Ben", "Joe", "Sam",
    "Stephen", "Gary", "Neil", "Kevin", "Jason", "Carl", "Dean", "Shaun", "Luke", "Callum",
)
# International recruits: a real part of the sector, and letters beyond Welsh.
OTHER_PEOPLE = (
    ("Agnieszka", "Kowalska"), ("Łukasz", "Wiśniewski"), ("Zofia", "Wójcik"), ("Marta", "Nowak"),
    ("Maria", "Santos"), ("Joy", "Reyes"), ("Mary Grace", "Dela Cruz"), ("Priya", "Nair"),
    ("Anu", "Thomas"), ("Blessing", "Okafor"), ("Chipo", "Moyo"), ("Tendai", "Dube"),
    ("Andreea", "Popescu"), ("Ionuț", "Dumitrescu"), ("Aisling", "Ó Briain"), ("Siobhán", "Ní Mhurchú"),
    ("Ebere", "Nwosu"), ("Renée", "Lefèvre"), ("José", "Fernández"), ("Sneha", "George"),
)
WELSH_SURNAMES = (
    "ap Gwynedd", "Pritchard", "Roberts", "Hughes", "Jones", "Evans", "Williams", "Owen", "Parry", "Lloyd",
    "Davies", "Thomas", "Griffiths", "Jenkins", "Morgan", "Rees", "Price", "Powell", "Prys", "Bowen",
    "Vaughan", "Howells", "Llywelyn", "Wyn", "Gwyn", "Ellis", "Humphreys", "Rowlands", "Edwards", "Morris",
    "Lewis", "Pugh", "Meredith", "Gruffydd", "Tudur", "Bevan", "Cadwaladr", "Glyn", "ap Rhys", "Môn",
    "Wyn Jones", "Haf Williams", "Jones-Parry", "Llŷr", "Rhisiart", "Siôn",
)
ENGLISH_SURNAMES = (
    "Smith", "Taylor", "Brown", "Wilson", "Johnson", "Walker", "Wright", "Robinson", "Thompson", "White",
    "Hall", "Green", "Wood", "Harris", "Clarke", "Jackson", "Turner", "Hill", "Moore", "Cooper",
    "Ward", "King", "Baker", "Carter", "Shaw", "Bennett", "Chapman", "Mason", "Fletcher", "O'Neill",
)

# Provider names: a Welsh place-name stem and the word for what it is.
# (stem, is Welsh-only) — the stems are house and place names, not translated.
HOME_STEMS = (
    "Tŷ Gwyn", "Tŷ Newydd", "Tŷ Mawr", "Tŷ Cerrig", "Tŷ'r Ysgol", "Tŷ Hapus", "Tŷ Derw", "Tŷ Hafan",
    "Glan-y-Dŵr", "Pen-y-Dŵr", "Tŵr Gwyn", "Maes-y-Dŵr",
    "Plas Madog", "Plas Menai", "Plas Hedd", "Plas Eryl", "Plas Gwilym", "Plas y Coed", "Plas Newydd",
    "Bryn Awel", "Bryn Môr", "Bryn Celyn", "Bryn Derw", "Bryn Eithin", "Bryn Hyfryd", "Bryn Teg",
    "Hafod Lon", "Hafod y Gân", "Hafod Wen", "Hafod Hedd",
    "Llys Gwyn", "Llys Madoc", "Llys Elan", "Llys Tegid", "Llys Cybi", "Llys Ogwen", "Llys Seiont",
    "Awel y Môr", "Hafan y Môr", "Glan Môr", "Min y Môr", "Gwêl y Don", "Bod Hyfryd", "Bodlondeb",
    "Gwelfor", "Y Berllan", "Yr Hafod", "Y Gorlan", "Penrhos", "Trem y Foel", "Cae Glas", "Coed Celyn",
)
# (Welsh, English) for the kind of service, placed after the stem.
SERVICE_WORDS = {
    "care_home": (("Cartref Gofal {stem}", "{stem} Care Home"), ("{stem}", "{stem}")),
    "nursing_home": (("Cartref Nyrsio {stem}", "{stem} Nursing Home"),),
    "domiciliary": (("Gofal Cartref {stem}", "{stem} Home Care"), ("Gofal yn y Cartref {stem}", "{stem} Care at Home")),
    "supported_living": (("Byw â Chymorth {stem}", "{stem} Supported Living"),),
    "community": (("Tîm Cymunedol {stem}", "{stem} Community Team"), ("Canolfan Ddydd {stem}", "{stem} Day Centre")),
}
# Domiciliary and community services are named after their area, by locality.
AREA_STEMS = {
    "YM": ("Môn", "Cybi", "Alaw", "Cefni", "Seiriol", "Menai"),
    "GW": ("Eryri", "Llŷn", "Arfon", "Dwyfor", "Meirion", "Ogwen", "Peris"),
    "CO": ("Conwy", "Nant Conwy", "Hiraethog", "Creuddyn", "Aled"),
    "DE": ("Clwyd", "Elwy", "Dyffryn Clwyd", "Edeirnion", "Hiraethog"),
    "FL": ("Dyfrdwy", "Tegeingl", "Alun", "Glannau Dyfrdwy"),
    "WR": ("Maelor", "Ceiriog", "Rhos", "Clywedog", "Dyfrdwy"),
}
# Hospitals by the town they stand in: (town code, Welsh name, English name).
HOSPITALS = (
    ("bangor", "Ysbyty Gwynedd", "Ysbyty Gwynedd"),
    ("bodelwyddan", "Ysbyty Glan Clwyd", "Glan Clwyd Hospital"),
    ("wrexham", "Ysbyty Maelor Wrecsam", "Wrexham Maelor Hospital"),
    ("holyhead", "Ysbyty Penrhos Stanley", "Penrhos Stanley Hospital"),
    ("llangefni", "Ysbyty Cefni", "Cefni Hospital"),
    ("porthmadog", "Ysbyty Alltwen", "Alltwen Hospital"),
    ("pwllheli", "Ysbyty Bryn Beryl", "Bryn Beryl Hospital"),
    ("caernarfon", "Ysbyty Eryri", "Eryri Hospital"),
    ("dolgellau", "Ysbyty Dolgellau", "Dolgellau Hospital"),
    ("llandudno", "Ysbyty Llandudno", "Llandudno Hospital"),
    ("colwyn-bay", "Ysbyty Bae Colwyn", "Colwyn Bay Hospital"),
    ("llanrwst", "Ysbyty Llanrwst", "Llanrwst Hospital"),
    ("denbigh", "Ysbyty Coffa Dinbych", "Denbigh Community Hospital"),
    ("ruthin", "Ysbyty Rhuthun", "Ruthin Hospital"),
    ("holywell", "Ysbyty Treffynnon", "Holywell Community Hospital"),
    ("mold", "Ysbyty'r Wyddgrug", "Mold Community Hospital"),
    ("connahs-quay", "Ysbyty Glannau Dyfrdwy", "Deeside Community Hospital"),
    ("chirk", "Ysbyty'r Waun", "Chirk Community Hospital"),
    ("llangollen", "Ysbyty Llangollen", "Llangollen Community Hospital"),
)
WARD_NAMES = (
    "Alaw", "Aran", "Cemlyn", "Cybi", "Glyder", "Hebog", "Moelwyn", "Tegid", "Dewi", "Enlli",
    "Llewelyn", "Ogwen", "Padarn", "Seiont", "Menai", "Derwen", "Onnen", "Celyn", "Bedwen", "Eithin",
    "Grug", "Cefni", "Elwy", "Clwyd", "Ceiriog", "Tryfan", "Prysor", "Cadnant", "Dwyryd", "Llŷn",
)

# Job titles of provider contacts, by whether they sign timesheets.
SIGNATORY_TITLES = (
    "Registered Manager", "Deputy Manager", "Rheolwr Cofrestredig", "Dirprwy Reolwr",
    "Ward Manager", "Nurse in Charge", "Rheolwr Tîm",
)
CONTACT_TITLES = ("Administrator", "Gweinyddwr", "Rota Coordinator", "Care Coordinator", "Cydlynydd Gofal")

PREFERRED_REASONS = (
    "Knows the residents well",
    "Yn siarad Cymraeg gyda'r preswylwyr",
    "Reliable on nights",
    "Family of a resident asked for this worker",
    "Adnabod y tîm a'r drefn yn dda",
    "Experienced with dementia care",
)
DO_NOT_SEND_REASONS = (
    "Medication error on a previous shift; manager asked us not to send",
    "Late three times in one month",
    "Cwyn gan deulu preswylydd; ymchwiliad ar y gweill",
    "Conflict with a member of staff",
    "Left the shift early without telling the nurse in charge",
)
LEAVING_REASONS = (
    "Moved to an NHS post",
    "Retired",
    "Wedi symud o'r ardal",
    "Returned to full-time study",
    "Moved away from North Wales",
    "Dismissed after a disciplinary hearing",
    "Career change",
)
BOOKING_CANCELLED_BY_WORKER = (
    "Sick",
    "Sâl",
    "Childcare fell through",
    "Car broke down",
    "Family emergency",
)
BOOKING_CANCELLED_BY_PROVIDER = (
    "Resident admitted to hospital; cover no longer needed",
    "Own staff member returned early",
    "Staff wedi dychwelyd; dim angen cyflenwi",
    "Shift covered internally",
)
TIMESHEET_CHANGE_REASONS = (
    "Stayed late: resident unwell",
    "Arhosodd yn hwyr i drosglwyddo i'r shifft nesaf",
    "Started early at the manager's request",
    "Left early: fewer residents than expected",
)
WORKER_NOTES_CY = (
    "Yn hoffi shifftiau nos.",
    "Dysgwr Cymraeg brwdfrydig; yn mynychu gwersi Sylfaen.",
    "Gwell ganddo beidio â gweithio ar y Sul.",
    "Ar gael yn ystod gwyliau'r ysgol yn unig.",
)
WORKER_NOTES_EN = (
    "Prefers nights.",
    "Cannot lift since a back injury; light duties only until review.",
    "Available in school holidays only.",
    "Happy to travel to Ynys Môn.",
    "Trained in PEG feeding.",
)
