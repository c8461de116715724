"""Names for synthetic persons: common given names and surnames, combined at random.

No list holds a real person: given names and surnames are drawn separately from lists of frequent names, so a
combination that matches someone real does so by chance only. Peruvians get two surnames (paternal, maternal) from
a pool that depends on where they come from — Hispanic surnames everywhere, Quechua surnames in the southern and
central Andes, Aymara surnames around Puno, Amazonian surnames in Loreto, Ucayali, San Martín and Madre de Dios — and
about half of them a compound given name (``María del Carmen``, ``Juan Carlos``). Foreigners get the names of their
country (Venezuela, Colombia, Ecuador, Bolivia; a Caribbean list for the rest).

>>> import random
>>> from kuska.synth.country import CAPITAL
>>> name = person_name(random.Random(1), "PE", "female", born=1990, origin=CAPITAL)
>>> bool(name.given_names and name.paternal_surname and name.maternal_surname)
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from kuska.synth.country import AMAZONIAN, AYMARA, QUECHUA

FEMALE_PE = (
    "María", "Rosa", "Carmen", "Ana", "Luz", "Juana", "Flor", "Elena", "Isabel", "Gladys", "Marleni",
    "Yesenia", "Milagros", "Katherine", "Lizbeth", "Roxana", "Sandra", "Maribel", "Nelly", "Yolanda",
    "Verónica", "Patricia", "Jessica", "Fiorella", "Mayra", "Sheyla", "Deysi", "Ruth", "Nataly", "Cinthia",
    "Karina", "Rocío", "Liliana", "Yanet", "Soledad", "Lucía", "Brenda", "Erika", "Diana", "Estefany",
    "Yuliana", "Fabiola", "Guadalupe", "Celia", "Hilda", "Teresa", "Silvia", "Norma", "Marisol", "Mercedes",
    "Beatriz", "Angélica", "Sonia", "Maritza", "Edith", "Yeni", "Nancy", "Delia", "Feliciana", "Vilma",
)  # fmt: skip
FEMALE_PE_COMPOUND = (
    "María Elena", "María del Carmen", "Rosa María", "Ana María", "Luz Marina", "Carmen Rosa",
    "María Isabel", "Flor de María", "Juana Rosa", "María Luisa", "Rosa Elena", "Ana Lucía",
    "María Fernanda", "Luz Clarita", "Sheyla Milagros", "Yesenia Isabel", "Katherine Lizbeth",
    "Milagros del Rosario", "Rosa Luz", "María Jesús", "Nelly Rocío", "Lucía Fernanda",
)  # fmt: skip
FEMALE_PE_YOUNG = (
    "Valeria", "Camila", "Ximena", "Luana", "Kiara", "Nicole", "Jimena", "Fernanda", "Ariana", "Briana",
    "Mía", "Nayeli", "Dayana", "Britney", "Yamilet", "Angie", "Luciana", "Abigail", "Milagros", "Yuleisy",
)  # fmt: skip
MALE_PE = (
    "José", "Juan", "Luis", "Carlos", "Jorge", "Miguel", "Pedro", "Víctor", "César", "Wilmer", "Edwin",
    "Alex", "Jhon", "Elmer", "Richard", "Percy", "Rubén", "Hugo", "Raúl", "Julio", "Walter", "Freddy",
    "Eber", "Nilton", "Jesús", "Alberto", "Teodoro", "Justo", "Hipólito", "Fortunato", "Saturnino",
    "Gregorio", "Vidal", "Alipio", "Máximo", "Efraín", "Wilber", "Roger", "Nelson", "Ronald", "Rolando",
    "Félix", "Marcos", "Santos", "Isaac", "Andrés", "Abel", "Fidel", "Germán", "Óscar",
)  # fmt: skip
MALE_PE_COMPOUND = (
    "Juan Carlos", "José Luis", "Luis Alberto", "Carlos Alberto", "Jorge Luis", "Miguel Ángel",
    "Juan José", "Víctor Raúl", "José Antonio", "Luis Miguel", "Juan Pablo", "Jhon Edison", "César Augusto",
    "Pedro Pablo", "Jesús Alberto", "José Carlos", "Luis Enrique", "Marco Antonio", "Víctor Hugo",
)  # fmt: skip
MALE_PE_YOUNG = (
    "Thiago", "Mateo", "Santiago", "Sebastián", "Jhair", "Brayan", "Piero", "Adrián", "Gael", "Josué",
    "Joaquín", "Jeremy", "Kevin", "Anderson", "Jhonatan", "Dylan", "Renzo", "Franco", "Diego", "Yordy",
)  # fmt: skip

SURNAMES_HISPANIC = (
    "García", "Rodríguez", "Sánchez", "Flores", "Ramírez", "Torres", "Rojas", "Díaz", "Vásquez", "Castillo",
    "Chávez", "Gonzales", "Pérez", "Gutiérrez", "Mendoza", "Ruiz", "Vargas", "Ramos", "Espinoza", "Reyes",
    "Castro", "Romero", "Fernández", "López", "Salazar", "Medina", "Cruz", "Herrera", "Aguilar", "Morales",
    "Ríos", "Silva", "Ortiz", "Delgado", "Paredes", "Núñez", "Campos", "Cárdenas", "Benites", "Córdova",
    "Zapata", "Palacios", "Valdivia", "Villanueva", "Salas", "Alvarado", "Cáceres", "Zúñiga", "Bustamante",
    "Carrasco", "Peña", "Saavedra", "Calderón", "Lozano", "Marín", "Navarro", "Ponce", "Soto", "Tello",
    "Vega", "Velásquez", "Dávila", "De la Cruz", "Del Águila", "De los Santos", "Jiménez", "Arias", "Lazo",
)  # fmt: skip
SURNAMES_QUECHUA = (
    "Quispe", "Huamán", "Ccori", "Huanca", "Cusi", "Yupanqui", "Ccahuana", "Huillca", "Puma", "Sullca",
    "Taipe", "Huarcaya", "Ccopa", "Huayta", "Vilca", "Chalco", "Inga", "Cahuana", "Pumacahua", "Ccallo",
    "Huaranca", "Auccapuma", "Tupa", "Llacta", "Paucar", "Anccasi", "Soncco", "Huallpa", "Cjuro", "Ccasa",
)  # fmt: skip
SURNAMES_AYMARA = (
    "Mamani", "Condori", "Choque", "Ticona", "Apaza", "Coaquira", "Machaca", "Cutipa", "Layme", "Chambi",
    "Tintaya", "Yucra", "Colque", "Limachi", "Copa", "Calisaya", "Chura", "Quenta", "Cahui", "Huarachi",
)  # fmt: skip
SURNAMES_AMAZONIAN = (
    "Shuña", "Tapullima", "Panduro", "Tapayuri", "Ahuanari", "Pinedo", "Isuiza", "Saboya", "Sangama",
    "Amasifuén", "Ushiñahua", "Yumbato", "Tangoa", "Huayunga", "Cumapa", "Manihuari", "Yaicate",
    "Huaymacari", "Pacaya", "Canayo", "Murayari", "Inuma", "Mozombite", "Tuesta", "Arirama", "Sinti",
)  # fmt: skip

FOREIGN: dict[str, dict[str, tuple[str, ...]]] = {
    "VE": {
        "female": (
            "Yusmary", "Yorgelis", "Daniela", "Génesis", "Luisana", "Oriana", "Andreína", "Yelitza",
            "Maryelis", "Yuleisy", "Dayana", "Mariángel", "Rosángela", "Yaneth", "Wendy", "Keila", "Yoselin",
            "Astrid", "Anyelis", "María Gabriela", "María José", "Yohandry", "Yenifer", "Mileidys",
        ),
        "male": (
            "Yeferson", "Keiner", "Yorman", "Jhoan", "Luis Alejandro", "José Gregorio", "Wilmer", "Yonaiker",
            "Deivis", "Jesús Manuel", "Carlos Eduardo", "Richard", "Ender", "Endrick", "Frainer", "Yoel",
            "José Ángel", "Leonardo", "Jonathan", "Eduardo",
        ),
        "surname": (
            "González", "Rodríguez", "Pérez", "Hernández", "Marcano", "Briceño", "Guzmán", "Colmenares",
            "Villalobos", "Urdaneta", "Montilla", "Chirinos", "Parra", "Salazar", "Medina", "Rivas", "Mora",
            "Rondón", "Bracho", "Quintero", "Contreras", "Zambrano", "Ochoa", "Fuenmayor", "Suárez",
            "Infante", "Carrillo", "Linares", "Ramírez", "Díaz", "Graterol", "Añez",
        ),
    },
    "CO": {
        "female": (
            "Leidy", "Yuliana", "Valentina", "Paola", "Yurani", "Daniela", "Natalia", "Marcela", "Luz Dary",
            "Yenny", "Diana Marcela", "Sandra Milena", "Leidy Johana", "Angie Paola",
        ),
        "male": (
            "Yeison", "Sebastián", "Andrés Felipe", "Jhon Fredy", "Cristian", "Duván", "Brayan",
            "Juan David", "Edwin", "Wilson", "Jhon Jairo", "Luis Fernando",
        ),
        "surname": (
            "Cardona", "Osorio", "Restrepo", "Giraldo", "Ospina", "Valencia", "Muñoz", "Arango", "Londoño",
            "Gómez", "Moreno", "Jaramillo", "Castaño", "Zuluaga", "Betancur", "Quintero", "Rendón", "Agudelo",
        ),
    },
    "EC": {
        "female": (
            "Dayana", "Mishel", "Nayeli", "Jessenia", "Gissela", "Maholy", "Kerly", "Lady", "Johanna",
            "Narcisa", "Mayra Alejandra", "Gabriela", "Ginger",
        ),
        "male": (
            "Jefferson", "Jhon", "Bryan", "Kléber", "Byron", "Wellington", "Washington", "Édison", "Segundo",
            "Darwin", "Jhon Jairo", "Kevin",
        ),
        "surname": (
            "Zambrano", "Cedeño", "Mendoza", "Vera", "Alcívar", "Moreira", "Intriago", "Macías", "Chávez",
            "Loor", "Ponce", "Pincay", "Bravo", "Mero", "Quimís", "Tigua", "Caicedo", "Andrade",
        ),
    },
    "BO": {
        "female": (
            "Rosmery", "Nelly", "Marisol", "Wendy", "Mayra", "Jhenny", "Reyna", "Sonia", "Cinthia", "Lidia",
            "Roxana", "Janeth",
        ),
        "male": (
            "Wilmer", "Edwin", "Freddy", "Grover", "Rolando", "Limbert", "Marcelo", "Álvaro", "René",
            "Juan Carlos", "Ronald", "Franz",
        ),
        "surname": (
            "Mamani", "Quispe", "Choque", "Condori", "Copa", "Limachi", "Flores", "Vargas", "Gutiérrez",
            "Apaza", "Ticona", "Cruz", "Colque", "Huanca", "Calle", "Quisbert", "Callisaya", "Poma", "Villca",
        ),
    },
    "other": {
        "female": (
            "Yokasta", "Yudelka", "Altagracia", "Massiel", "Yaneris", "Yanelis", "Dayami", "Yaimara",
            "Rosanna", "Wendy",
        ),
        "male": (
            "Ramón", "Wellington", "Yunior", "Starlin", "Yoandri", "Osmany", "Yusniel", "Alexis", "Reinier",
        ),
        "surname": (
            "Peña", "Almonte", "Santana", "Féliz", "Batista", "De la Rosa", "Encarnación", "Rosario",
            "Céspedes", "Hechavarría", "Pupo", "Acosta", "Fonseca",
        ),
    },
}  # fmt: skip


@dataclass(frozen=True)
class Name:
    given_names: str
    paternal_surname: str
    maternal_surname: str


def _peruvian_surname(rng: random.Random, origin: str) -> str:
    roll = rng.random()
    pools: tuple[tuple[float, tuple[str, ...]], ...]
    if origin in AYMARA:
        pools = ((0.40, SURNAMES_AYMARA), (0.70, SURNAMES_QUECHUA))
    elif origin in QUECHUA:
        pools = ((0.55, SURNAMES_QUECHUA), (0.60, SURNAMES_AYMARA))
    elif origin in AMAZONIAN:
        pools = ((0.35, SURNAMES_AMAZONIAN), (0.45, SURNAMES_QUECHUA))
    else:
        pools = ((0.20, SURNAMES_QUECHUA), (0.25, SURNAMES_AYMARA))
    for threshold, pool in pools:
        if roll < threshold:
            return rng.choice(pool)
    return rng.choice(SURNAMES_HISPANIC)


def _peruvian_given(rng: random.Random, sex: str, born: int) -> str:
    female = sex == "female"
    if born >= 2000 and rng.random() < 0.5:
        return rng.choice(FEMALE_PE_YOUNG if female else MALE_PE_YOUNG)
    if rng.random() < 0.45:
        return rng.choice(FEMALE_PE_COMPOUND if female else MALE_PE_COMPOUND)
    return rng.choice(FEMALE_PE if female else MALE_PE)


def person_name(rng: random.Random, nationality: str, sex: str, *, born: int, origin: str) -> Name:
    """A name as a person of this nationality, sex, birth year and region of origin would plausibly have."""
    if nationality == "PE":
        paternal = _peruvian_surname(rng, origin)
        maternal = _peruvian_surname(rng, origin)
        while maternal == paternal and rng.random() < 0.9:
            maternal = _peruvian_surname(rng, origin)
        return Name(_peruvian_given(rng, sex, born), paternal, maternal)
    lists = FOREIGN.get(nationality, FOREIGN["other"])
    given = rng.choice(lists["female" if sex == "female" else "male"])
    paternal, maternal = rng.sample(lists["surname"], 2)
    return Name(given, paternal, maternal)
