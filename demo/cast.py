"""Who is in the demo: services, staff, logins and the register of people.

Every name here is made up. Keys (short lower-case names) tie the cast to the
storylines in `storylines.py`.
"""

from __future__ import annotations

from dataclasses import dataclass

from accounts.models import Role

DEMO_PASSWORD = "coproduce-together"
# The printed admin and governance lead have two-factor set up with this key, so an
# evaluator can add it to an authenticator app (or use a printed recovery code).
# It exists only here: nothing outside the demo command ever sets a known key.
DEMO_TWO_FACTOR_SECRET = "DB6FJBTVCS4G3T5B3WTGVVBXZSZK2FAH"
EMAIL_DOMAIN = "demo.coprod.invalid"


@dataclass(frozen=True)
class ServiceSpec:
    key: str
    name: str
    kind: str
    parent: str | None = None
    division: str = ""  # which group of people on the register it draws on


# Divisions first: a service's parent must come before it.
# The finance codes payments are charged to, by service (divisions have none).
COST_CENTRES = {
    "inpatient": "AMH100",
    "birch": "AMH110",
    "rowan": "AMH120",
    "riverside": "AMH210",
    "crisis": "AMH220",
    "college": "AMH300",
    "hazel": "LDA110",
    "cldt": "LDA210",
    "autism": "LDA220",
    "lighthouse": "CYP110",
    "ypct": "CYP210",
}

SERVICES = [
    ServiceSpec("adult", "Adult mental health", "division", division="adult"),
    ServiceSpec("ld", "Learning disability and autism", "division", division="ld"),
    ServiceSpec("cyp", "Children and young people", "division", division="cyp"),
    ServiceSpec("inpatient", "Adult inpatient care", "directorate", "adult", "adult"),
    ServiceSpec("birch", "Birch ward", "ward", "inpatient", "adult"),
    ServiceSpec("rowan", "Rowan ward", "ward", "inpatient", "adult"),
    ServiceSpec("riverside", "Riverside community mental health team", "team", "adult", "adult"),
    ServiceSpec("crisis", "Crisis and home treatment team", "team", "adult", "adult"),
    ServiceSpec("college", "Recovery college", "team", "adult", "adult"),
    ServiceSpec("hazel", "Hazel ward", "ward", "ld", "ld"),
    ServiceSpec("cldt", "Community learning disability team", "team", "ld", "ld"),
    ServiceSpec("autism", "Autism assessment service", "team", "ld", "ld"),
    ServiceSpec("lighthouse", "Lighthouse unit", "ward", "cyp", "cyp"),
    ServiceSpec("ypct", "Young people's community team", "team", "cyp", "cyp"),
]


@dataclass(frozen=True)
class UserSpec:
    key: str
    full_name: str
    role: str
    email: str = ""
    display_name: str = ""
    services: tuple[str, ...] = ()
    printed: bool = False  # shown in the sign-in block the command prints

    @property
    def address(self) -> str:
        if self.email:
            return self.email
        return f"{self.full_name.lower().replace(' ', '.').replace(chr(39), '')}@{EMAIL_DOMAIN}"


USERS = [
    # The printed logins, one per role (finance at the end). CI reads the printed block.
    UserSpec("amara", "Amara Okafor", Role.ADMIN, f"admin@{EMAIL_DOMAIN}", printed=True),
    UserSpec(
        "graham", "Graham Whitfield", Role.GOVERNANCE, f"governance@{EMAIL_DOMAIN}", printed=True
    ),
    UserSpec(
        "sunita",
        "Sunita Patel",
        Role.STAFF,
        f"staff@{EMAIL_DOMAIN}",
        services=("birch",),
        printed=True,
    ),
    UserSpec(
        "jordan", "Jordan Reilly", Role.EXPERT, f"expert@{EMAIL_DOMAIN}", "Jordan", printed=True
    ),
    # Everyone else can sign in with the same password, but is not printed.
    UserSpec("elaine", "Elaine Murray", Role.GOVERNANCE),
    UserSpec("tom", "Tom Haskins", Role.STAFF, services=("birch", "rowan")),
    UserSpec("grace", "Grace Mensah", Role.STAFF, services=("birch",)),
    UserSpec("kieran", "Kieran Doyle", Role.STAFF, services=("rowan",)),
    UserSpec("aisha", "Aisha Rahman", Role.STAFF, services=("rowan",)),
    UserSpec("helen", "Helen Brooks", Role.STAFF, services=("riverside",)),
    UserSpec("marcus", "Marcus Lee", Role.STAFF, services=("riverside", "crisis")),
    UserSpec("priya", "Priya Shah", Role.STAFF, services=("crisis",)),
    UserSpec("rachel", "Rachel Green", Role.STAFF, services=("college",)),
    UserSpec("owen", "Owen Price", Role.STAFF, services=("college",)),
    UserSpec("bethan", "Bethan Morgan", Role.STAFF, services=("hazel",)),
    UserSpec("samuel", "Samuel Osei", Role.STAFF, services=("hazel",)),
    UserSpec("lucy", "Lucy Walsh", Role.STAFF, services=("cldt", "autism")),
    UserSpec("daniel", "Daniel Kerr", Role.STAFF, services=("autism",)),
    UserSpec("fiona", "Fiona Grant", Role.STAFF, services=("lighthouse",)),
    UserSpec("joseph", "Joseph Achebe", Role.STAFF, services=("lighthouse", "ypct")),
    UserSpec("megan", "Megan Tate", Role.STAFF, services=("ypct",)),
    UserSpec("marcia", "Marcia Campbell", Role.EXPERT, display_name="Marcia"),
    UserSpec("dev", "Dev Mistry", Role.EXPERT, display_name="Dev"),
    UserSpec("shona", "Shona MacLeod", Role.EXPERT, display_name="Shona"),
    UserSpec("pat", "Patrick O'Neill", Role.EXPERT, display_name="Pat"),
    UserSpec("yasmin", "Yasmin Haddad", Role.EXPERT, display_name="Yasmin"),
    # Last, so everyone before keeps their place in the story.
    UserSpec("femi", "Femi Adeyemi", Role.FINANCE, f"finance@{EMAIL_DOMAIN}", printed=True),
]


@dataclass(frozen=True)
class PersonSpec:
    key: str
    display_name: str
    division: str  # adult, ld or cyp: where they usually take part
    experience: str  # service_user, carer or peer_worker
    usual_choice: str = ""  # a fixed payment habit; blank means "decided by the seed"
    charity: str = ""


# The register: people with lived experience. The first six have accounts.
PEOPLE = [
    PersonSpec("jordan", "Jordan", "adult", "service_user", "paid"),
    PersonSpec("marcia", "Marcia", "ld", "carer", "paid"),
    PersonSpec("dev", "Dev", "adult", "service_user"),
    PersonSpec("shona", "Shona", "adult", "service_user"),
    PersonSpec("pat", "Pat", "adult", "carer"),
    PersonSpec("yasmin", "Yasmin", "cyp", "peer_worker"),
    PersonSpec("abdul", "Abdul", "adult", "service_user"),
    PersonSpec("bronwen", "Bronwen", "adult", "service_user"),
    PersonSpec("carl", "Carl T", "adult", "service_user"),
    PersonSpec("denise", "Denise", "adult", "service_user"),
    PersonSpec("eddie", "Eddie", "adult", "service_user"),
    PersonSpec("farah", "Farah", "adult", "peer_worker", "reduced"),
    PersonSpec("gareth", "Gareth", "adult", "service_user"),
    PersonSpec("harriet", "Harriet", "adult", "service_user"),
    PersonSpec("imran", "Imran", "adult", "service_user"),
    PersonSpec("kath", "Kath", "adult", "carer", "donated", "Greenway Carers' Centre"),
    PersonSpec("leon", "Leon", "adult", "peer_worker"),
    PersonSpec("maggie", "Maggie", "adult", "carer"),
    PersonSpec("nadia", "Nadia", "adult", "service_user"),
    PersonSpec("ravi", "Ravi", "adult", "service_user"),
    PersonSpec("sian", "Sian", "adult", "peer_worker"),
    PersonSpec("terry", "Terry", "adult", "carer", "declined"),
    PersonSpec("ben", "Ben K", "ld", "service_user"),
    PersonSpec("chloe", "Chloe", "ld", "service_user"),
    PersonSpec("darren", "Darren", "ld", "service_user"),
    PersonSpec("ellie", "Ellie", "ld", "service_user"),
    PersonSpec("gwen", "Gwen", "ld", "carer", "donated", "Hazelbrook Gateway Club"),
    PersonSpec("hassan", "Hassan", "ld", "service_user"),
    PersonSpec("lewis", "Lewis", "ld", "service_user"),
    PersonSpec("paula", "Paula", "ld", "carer"),
    PersonSpec("wendy", "Wendy", "ld", "carer", "reduced"),
    PersonSpec("aaliyah", "Aaliyah", "cyp", "service_user"),
    PersonSpec("callum", "Callum", "cyp", "service_user"),
    PersonSpec("jade", "Jade M", "cyp", "service_user"),
    PersonSpec("kai", "Kai", "cyp", "service_user"),
    PersonSpec("olly", "Olly", "cyp", "service_user", "declined"),
    PersonSpec("rosie", "Rosie", "cyp", "service_user"),
    PersonSpec("tyler", "Tyler", "cyp", "service_user"),
    PersonSpec("lorraine", "Lorraine", "cyp", "carer"),
    PersonSpec("steve", "Steve", "cyp", "carer"),
]
