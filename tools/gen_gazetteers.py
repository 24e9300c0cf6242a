#!/usr/bin/env python3
"""gen_gazetteers.py: writes data/gazetteers/*.txt for the NER tagger.

Sources (Debian packages installed by scripts/deps.sh, plus hand-written
lists in this file):
  countries     iso-codes  /usr/share/iso-codes/json/iso_3166-1.json, 3166-3
  subdivisions  iso-codes  iso_3166-2.json (states, provinces, regions ...)
  cities        tzdata     /usr/share/zoneinfo/zone1970.tab, zone.tab (city of
                           each time zone)
  languages     iso-codes  iso_639-2.json
  currencies    iso-codes  iso_4217.json
  demonyms, titles, organizations   hand-written below (general English words)
Each entry is one line, tokenised the way herald tokenises text (spaces
between tokens, punctuation split off). The tagger uses the lists only as
membership features, never as rules.
Usage: python3 tools/gen_gazetteers.py [OUT_DIR]   (Python stdlib only)
"""
import json
import os
import re
import sys

ISO = "/usr/share/iso-codes/json"
ZONES = ["/usr/share/zoneinfo/zone1970.tab", "/usr/share/zoneinfo/zone.tab"]

DEMONYMS = """Afghan Albanian Algerian American Andorran Angolan Argentine Argentinian Armenian
Australian Austrian Azerbaijani Bahraini Bangladeshi Belarusian Belgian Bolivian Bosnian
Brazilian British Bulgarian Burmese Burundian Cambodian Cameroonian Canadian Chadian Chilean
Chinese Colombian Congolese Croatian Cuban Cypriot Czech Danish Dutch Ecuadorian Egyptian
Emirati English Eritrean Estonian Ethiopian European Filipino Finnish French Gabonese Georgian
German Ghanaian Greek Guatemalan Guinean Haitian Honduran Hungarian Icelandic Indian Indonesian
Iranian Iraqi Irish Israeli Italian Ivorian Jamaican Japanese Jordanian Kazakh Kenyan Korean
Kosovar Kurdish Kuwaiti Kyrgyz Lao Latvian Lebanese Liberian Libyan Lithuanian Luxembourgish
Macedonian Malagasy Malawian Malaysian Malian Maltese Mauritanian Mexican Moldovan Mongolian
Montenegrin Moroccan Mozambican Namibian Nepalese Nicaraguan Nigerian Nigerien Norwegian Omani
Pakistani Palestinian Panamanian Paraguayan Persian Peruvian Polish Portuguese Qatari Romanian
Russian Rwandan Saudi Scottish Senegalese Serbian Sierra Leonean Singaporean Slovak Slovenian
Somali South African Spanish Sri Lankan Sudanese Swedish Swiss Syrian Taiwanese Tajik Tanzanian
Thai Tibetan Togolese Tunisian Turkish Turkmen Ugandan Ukrainian Uruguayan Uzbek Venezuelan
Vietnamese Welsh Yemeni Yugoslav Zambian Zimbabwean Arab Asian African Latin Western Soviet
Balkan Baltic Scandinavian Caribbean Nordic Sunni Shiite Shia Muslim Christian Jewish Catholic
Protestant Hindu Buddhist Sikh Orthodox Alawite Kurd Pashtun Sahrawi Hispanic Latino Iberian
Americans Britons Germans Russians Syrians Iraqis Iranians Israelis Palestinians Saudis Turks
Afghans Pakistanis Indians Chinese Koreans Kurds Arabs Europeans Africans Asians Muslims
Christians Jews Catholics Sunnis Shiites Egyptians Libyans Yemenis Ukrainians Mexicans
Canadians Australians Japanese French Democrats Republicans Latinos Latina Latinas
Hispanics Asian-Americans African-Americans Arab-Americans Jewish-Americans Europeans"""
# Multi-word demonyms joined by the split above are listed explicitly.
DEMONYM_PHRASES = ["Sierra Leonean", "South African", "Sri Lankan", "South Korean",
                   "North Korean", "New Zealander", "Saudi Arabian", "Latin American",
                   "Middle Eastern", "South Sudanese", "Puerto Rican", "Costa Rican"]

# Role heads and modifiers (general English; used by the tagger as features
# and by src/ner/titles.c as the role vocabulary).
TITLES = """President Vice Prime Minister Secretary Senator Sen. Representative Rep. Congressman
Congresswoman Governor Gov. Mayor Chancellor King Queen Prince Princess Pope Cardinal Bishop
Archbishop Ayatollah Sheikh Emir Sultan General Gen. Colonel Col. Lieutenant Lt. Major Maj.
Captain Capt. Admiral Adm. Sergeant Sgt. Commander Chief Director Chairman Chairwoman Chair
Spokesman Spokeswoman Spokesperson Ambassador Envoy Attorney Judge Justice Speaker Leader
Minority Majority Whip Deputy Assistant Undersecretary Under-Secretary Commissioner Inspector
Officer Official Aide Adviser Advisor Counselor Premier Dr. Mr. Mrs. Ms. Miss Sir Dame Lord
Lady Rev. Reverend Father Rabbi Imam Professor Prof. Coach Manager Striker Midfielder Defender
Goalkeeper Candidate Nominee Hopeful Frontrunner Founder Executive CEO CFO COO Chief President-elect
Foreign Defense Defence Interior Finance Justice Health State Homeland Security Treasury Energy
Commerce Labor Education Agriculture Trade Special Senior Former Acting Interim First Lady Gentleman""".split()

ORG_WORDS = """Inc Inc. Corp Corp. Co Co. Ltd Ltd. Plc PLC LLC AG SA NV GmbH Group Holdings Bank
Party Committee Council Ministry Department Agency Commission Association Federation Union
University College Institute Foundation Organization Organisation Administration Authority
Bureau Court Parliament Congress Senate Assembly Army Navy Force Forces Police Front Brigade
Brigades Movement Alliance League Club United City Times Post Journal News Press Network
Television Radio Airlines Airways Motors Exchange Fund Trust Society Center Centre Office
Service Services Board Reserve Coalition Caucus Campaign Network Group Institute Council
Partei Parti Partido Partito Partij Partia Partiya Frente Front Bund Verband Ministerium
Jabhat Jabhet Harakat Harakah Hizb Hezb Hizbullah Jaish Jaysh Liwa Kataib Katibat Ansar
Ahrar Tanzim Majlis Muntada Tayyar Haraket Cephe Hareketi Partisi Sabha Dal Sangh Morcha
Sena Samaj Sangathan""".split()
# The last three lines: the words that head organisation names in other
# languages news writes them in (party, front, movement, army, brigade,
# council, assembly: German, French, Spanish, Italian, Dutch, Russian,
# Arabic and Persian transliterations, Turkish, Hindi).


def clean(name):
    """One tokenised gazetteer line, or None."""
    name = re.sub(r"\s*\(.*?\)\s*", " ", name)
    if "," in name:  # "Korea, Republic of" -> keep the part before the comma
        name = name.split(",")[0]
    name = re.sub(r"([.;:!?\"])(\s|$)", r" \1\2", name)
    name = re.sub(r"'s\b", " 's", name)
    name = " ".join(name.split())
    return name if 1 < len(name) < 60 else None


def iso(file, key):
    with open(os.path.join(ISO, file), encoding="utf-8") as f:
        return json.load(f)[key]


def write(out, list_name, names, source):
    uniq = sorted({n for n in (clean(x) for x in names) if n})
    with open(os.path.join(out, list_name + ".txt"), "w", encoding="utf-8") as f:
        f.write("# generated by tools/gen_gazetteers.py from %s; do not edit\n" % source)
        for n in uniq:
            f.write(n + "\n")
    return len(uniq)


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else "data/gazetteers"
    os.makedirs(out, exist_ok=True)
    countries = []
    for c in iso("iso_3166-1.json", "3166-1"):
        for k in ("name", "common_name", "official_name"):
            if k in c:
                countries.append(c[k])
    for c in iso("iso_3166-3.json", "3166-3"):
        countries.append(c["name"])
    subs = [s["name"] for s in iso("iso_3166-2.json", "3166-2")]
    cities = []
    for z in ZONES:
        with open(z, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 3:
                    cities.append(cols[2].split("/")[-1].replace("_", " "))
    langs = []
    for l in iso("iso_639-2.json", "639-2"):
        langs.extend(x.strip() for x in l["name"].split(";"))
    currencies = [c["name"] for c in iso("iso_4217.json", "4217")]
    counts = {
        "countries": write(out, "countries", countries, "iso-codes (ISO 3166-1, 3166-3)"),
        "subdivisions": write(out, "subdivisions", subs, "iso-codes (ISO 3166-2)"),
        "cities": write(out, "cities", cities, "tzdata (zone1970.tab, zone.tab)"),
        "languages": write(out, "languages", langs, "iso-codes (ISO 639-2)"),
        "currencies": write(out, "currencies", currencies, "iso-codes (ISO 4217)"),
        "demonyms": write(out, "demonyms", DEMONYMS.split() + DEMONYM_PHRASES,
                          "a hand-written list in the tool"),
        "titles": write(out, "titles", TITLES, "a hand-written list in the tool"),
        "organizations": write(out, "organizations", ORG_WORDS,
                               "a hand-written list of organisation name heads in the tool"),
    }
    for k, v in counts.items():
        print("%-14s %6d" % (k, v))


if __name__ == "__main__":
    main()
