"""Addresses -> organisation and country (graph.load.address) and group authors
(graph.load.groups), on real-shaped addresses and names; expected values hand-checked."""

from __future__ import annotations

import pytest

from graph.load.address import normalise_country, parse_address, split_addresses
from graph.load.groups import is_group_name

# Web of Science C1 addresses: the organisation is the first segment.
WOS = [
    ("Univ Oxford, Dept Phys, Oxford OX1 3PU, England.", "Univ Oxford", "United Kingdom"),
    ("Harvard Univ, Sch Publ Hlth, Boston, MA 02115 USA", "Harvard Univ", "United States"),
    ("Chinese Acad Sci, Inst Phys, Beijing 100190, Peoples R China", "Chinese Acad Sci", "China"),
    (
        "Natl Univ Def Technol, Coll Mechatron & Automat, Changsha 410073, Hunan, Peoples R China",
        "Natl Univ Def Technol",
        "China",
    ),
    ("Univ Hong Kong, Sch Publ Hlth, Hong Kong, Peoples R China", "Univ Hong Kong", "China"),
    (
        "Nottingham Trent Univ, Comp & Technol, Nottingham, England",
        "Nottingham Trent Univ",
        "United Kingdom",
    ),
    ("Menia Univ, Fac Comp & Informat, Al Minya, Egypt", "Menia Univ", "Egypt"),
    ("Yonsei Univ, Dept Architectural Engn, Seoul, South Korea", "Yonsei Univ", "South Korea"),
    (
        "Univ Edinburgh, Sch Informat, Edinburgh EH8 9AB, Midlothian, Scotland",
        "Univ Edinburgh",
        "United Kingdom",
    ),
    (
        "Queens Univ Belfast, Belfast BT7 1NN, Antrim, North Ireland",
        "Queens Univ Belfast",
        "United Kingdom",
    ),
    ("Khalifa Univ, Abu Dhabi, U Arab Emirates", "Khalifa Univ", "United Arab Emirates"),
    (
        "Moscow MV Lomonosov State Univ, Moscow 119991, Russia",
        "Moscow MV Lomonosov State Univ",
        "Russia",
    ),
    ("Natl Taiwan Univ, Taipei 10617, Taiwan", "Natl Taiwan Univ", "Taiwan"),
    ("Istanbul Tech Univ, Istanbul, Turkiye", "Istanbul Tech Univ", "Türkiye"),
    ("Tech Univ Munich, Munich, Fed Rep Ger", "Tech Univ Munich", "Germany"),
    ("Waseda Univ, Dept Appl Chem, Shinjuku Ku, Tokyo 1698555, Japan.", "Waseda Univ", "Japan"),
    (
        "Beth Israel Deaconess Med Ctr, Dept Neonatol, Boston, MA 02215 USA",
        "Beth Israel Deaconess Med Ctr",
        "United States",
    ),
    ("Tbilisi State Univ, Tbilisi 0179, Rep of Georgia", "Tbilisi State Univ", "Georgia"),
    (
        "UNIV WESTERN ONTARIO, DEPT COMP SCI, LONDON N6A 5B7, ONTARIO, CANADA.",
        "UNIV WESTERN ONTARIO",
        "Canada",
    ),
]

# Scopus, PubMed, IEEE, Dimensions: the segment naming the organisation.
OTHER = [
    (
        "Department of Physics, University of Oxford, Oxford, United Kingdom",
        "University of Oxford",
        "United Kingdom",
    ),
    (
        "Beckman Institute, University of Illinois at Urbana-Champaign, Urbana, IL 61801, "
        "United States",
        "University of Illinois at Urbana-Champaign",
        "United States",
    ),
    (
        "UMR CNRS/UHP 7565, Université Henri Poincaré, 54506 Vandaeuvre-les-Nancy, Cedex, France",
        "Université Henri Poincaré",
        "France",
    ),
    (
        "Institute of Physics, Chinese Academy of Sciences, Beijing, China",
        "Chinese Academy of Sciences",
        "China",
    ),
    (
        "Department of Medicine, Massachusetts General Hospital, Boston, MA, USA",
        "Massachusetts General Hospital",
        "United States",
    ),
    (
        "Department of Health Sciences Research, Mayo Clinic, Rochester, MN, USA.",
        "Mayo Clinic",
        "United States",
    ),
    (
        "Max Planck Institute for Informatics, Saarbrücken, Germany",
        "Max Planck Institute for Informatics",
        "Germany",
    ),
    ("Google Research, Mountain View, CA, USA", "Google Research", "United States"),
    (
        "Lawrence Berkeley National Laboratory, Berkeley, CA 94720, USA",
        "Lawrence Berkeley National Laboratory",
        "United States",
    ),
    ("Institute of Cancer Research, London, UK", "Institute of Cancer Research", "United Kingdom"),
    (
        "School of Computing, National University of Singapore, Singapore",
        "National University of Singapore",
        "Singapore",
    ),
    (
        "Department of Computer Science, ETH Zurich, Zurich, Switzerland",
        "ETH Zurich",
        "Switzerland",
    ),
    ("I/O Doctors, LLC, Hanska, MN, USA", "I/O Doctors, LLC", "United States"),
    ("Tencent AI Lab, Shenzhen, China", "Tencent AI Lab", "China"),
    (
        "Key Laboratory of Machine Perception, Peking University, Beijing 100871, China",
        "Peking University",
        "China",
    ),
    ("College of Engineering, Peking University, Beijing, China", "Peking University", "China"),
    (
        "Imperial College London, London SW7 2AZ, United Kingdom",
        "Imperial College London",
        "United Kingdom",
    ),
    (
        "Department of Neurology, Charité – Universitätsmedizin Berlin, Berlin, Germany",
        "Charité – Universitätsmedizin Berlin",
        "Germany",
    ),
    (
        "Memorial Sloan Kettering Cancer Center, New York, NY 10065, USA",
        "Memorial Sloan Kettering Cancer Center",
        "United States",
    ),
    (
        "IBM T.J. Watson Research Center, Yorktown Heights, NY, USA",
        "IBM T.J. Watson Research Center",
        "United States",
    ),
    (
        "Department of Statistics, Seoul National University, Seoul, Korea, Republic of",
        "Seoul National University",
        "South Korea",
    ),
    (
        "Faculdade de Medicina, Universidade de São Paulo, São Paulo, SP, Brazil",
        "Universidade de São Paulo",
        "Brazil",
    ),
    ("Dipartimento di Informatica, Università di Pisa, Pisa, Italy", "Università di Pisa", "Italy"),
    ("Microsoft Research Asia, Beijing, China", "Microsoft Research Asia", "China"),
    (
        "Department of Surgery, Brigham and Women's Hospital, Harvard Medical School, Boston, "
        "MA 02115, USA.",
        "Brigham and Women's Hospital",
        "United States",
    ),
    (
        "Georgia Institute of Technology, Atlanta, GA, USA",
        "Georgia Institute of Technology",
        "United States",
    ),
    (
        "University of New Mexico, Albuquerque, NM 87131",
        "University of New Mexico",
        "United States",
    ),
    (
        "Universidad Nacional Autónoma de México, Ciudad de México, México",
        "Universidad Nacional Autónoma de México",
        "Mexico",
    ),
    (
        "Department of Chemistry, University of Nairobi, Nairobi, Kenya",
        "University of Nairobi",
        "Kenya",
    ),
    ("Oak Ridge National Laboratory,TN,USA", "Oak Ridge National Laboratory", "United States"),
    ("University of Notre Dame", "University of Notre Dame", ""),  # no country written
    ("Univ Lyon, EnsL, UCBL, CNRS, Inria, LIP", "Univ Lyon", ""),
    ("Emory University, Atlanta, Georgia", "Emory University", ""),  # state or country?
    ("Tatung Co., New Taipei, Taiwan", "Tatung Co", "Taiwan"),
]


@pytest.mark.parametrize(("address", "org", "country"), WOS)
def test_wos_addresses(address, org, country):
    a = parse_address(address, style="wos")
    assert (a.organisation, a.country) == (org, country)
    assert a.address == address.rstrip(".")


@pytest.mark.parametrize(("address", "org", "country"), OTHER)
def test_organisation_and_country(address, org, country):
    a = parse_address(address)
    assert (a.organisation, a.country) == (org, country)


def test_full_address_keeps_the_text_without_email():
    a = parse_address(
        "Dept X, Mayo Clinic, Rochester, MN, USA. Electronic address: someone@mayo.edu."
    )
    assert a.address == "Dept X, Mayo Clinic, Rochester, MN, USA"
    assert parse_address("Univ A, Oslo, Norway (jane@uio.no)").address == "Univ A, Oslo, Norway"


@pytest.mark.parametrize(
    ("segment", "country"),
    [
        ("USA", "United States"),
        ("U.S.A.", "United States"),
        ("Peoples R China", "China"),
        ("PEOPLES R CHINA", "China"),
        ("England", "United Kingdom"),
        ("Wales", "United Kingdom"),
        ("The Netherlands", "Netherlands"),
        ("Deutschland", "Germany"),
        ("Viet Nam", "Vietnam"),
        ("Iran", "Iran"),
        ("Czech Republic", "Czech Republic"),
        ("MA 02115 USA", "United States"),
        ("CA 94305", "United States"),
        ("D-79104 Germany", "Germany"),
        ("CA", ""),  # a state code, never Canada
        ("IN", ""),
        ("Paris", ""),
        ("New Mexico", ""),
        ("Oxford OX1 3PU", ""),
        ("Georgia", ""),
        ("", ""),
    ],
)
def test_normalise_country(segment, country):
    assert normalise_country(segment) == country


def test_split_addresses_only_when_each_part_ends_in_a_country():
    assert split_addresses("Dept A, Univ X, Oslo, Norway; Dept B, Univ Y, Lund, Sweden.") == [
        "Dept A, Univ X, Oslo, Norway",
        "Dept B, Univ Y, Lund, Sweden.",
    ]
    one = "Dept A; Dept B, Univ X, Oslo, Norway"
    assert split_addresses(one) == [one]


GROUPS = [
    "DELTA Study Grp",
    "ATLAS Collaboration",
    "CMS Collaboration",
    "Finnish Diabetes Prevention Study Group",
    "ALS Study Group",
    "COVIDSurg Collaborative",
    "GBD 2019 Diseases and Injuries Collaborators",
    "Writing Committee for the ACCORD Trial",
    "SPRINT Research Group",
    "International HapMap Consortium",
    "The Grace Group",
    "Early Breast Cancer Trialists' Collaborative Group",
    "Children's Oncology Group",
    "NRG Oncology Group",
    "Graph Trials Investigators",
    "European Society of Cardiology",
    "American Diabetes Association",
    "UK Biobank Working Group",
    "Human Genome Project Team",
    "Lancet Countdown on Health and Climate Change Group",
]
PERSONS = [
    "Grace Group",  # two words, no qualifier: a person named Group (see graph/load/groups.py)
    "Ada Lovelace",
    "Jan van der Berg",
    "Barnes and Noble",
    "J. Group",
    "Mary Team",
    "Li, A.",
    "Smith J.",
    "Group",
    "",
    "Martin Luther King Jr.",
    "Maria Networking",
]


@pytest.mark.parametrize("name", GROUPS)
def test_group_names(name):
    assert is_group_name(name)


@pytest.mark.parametrize("name", PERSONS)
def test_person_names(name):
    assert not is_group_name(name)
