"""Generate data/regions.yaml: UN member states (ISO 3166-1 alpha-3) mapped to UNCCD regions.

Run once by hand when the mapping changes; the YAML it writes is the reviewed artefact.
"""

from pathlib import Path

AFRICA = """DZA Algeria;AGO Angola;BEN Benin;BWA Botswana;BFA Burkina Faso;BDI Burundi;CPV Cabo Verde;CMR Cameroon;CAF Central African Republic;TCD Chad;COM Comoros;COG Congo;COD Democratic Republic of the Congo;CIV Côte d'Ivoire;DJI Djibouti;EGY Egypt;GNQ Equatorial Guinea;ERI Eritrea;SWZ Eswatini;ETH Ethiopia;GAB Gabon;GMB Gambia;GHA Ghana;GIN Guinea;GNB Guinea-Bissau;KEN Kenya;LSO Lesotho;LBR Liberia;LBY Libya;MDG Madagascar;MWI Malawi;MLI Mali;MRT Mauritania;MUS Mauritius;MAR Morocco;MOZ Mozambique;NAM Namibia;NER Niger;NGA Nigeria;RWA Rwanda;STP Sao Tome and Principe;SEN Senegal;SYC Seychelles;SLE Sierra Leone;SOM Somalia;ZAF South Africa;SSD South Sudan;SDN Sudan;TZA United Republic of Tanzania;TGO Togo;TUN Tunisia;UGA Uganda;ZMB Zambia;ZWE Zimbabwe"""
ASIA = """AFG Afghanistan;BHR Bahrain;BGD Bangladesh;BTN Bhutan;BRN Brunei Darussalam;KHM Cambodia;CHN China;PRK Democratic People's Republic of Korea;FJI Fiji;IND India;IDN Indonesia;IRN Iran (Islamic Republic of);IRQ Iraq;JOR Jordan;KAZ Kazakhstan;KIR Kiribati;KWT Kuwait;KGZ Kyrgyzstan;LAO Lao People's Democratic Republic;LBN Lebanon;MYS Malaysia;MDV Maldives;MHL Marshall Islands;FSM Micronesia (Federated States of);MNG Mongolia;MMR Myanmar;NRU Nauru;NPL Nepal;OMN Oman;PAK Pakistan;PLW Palau;PNG Papua New Guinea;PHL Philippines;QAT Qatar;KOR Republic of Korea;WSM Samoa;SAU Saudi Arabia;SGP Singapore;SLB Solomon Islands;LKA Sri Lanka;SYR Syrian Arab Republic;TJK Tajikistan;THA Thailand;TLS Timor-Leste;TON Tonga;TKM Turkmenistan;TUV Tuvalu;ARE United Arab Emirates;UZB Uzbekistan;VUT Vanuatu;VNM Viet Nam;YEM Yemen"""
LAC = """ATG Antigua and Barbuda;ARG Argentina;BHS Bahamas;BRB Barbados;BLZ Belize;BOL Bolivia (Plurinational State of);BRA Brazil;CHL Chile;COL Colombia;CRI Costa Rica;CUB Cuba;DMA Dominica;DOM Dominican Republic;ECU Ecuador;SLV El Salvador;GRD Grenada;GTM Guatemala;GUY Guyana;HTI Haiti;HND Honduras;JAM Jamaica;MEX Mexico;NIC Nicaragua;PAN Panama;PRY Paraguay;PER Peru;KNA Saint Kitts and Nevis;LCA Saint Lucia;VCT Saint Vincent and the Grenadines;SUR Suriname;TTO Trinidad and Tobago;URY Uruguay;VEN Venezuela (Bolivarian Republic of)"""
NMED = """CYP Cyprus;GRC Greece;ITA Italy;MLT Malta;PRT Portugal;ESP Spain;TUR Türkiye;ISR Israel"""
CEE = """ALB Albania;ARM Armenia;AZE Azerbaijan;BLR Belarus;BIH Bosnia and Herzegovina;BGR Bulgaria;HRV Croatia;CZE Czechia;EST Estonia;GEO Georgia;HUN Hungary;LVA Latvia;LTU Lithuania;MNE Montenegro;MKD North Macedonia;POL Poland;MDA Republic of Moldova;ROU Romania;RUS Russian Federation;SRB Serbia;SVK Slovakia;SVN Slovenia;UKR Ukraine"""
OTHER = """AND Andorra;AUS Australia;AUT Austria;BEL Belgium;CAN Canada;DNK Denmark;FIN Finland;FRA France;DEU Germany;ISL Iceland;IRL Ireland;JPN Japan;LIE Liechtenstein;LUX Luxembourg;MCO Monaco;NLD Netherlands;NZL New Zealand;NOR Norway;SMR San Marino;SWE Sweden;CHE Switzerland;GBR United Kingdom of Great Britain and Northern Ireland;USA United States of America"""
# Where annex membership is not a plain matter of geography (declared affected Parties,
# countries that joined an annex later), the mapping is marked as an estimate.
UNCERTAIN = {
    "ISR",
    "CYP",
    "MLT",
    "AZE",
    "GEO",
    "EST",
    "LTU",
    "CZE",
    "SVK",
    "BLR",
    "RUS",
    "UKR",
    "SVN",
    "HRV",
    "SRB",
    "MNE",
    "BIH",
}

# Countries that are also affected country Parties of a second regional annex: Albania and Hungary
# take part in Annex IV (Northern Mediterranean) as well as Annex V (UNCCD's Annex IV page: of its
# 12 affected members "all but two (Portugal and Hungary) are within the Mediterranean Basin, and
# all but one (Albania) have drylands").
ALSO_IN = {"ALB": ["northern_mediterranean"], "HUN": ["northern_mediterranean"]}

# GDP price-level ratios to the US (PPP conversion factor / market exchange rate, US = 1) for 2021,
# the year of the International Comparison Program round, as the World Bank's World Development
# Indicators give them (indicator PA.NUS.PPPC.RF, source id wdi_pppc_2021). The values are copied
# unchanged into price_levels_2021.csv beside this file; countries without a 2021 value take their
# region's median.
import csv

HERE = Path(__file__).resolve().parent
LEVELS = {r["iso3"]: float(r["price_level"]) for r in csv.DictReader((HERE / "price_levels_2021.csv").open(encoding="utf-8"))}


def median(values):
    v = sorted(values)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


groups = [
    ("africa", AFRICA),
    ("asia_pacific", ASIA),
    ("latin_america_caribbean", LAC),
    ("northern_mediterranean", NMED),
    ("central_eastern_europe", CEE),
    ("other", OTHER),
]
rows = []
for region, text in groups:
    for item in text.split(";"):
        code, name = item.split(" ", 1)
        rows.append((code, name, region))
assert len(rows) == 193, len(rows)
assert len({r[0] for r in rows}) == 193


def q(s):
    return '"' + s.replace('"', '\\"') + '"'


out = [
    "# yaml-language-server: $schema=../schema/regions.schema.json",
    "# UNCCD regions and the 193 UN member states. Generated by tools/make_regions.py; edit there.",
    "# cost_level is a price-level ratio to the United States (US = 1.0), from one source for every country",
    "# (World Bank WDI, 2021, the ICP reference year): labour-heavy costs observed in one place are scaled",
    "# by the ratio of the site's level to the level where they were observed.",
    "regions:",
]
NAMES = [
    ("africa", "Africa", "Annex I"),
    ("asia_pacific", "Asia and the Pacific", "Annex II"),
    ("latin_america_caribbean", "Latin America and the Caribbean", "Annex III"),
    ("northern_mediterranean", "Northern Mediterranean", "Annex IV"),
    ("central_eastern_europe", "Central and Eastern Europe", "Annex V"),
    ("other", "Other countries (no regional annex)", None),
]
REGIONS = [(rid, name, annex, round(median([LEVELS[c] for c, _, r in rows if r == rid and c in LEVELS]), 3)) for rid, name, annex in NAMES]
ZH = {
    "africa": "非洲",
    "asia_pacific": "亚洲及太平洋",
    "latin_america_caribbean": "拉丁美洲和加勒比",
    "northern_mediterranean": "北地中海",
    "central_eastern_europe": "中欧和东欧",
    "other": "其他国家",
}
for rid, name, annex, level in REGIONS:
    count = sum(1 for c, _, r in rows if r == rid and c in LEVELS)
    out.append(f"  - id: {rid}")
    out.append(f"    name: {q(name)}")
    out.append(f"    unccd_annex: {q(annex) if annex else 'null'}")
    out.append(f"    cost_level: {level}")
    out.append("    source: wdi_pppc_2021")
    out.append("    estimate: true")
    out.append(
        f'    note: "Median of the 2021 price-level ratios of the region\'s {count} countries with a value (wdi_pppc_2021); used for countries of the region without their own."'
    )
    out.append(f"    translations: {{zh: {{name: {ZH[rid]}}}}}")
out.append("countries:")
for code, name, region in rows:
    est = "true" if code in UNCERTAIN else "false"
    level = f", cost_level: {LEVELS[code]:.3f}, cost_level_source: wdi_pppc_2021, cost_level_year: 2021" if code in LEVELS else ""
    also = f", also_in: [{', '.join(ALSO_IN[code])}], also_in_source: unccd_annex_iv" if code in ALSO_IN else ""
    out.append(f"  - {{iso3: {code}, name: {q(name)}, region: {region}{also}{level}, source: unccd_regions, estimate: {est}}}")
out += [
    "sources:",
    '  - {id: unccd_regions, title: "UNCCD regional implementation annexes (Annexes I-V) and the country Parties of each region", author: UNCCD, year: 2024, url: "https://www.unccd.int/convention/regions", kind: official_report}',
    '  - {id: wdi_pppc_2021, title: "Price level ratio of PPP conversion factor (GDP) to market exchange rate (PA.NUS.PPPC.RF), 2021, World Development Indicators (release of 7 October 2025; 2021 is the reference year of the International Comparison Program)", author: World Bank, year: 2025, url: "https://data.worldbank.org/indicator/PA.NUS.PPPC.RF", kind: official_report}',
    '  - {id: icp_2021, title: "Purchasing Power Parities and the Size of World Economies: Results from the 2021 International Comparison Program", author: World Bank, year: 2024, url: "https://www.worldbank.org/en/programs/icp", kind: official_report}',
    '  - {id: unccd_annex_iv, title: "Annex IV: Northern Mediterranean (regional implementation annex and its affected country members)", author: UNCCD, year: 2024, url: "https://www.unccd.int/convention/regions/annex-iv-northern-mediterranean", kind: official_report}',
    '  - {id: un_members, title: "Member States of the United Nations", author: United Nations, year: 2024, url: "https://www.un.org/en/about-us/member-states", kind: official_report}',
]
Path(__file__).resolve().parents[1].joinpath("data", "regions.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
print("wrote", len(rows), "countries")
