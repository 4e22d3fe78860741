"""Word lists for generated demo companies and people; invented combinations, not real firms."""

# Words a company in each country might take its name from: places, rivers, mountains, ideas.
PLACE_WORDS: dict[str, list[str]] = {
    "KZ": [
        "Astana", "Almaty", "Altai", "Alatau", "Steppe", "Caspian", "Saryarka", "Tengri",
        "Zhetysu", "Orda", "Qazaq", "Turan", "Ulytau", "Nomad", "Silk Road", "Eurasia", "Esil",
        "Irtysh", "Balkhash", "Burabay", "Tulpar", "Shanyrak", "Arman", "Kokzhiek", "Zhuldyz",
        "Aspan", "Aqmola", "Kerey", "Baikonur", "Shymkent", "Oasis", "Khan Tengri", "Medeu",
        "Charyn", "Kaindy", "Bayan", "Syrdarya", "Aqsu", "Jaiyq", "Talas",
    ],
    "PK": [
        "Indus", "Ravi", "Chenab", "Jhelum", "Margalla", "Karakoram", "Mehran", "Khyber",
        "Hunza", "Shalimar", "Sitara", "Falak", "Noor", "Roshan", "Sarhad", "Potohar", "Thar",
        "Kirthar", "Makran", "Lahore", "Karachi", "Islamabad", "Peshawar", "Multan", "Quetta",
        "Swat", "Kaghan", "Deosai", "Nanga", "Sutlej", "Chitral", "Saif", "Minar", "Anarkali",
        "Clifton", "Gulberg", "Zarqa", "Sehar", "Kohsar", "Gandhara",
    ],
}
CORE_WORDS = [
    "Cloud", "Data", "Code", "Pixel", "Byte", "Logic", "Net", "Digital", "Cyber", "Smart",
    "Quantum", "Vector", "Signal", "Matrix", "Orbit", "Stack", "Grid", "Vision", "Nova", "Sky",
    "Bridge", "Wave", "Fusion", "Apex", "Prime", "Sigma", "Bit", "Core", "Spark", "Nexus",
    "Edge", "Insight", "Ledger", "Pulse", "Vertex", "Falcon", "Atlas", "Beacon", "Harbor",
    "Crystal",
]
SUFFIX_WORDS = [
    "Systems", "Solutions", "Technologies", "Labs", "Works", "Soft", "Digital", "Software",
    "Group", "Consulting", "Tech", "Networks", "Analytics", "Studio", "Innovations", "IT",
    "Dynamics", "Partners", "Integrators", "Services",
]
# Archetype-specific words that make names fit what a company does.
ARCHETYPE_WORDS: dict[str, list[str]] = {
    "fintech": ["Pay", "Fin", "Ledger", "Coin", "Wallet", "Capital"],
    "govtech": ["Gov", "Civic", "Public", "Registry", "Service"],
    "outsourcing": ["Dev", "Code", "Talent", "Sourcing", "Delivery"],
    "data-ai": ["AI", "Neural", "Insight", "Mind", "Cognitive", "Data"],
    "telecom-iot": ["Signal", "Sensor", "Connect", "Link", "Mesh"],
    "edtech": ["Learn", "Academy", "Campus", "Skill", "Mentor"],
    "healthtech": ["Health", "Med", "Care", "Clinic", "Vita"],
    "agritech": ["Agro", "Harvest", "Field", "Farm", "Green"],
    "ecommerce": ["Cart", "Market", "Shop", "Bazaar", "Commerce"],
    "security": ["Secure", "Shield", "Guard", "Sentinel", "Cipher"],
    "erp": ["ERP", "Enterprise", "Process", "Business", "Ops"],
    "games-media": ["Play", "Game", "Story", "Media", "Motion"],
    "logistics": ["Cargo", "Route", "Fleet", "Transit", "Track"],
}
LEGAL_FORMS = {"KZ": "LLP", "PK": "(Pvt) Ltd"}

FIRST_NAMES: dict[str, dict[str, list[str]]] = {
    "KZ": {
        "f": ["Aigerim", "Aruzhan", "Dana", "Madina", "Assel", "Zhanar", "Aliya", "Dinara",
              "Gulnara", "Saule", "Kamila", "Tomiris", "Anel", "Zarina", "Elena", "Olga",
              "Anna", "Botagoz", "Akmaral", "Inkar"],
        "m": ["Nurlan", "Yerlan", "Daniyar", "Arman", "Askar", "Bauyrzhan", "Timur", "Azamat",
              "Olzhas", "Serik", "Yerzhan", "Dmitry", "Alexei", "Sergei", "Ruslan", "Marat",
              "Nursultan", "Alikhan", "Miras", "Dias"],
    },
    "PK": {
        "f": ["Ayesha", "Fatima", "Sana", "Hira", "Maryam", "Mahnoor", "Zainab", "Amna",
              "Sadia", "Nida", "Rabia", "Iqra", "Mehwish", "Saba", "Areeba", "Kiran", "Sidra",
              "Hina", "Alina", "Noor"],
        "m": ["Ahmed", "Ali", "Bilal", "Hamza", "Usman", "Fahad", "Imran", "Kashif", "Faisal",
              "Zeeshan", "Hassan", "Omar", "Saad", "Waqas", "Adeel", "Asad", "Junaid", "Talha",
              "Shahzad", "Danish"],
    },
}
# Family names in their masculine form; Russian-style ones take "-a" for women.
LAST_NAMES: dict[str, list[str]] = {
    "KZ": ["Nurlanov", "Seitkali", "Abenov", "Zhaksybekov", "Sadykov", "Akhmetov", "Ismailov",
           "Omarov", "Bekov", "Kassymov", "Suleimenov", "Utepov", "Yessenov", "Baimukhanov",
           "Ivanov", "Petrov", "Kim", "Tulegenov", "Zhumabayev", "Serikbayev", "Mukanov",
           "Kenzhebekov", "Sarsenov", "Temirkhanov", "Pak"],
    "PK": ["Khan", "Malik", "Qureshi", "Siddiqui", "Chaudhry", "Sheikh", "Butt", "Raza",
           "Hussain", "Akhtar", "Baig", "Mirza", "Abbasi", "Awan", "Shah", "Jamil", "Iqbal",
           "Haider", "Rana", "Bhatti", "Memon", "Baloch", "Afridi", "Soomro", "Kazmi"],
}
JOB_TITLES = {
    "admin": ["Chief Executive Officer", "Founder and CEO", "Managing Director",
              "Chief Technology Officer", "Chief Operating Officer"],
    "member": ["Head of Business Development", "Partnerships Manager", "Head of Delivery",
               "Sales Director", "Project Manager", "Lead Software Engineer",
               "International Relations Manager", "Solutions Architect"],
}


def feminine(last_name: str) -> str:
    """`Akhmetov` -> `Akhmetova`; names without a Russian-style ending stay as they are."""
    return last_name + "a" if last_name.endswith(("ov", "ev", "in")) else last_name
